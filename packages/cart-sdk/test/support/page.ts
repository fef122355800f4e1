import { vi } from 'vitest';

/** A Storage (sessionStorage) backed by a Map. */
export function mapStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

/** A popup window as `window.open` returns it: where it was sent, whether it is closed. */
export interface FakePopup {
  location: { href: string };
  closed: boolean;
  close(): void;
}

export function fakePopup(): FakePopup {
  return {
    location: { href: 'about:blank' },
    closed: false,
    close() {
      this.closed = true;
    },
  };
}

/**
 * A browser page for the SDK in Node: `location` (its fragment, `assign` recorded),
 * `history.replaceState`, `sessionStorage`, `window` (an EventTarget for messages)
 * and `open` (popups recorded, or blocked), stubbed as globals until `vi.unstubAllGlobals()`.
 */
export function stubPage(href: string) {
  let url = new URL(href);
  const assigned: string[] = [];
  const popups: FakePopup[] = [];
  const page = {
    assigned,
    popups,
    /** `open` returns null, as when a blocker refuses the popup. */
    blockPopups: false,
    sessionStorage: mapStorage(),
    window: new EventTarget(),
    /** A new load of the page at `next` (the same tab: sessionStorage stays). */
    load(next: string) {
      url = new URL(next, url);
    },
    get url() {
      return url.href;
    },
  };
  const location = {
    get href() {
      return url.href;
    },
    get origin() {
      return url.origin;
    },
    get pathname() {
      return url.pathname;
    },
    get search() {
      return url.search;
    },
    get hash() {
      return url.hash;
    },
    assign: (next: string) => void assigned.push(next),
  };
  const history = {
    state: null,
    replaceState: (_state: unknown, _title: string, next: string) => {
      url = new URL(next, url);
    },
  };
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', history);
  vi.stubGlobal('sessionStorage', page.sessionStorage);
  vi.stubGlobal('window', page.window);
  vi.stubGlobal('open', () => {
    if (page.blockPopups) return null;
    const popup = fakePopup();
    popups.push(popup);
    return popup;
  });
  return page;
}

/** A message as a window receives it (`event.origin`, `event.source`, `event.data`). */
export function message(data: unknown, origin: string, source: unknown): MessageEvent {
  const event = new Event('message') as MessageEvent;
  Object.defineProperties(event, {
    data: { value: data },
    origin: { value: origin },
    source: { value: source },
  });
  return event;
}
