import type { Cart, Order } from '@cartkit/contract';

/** What one tab tells the others of the same browser. */
export type TabMessage =
  | { type: 'cart'; identity: string; cart: Cart }
  | { type: 'order'; identity: string; order: Order }
  | { type: 'signed-in'; userId: string }
  | { type: 'signed-out' };

/**
 * Cross-tab sync over `BroadcastChannel` (one channel per API URL). A no-op where
 * BroadcastChannel does not exist.
 */
export class TabChannel {
  readonly #channel: BroadcastChannel | null;

  constructor(Channel: typeof BroadcastChannel | null | undefined, name: string, onMessage: (m: TabMessage) => void) {
    this.#channel = Channel ? new Channel(name) : null;
    if (this.#channel) {
      this.#channel.onmessage = (event: MessageEvent<TabMessage>) => {
        if (event.data && typeof event.data === 'object') onMessage(event.data);
      };
    }
  }

  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // closed channel
    }
  }

  close(): void {
    this.#channel?.close();
  }
}
