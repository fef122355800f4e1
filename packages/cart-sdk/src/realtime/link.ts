import type { Accounts } from '../auth/accounts.js';
import type { Identity } from '../auth/identity.js';
import type { ConfigSource } from '../http/config.js';
import type { Orders } from '../http/orders.js';
import type { Store } from '../store/store.js';
import type { RealtimeSocket } from './socket.js';
import type { TabMessage } from './tabs.js';
import type { WebSocketConstructor } from '../types.js';

/** What the live links need from the client. */
export interface LinkDeps {
  /** The WebSocket implementation; null when realtime is off (option, or none available). */
  WebSocket: WebSocketConstructor | null;
  /** The deployment's `realtimeUrl` (empty: no socket). */
  config: Pick<ConfigSource, 'load'>;
  identity: Pick<
    Identity,
    'present' | 'cartToken' | 'key' | 'socketQuery' | 'renewSocketCredential' | 'adoptStoredToken'
  >;
  /** Pushed carts and other tabs' order updates go in here. */
  store: Pick<Store, 'dispatch'>;
  /** Pushed order updates go through here (into the store, then to the other tabs). */
  orders: Pick<Orders, 'accept'>;
  /** Another tab signed out (and cleared storage), or signed in (and merged). */
  accounts: Pick<Accounts, 'clearUser' | 'adoptOtherTabSignIn'>;
  /** `GET /cart` into the store: after a reconnect, and to renew an expired anonymous token. */
  refresh(): Promise<unknown>;
  /** Set by `destroy()`: the socket stays closed after it. */
  isDestroyed(): boolean;
}

/**
 * The client's live links: the WebSocket (for whoever the cart belongs to,
 * reconnecting and renewing its credential) and the messages of other tabs.
 */
export class RealtimeLink {
  readonly #deps: LinkDeps;
  /** Loaded on the first `start()` with an identity: the socket code is not on the page's first load. */
  #socket: RealtimeSocket | null = null;
  #loading: Promise<RealtimeSocket> | null = null;
  /** The latest intent: open (true) or closed; a start that finishes loading after a stop does nothing. */
  #wanted = false;

  constructor(deps: LinkDeps) {
    this.#deps = deps;
  }

  /** Open the socket for the current identity (or close it when there is none). */
  start(): void {
    if (this.#deps.isDestroyed() || !this.#deps.WebSocket) return;
    if (!this.#deps.identity.present) {
      this.stop();
      return;
    }
    this.#wanted = true;
    if (this.#socket) {
      this.#socket.start();
      return;
    }
    if (this.#loading) return; // the load's own continuation starts it, for whoever is present then
    this.#loading = this.#load();
    void this.#loading.then(
      (socket) => {
        if (this.#wanted && !this.#deps.isDestroyed()) socket.start();
      },
      () => {
        // The chunk failed to load (offline at first use): the next start() tries again.
        this.#loading = null;
      },
    );
  }

  stop(): void {
    this.#wanted = false;
    this.#socket?.stop();
  }

  async #load(): Promise<RealtimeSocket> {
    const { RealtimeSocket } = await import('./socket.js');
    const deps = this.#deps;
    this.#socket = new RealtimeSocket({
      // start() only loads with a WebSocket present.
      WebSocket: deps.WebSocket as WebSocketConstructor,
      url: () => this.#url(),
      onMessage: (message) => {
        if (message.type === 'order.updated') deps.orders.accept(message.order);
        // `cart.repriced`: the same cart priced again after the shop changed a product in it (issue 16).
        else if ('cart' in message)
          deps.store.dispatch({
            type: 'cart',
            cart: message.cart,
            source: message.type === 'cart.repriced' ? message.type : 'external',
          });
      },
      onReconnect: () => void deps.refresh().catch(() => undefined),
      onUnauthorized: () => deps.identity.renewSocketCredential(() => deps.refresh()),
    });
    return this.#socket;
  }

  /** A message from another tab of this browser. */
  onTabMessage(message: TabMessage): void {
    const { identity, store } = this.#deps;
    switch (message.type) {
      case 'cart':
        if (message.identity === identity.key()) {
          store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
        } else if (!identity.present) {
          // The other tab just started the anonymous cart this browser shares.
          void identity.adoptStoredToken().then((adopted) => {
            if (adopted && message.identity === identity.key()) {
              store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
            }
          });
        }
        return;
      case 'order':
        if (message.identity === identity.key()) store.dispatch({ type: 'order', order: message.order });
        return;
      case 'signed-out':
        void this.#deps.accounts.clearUser(false);
        return;
      case 'signed-in':
        void this.#deps.accounts.adoptOtherTabSignIn();
        return;
    }
  }

  async #url(): Promise<string | null> {
    const { realtimeUrl } = await this.#deps.config.load();
    if (!realtimeUrl) return null;
    const query = await this.#deps.identity.socketQuery();
    if (query === null) return null;
    return `${realtimeUrl}${realtimeUrl.includes('?') ? '&' : '?'}${query}`;
  }
}
