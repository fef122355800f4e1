import type {} from '../../cart-sdk/test/integration/global-setup.js';
import { inject } from 'vitest';

/** The local stack's API URL, from the global setup. */
export function apiUrl(): string {
  return inject('cartSdkStack').apiUrl;
}

/**
 * A real BroadcastChannel that keeps count of the channels still open, to see
 * whether a client was left behind (each client opens one for cross-tab sync).
 */
export function countingChannel(): { Channel: typeof BroadcastChannel; open: Set<BroadcastChannel> } {
  const open = new Set<BroadcastChannel>();
  class CountingChannel extends BroadcastChannel {
    constructor(name: string) {
      super(name);
      open.add(this);
    }
    override close(): void {
      open.delete(this);
      super.close();
    }
  }
  return { Channel: CountingChannel, open };
}
