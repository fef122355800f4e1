import { RealtimeSocket } from './socket.js';
import type { TabMessage } from './tabs.js';
import type { ClientCore } from '../client/core.js';

/**
 * The client's live links: the WebSocket (for whoever the cart belongs to,
 * reconnecting and renewing its credential) and the messages of other tabs.
 */
export class RealtimeLink {
  readonly #core: ClientCore;
  readonly #socket: RealtimeSocket | null;

  constructor(core: ClientCore) {
    this.#core = core;
    const { options } = core;
    const WebSocketClass = options.WebSocket ?? globalThis.WebSocket;
    this.#socket =
      options.realtime === false || typeof WebSocketClass !== 'function'
        ? null
        : new RealtimeSocket({
            WebSocket: WebSocketClass,
            url: () => this.#url(),
            onMessage: (message) => {
              if (message.type === 'cart.updated')
                core.store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
              else if (message.type === 'order.updated') core.orders.accept(message.order);
            },
            onReconnect: () => void core.refresh().catch(() => undefined),
            onUnauthorized: () => this.#unauthorized(),
          });
  }

  /** Open the socket for the current identity (or close it when there is none). */
  start(): void {
    const { session, identity } = this.#core;
    if (this.#core.destroyed || !this.#socket) return;
    if (!session.session && !identity.cartToken) {
      this.#socket.stop();
      return;
    }
    this.#socket.start();
  }

  stop(): void {
    this.#socket?.stop();
  }

  /** A message from another tab of this browser. */
  onTabMessage(message: TabMessage): void {
    const { store, identity, session } = this.#core;
    switch (message.type) {
      case 'cart':
        if (message.identity === identity.key()) {
          store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
        } else if (!identity.cartToken && !session.session) {
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
        void this.#core.accounts.clearUser(false);
        return;
      case 'signed-in':
        void this.#core.accounts.adoptOtherTabSignIn();
        return;
    }
  }

  async #url(): Promise<string | null> {
    const { session, identity } = this.#core;
    const config = await this.#core.config.load();
    if (!config.realtimeUrl) return null;
    const separator = config.realtimeUrl.includes('?') ? '&' : '?';
    if (session.session && !identity.cartToken) {
      const token = await session.getAccessToken();
      return token ? `${config.realtimeUrl}${separator}token=${encodeURIComponent(token)}` : null;
    }
    if (identity.cartToken)
      return `${config.realtimeUrl}${separator}cartToken=${encodeURIComponent(identity.cartToken)}`;
    return null;
  }

  async #unauthorized(): Promise<boolean> {
    const { session, identity } = this.#core;
    try {
      if (session.session && !identity.cartToken) {
        await session.refresh();
        return true;
      }
      const before = identity.cartToken;
      await this.#core.refresh(); // a 401 here replaces the expired anonymous token
      return identity.cartToken !== before;
    } catch {
      return false;
    }
  }
}
