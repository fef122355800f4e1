import type { Accounts } from '../auth/accounts.js';
import type { Store } from '../store/store.js';
import type { MutationQueue } from './mutation-queue.js';

/** What connectivity needs from the client. */
export interface ConnectivityDeps {
  store: Pick<Store, 'dispatch'>;
  queue: Pick<MutationQueue, 'paused' | 'resume'>;
  /** Once the queue replayed in full: finishes a sign-in whose merge waited for the network. */
  accounts: Pick<Accounts, 'finishMerge'>;
  /** `GET /cart` into the store (on `online`: what changed meanwhile). */
  refresh(): Promise<unknown>;
  /** Set by `destroy()`: no replay is scheduled after it. */
  isDestroyed(): boolean;
}

/**
 * Online or offline, and the replay of the offline queue. Offline is what the
 * browser or the host says (`navigator.onLine`, `offline`/`online` events,
 * `setOnline()`); Node has no `navigator` and counts as online. A waiting queue
 * replays on `online`, after any successful request, or on a backoff timer.
 */
export class Connectivity {
  readonly #deps: ConnectivityDeps;
  /** An `offline` event was seen and no `online` event since. */
  #offlineEvent = false;
  /** What the host said with `setOnline()`. */
  #hostOnline = true;
  #replayTimer: ReturnType<typeof setTimeout> | undefined;
  #replayAttempt = 0;
  #stopListening: (() => void) | undefined;

  constructor(deps: ConnectivityDeps) {
    this.#deps = deps;
  }

  isOnline(): boolean {
    return this.#hostOnline && !this.#offlineEvent && globalThis.navigator?.onLine !== false;
  }

  setOnline(online: boolean): void {
    if (this.#hostOnline === online) return;
    this.#hostOnline = online;
    if (online) this.#wentOnline();
    else this.#deps.store.dispatch({ type: 'offline', offline: true });
  }

  /** Listen to the browser's `online`/`offline` events (browsers only). */
  listen(): void {
    const target = globalThis as {
      addEventListener?: typeof addEventListener;
      removeEventListener?: typeof removeEventListener;
    };
    if (typeof target.addEventListener !== 'function' || typeof window === 'undefined') return;
    const online = () => {
      this.#offlineEvent = false;
      this.#wentOnline();
    };
    const offline = () => {
      this.#offlineEvent = true;
      this.#deps.store.dispatch({ type: 'offline', offline: true });
    };
    target.addEventListener('online', online);
    target.addEventListener('offline', offline);
    this.#stopListening = () => {
      target.removeEventListener?.('online', online);
      target.removeEventListener?.('offline', offline);
    };
  }

  /** A request succeeded: the server is reachable, so a waiting queue replays now. */
  reachable(): void {
    if (this.#deps.queue.paused && this.isOnline()) void this.sync().catch(() => undefined);
  }

  /** Replay the offline queue now; then finish a sign-in whose merge waited for the network. */
  async sync(): Promise<void> {
    const { queue } = this.#deps;
    clearTimeout(this.#replayTimer);
    await queue.resume();
    if (queue.paused) return;
    this.#replayAttempt = 0;
    await this.#deps.accounts.finishMerge();
  }

  /** Replay with backoff while the queue waits (the fallback: Node has no `online` event). */
  scheduleReplay(): void {
    if (this.#deps.isDestroyed()) return;
    clearTimeout(this.#replayTimer);
    const delay = Math.min(60_000, 2_000 * 2 ** this.#replayAttempt++);
    this.#replayTimer = setTimeout(
      () => {
        if (!this.isOnline()) return this.scheduleReplay();
        void this.sync().catch(() => undefined);
      },
      delay * (0.5 + Math.random() / 2),
    );
  }

  stop(): void {
    clearTimeout(this.#replayTimer);
    this.#stopListening?.();
  }

  #wentOnline(): void {
    if (!this.isOnline()) return;
    this.#replayAttempt = 0;
    if (!this.#deps.queue.paused) this.#deps.store.dispatch({ type: 'offline', offline: false });
    void this.sync().catch(() => undefined);
    void this.#deps.refresh().catch(() => undefined);
  }
}
