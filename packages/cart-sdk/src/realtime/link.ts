import type { Cart, Order } from '@cartkit/contract';
import type { Identity } from '../auth/identity.js';
import { RealtimeSocket } from './socket.js';
import type { TabMessage } from './tabs.js';

/** What the live links need from the client. */
export interface LinkDeps {
  /** The WebSocket implementation; null when realtime is off (option, or none available). */
  WebSocket: typeof WebSocket | null;
  /** The deployment's realtime URL (from the config); empty or null: no socket. */
  realtimeUrl(): Promise<string | null>;
  identity: Pick<
    Identity,
    'present' | 'cartToken' | 'key' | 'socketQuery' | 'renewSocketCredential' | 'adoptStoredToken'
  >;
  /** A cart pushed by the socket or another tab (held while a mutation is in flight). */
  onCart(cart: Cart): void;
  /** An order update pushed by the socket (into the store, then to the other tabs). */
  onOrder(order: Order): void;
  /** An order update from another tab (into the store only). */
  onTabOrder(order: Order): void;
  /** Another tab signed out (and cleared storage). */
  onSignedOut(): void;
  /** Another tab signed in (and merged). */
  onSignedIn(): void;
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
  readonly #socket: RealtimeSocket | null;

  constructor(deps: LinkDeps) {
    this.#deps = deps;
    this.#socket = deps.WebSocket
      ? new RealtimeSocket({
          WebSocket: deps.WebSocket,
          url: () => this.#url(),
          onMessage: (message) => {
            if (message.type === 'cart.updated') deps.onCart(message.cart);
            else if (message.type === 'order.updated') deps.onOrder(message.order);
          },
          onReconnect: () => void deps.refresh().catch(() => undefined),
          onUnauthorized: () => deps.identity.renewSocketCredential(() => deps.refresh()),
        })
      : null;
  }

  /** Open the socket for the current identity (or close it when there is none). */
  start(): void {
    if (this.#deps.isDestroyed() || !this.#socket) return;
    if (!this.#deps.identity.present) {
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
    const { identity } = this.#deps;
    switch (message.type) {
      case 'cart':
        if (message.identity === identity.key()) {
          this.#deps.onCart(message.cart);
        } else if (!identity.present) {
          // The other tab just started the anonymous cart this browser shares.
          void identity.adoptStoredToken().then((adopted) => {
            if (adopted && message.identity === identity.key()) this.#deps.onCart(message.cart);
          });
        }
        return;
      case 'order':
        if (message.identity === identity.key()) this.#deps.onTabOrder(message.order);
        return;
      case 'signed-out':
        this.#deps.onSignedOut();
        return;
      case 'signed-in':
        this.#deps.onSignedIn();
        return;
    }
  }

  async #url(): Promise<string | null> {
    const realtimeUrl = await this.#deps.realtimeUrl();
    if (!realtimeUrl) return null;
    const query = await this.#deps.identity.socketQuery();
    if (query === null) return null;
    return `${realtimeUrl}${realtimeUrl.includes('?') ? '&' : '?'}${query}`;
  }
}
