// Shared by the framework bindings' tests (@cartkit/react, @cartkit/vue), which run
// against the stack this package's integration global setup starts.
import { inject } from 'vitest';
import type {} from '../integration/global-setup.js';

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
