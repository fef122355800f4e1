import type { Cart } from '@cartkit/contract';
import { defaultStorage, type StorageAdapter, storageKeys, writeJson } from './store/storage.js';

/** What {@link handleReminderLink} did with the page's fragment. */
export type ReminderLinkResult =
  /** No reminder link in the fragment: nothing done. */
  | { readonly kind: 'none' }
  /**
   * The link's lines were added into this browser's own cart (`cart`, as the server answered; the
   * next client created here shows it). The reminded cart itself stays where it was.
   */
  | { readonly kind: 'restored'; readonly cart: Cart }
  /** No reminder will be sent for that cart. */
  | { readonly kind: 'unsubscribed' }
  /** The server refused the link (`status` 400/403/404/429…), its reason in `detail`; nothing changed. */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string };

export interface ReminderLinkOptions {
  /** The same `apiUrl` the page's cart client uses (the stored token is scoped by it). */
  readonly apiUrl: string;
  /** Where the cart client keeps its token; default `localStorage` in browsers. */
  readonly storage?: StorageAdapter;
  /** The fragment to read; default `location.hash`, which is then removed from the address bar. */
  readonly hash?: string;
  readonly fetch?: typeof fetch;
}

/**
 * Follows an abandoned-cart reminder link: `#cartkit-restore=<cart>&token=<t>`
 * copies that cart's lines into this browser's own anonymous cart (`POST /cart/restore`
 * with the token the cart client keeps; a browser with none gets one first, as its
 * first add would); nothing already in it is lost, the link adds once however often it
 * is followed, and no token for the reminded cart ever reaches this browser (so a link
 * sent by someone else cannot put it in a cart they can read). A signed-in shopper's
 * client then merges that cart into the account as at sign-in;
 * `#cartkit-unsubscribe=<cart>&token=<t>` stops that cart's reminder
 * (`POST /cart/reminders/unsubscribe`). Call it before creating the page's cart
 * client (`<shopping-cart>` calls it itself). Its own entry,
 * `@cartkit/cart-sdk/reminder-links`, not the index: a page that does not call
 * it does not ship it, and no bundler puts it in a first load because a lazy
 * chunk calls it. The fragment leaves the address bar and the history at once:
 * the token must not stay in a shared link.
 *
 * @example
 * ```ts
 * import { createCartClient } from '@cartkit/cart-sdk';
 * import { handleReminderLink } from '@cartkit/cart-sdk/reminder-links';
 *
 * await handleReminderLink({ apiUrl: '/api' });
 * const client = createCartClient({ apiUrl: '/api' });
 * ```
 */
export async function handleReminderLink(options: ReminderLinkOptions): Promise<ReminderLinkResult> {
  const fromLocation = options.hash === undefined;
  const hash = options.hash ?? (typeof location === 'undefined' ? '' : location.hash);
  const kind = hash.startsWith('#cartkit-restore=')
    ? 'restore'
    : hash.startsWith('#cartkit-unsubscribe=')
      ? 'unsubscribe'
      : undefined;
  if (!kind) return { kind: 'none' };
  const params = new URLSearchParams(hash.slice(1));
  if (fromLocation && typeof history !== 'undefined') {
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const storage = options.storage ?? defaultStorage();
  const tokenKey = storageKeys(apiUrl).cartToken;
  const body = JSON.stringify({ cart: params.get(`cartkit-${kind}`) ?? '', token: params.get('token') ?? '' });
  const post = (path: string, headers: Record<string, string> = {}) =>
    doFetch(`${apiUrl}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  let response: Response;
  if (kind === 'unsubscribe') {
    response = await post('cart/reminders/unsubscribe');
  } else {
    // Read here, not with the store's `readJson`: sharing it would add an export to the element's first load.
    let stored: unknown;
    try {
      stored = JSON.parse((await storage.getItem(tokenKey)) ?? 'null');
    } catch {
      stored = null; // unreadable: as none
    }
    const own = typeof stored === 'string' ? await post('cart/restore', { 'x-cart-token': stored }) : undefined;
    if (own !== undefined && own.status !== 401) {
      response = own;
    } else {
      // No cart in this browser yet, or its anonymous cart expired (401, as the client would find): a new
      // one, as the first add would make it, kept only if the link's lines went into it.
      const anonymous = await doFetch(`${apiUrl}/cart/anonymous`, { method: 'POST' });
      if (!anonymous.ok) return refused(anonymous);
      const { cartToken } = (await anonymous.json()) as { cartToken: string };
      response = await post('cart/restore', { 'x-cart-token': cartToken });
      if (response.ok) await writeJson(storage, tokenKey, cartToken);
    }
  }
  if (!response.ok) return refused(response);
  if (kind === 'unsubscribe') return { kind: 'unsubscribed' };
  return { kind: 'restored', cart: (await response.json()) as Cart };
}

async function refused(response: Response): Promise<ReminderLinkResult> {
  const problem = (await response.json().catch(() => ({}))) as { detail?: unknown };
  const detail = typeof problem.detail === 'string' ? problem.detail : `The link was refused (${response.status}).`;
  return { kind: 'refused', status: response.status, detail };
}
