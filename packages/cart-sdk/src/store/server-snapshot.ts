import type { CartSnapshot } from '../types.js';

/**
 * The snapshot to render before a client exists: on the server (SSR) and in the
 * browser's hydrating render, so both produce the same markup whatever a
 * returning visitor has stored. One constant object, as React's
 * `useSyncExternalStore` requires of `getServerSnapshot`.
 *
 * @example
 * ```ts
 * const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot, () => SERVER_SNAPSHOT);
 * ```
 */
export const SERVER_SNAPSHOT: CartSnapshot = Object.freeze({
  status: 'idle',
  cart: null,
  pending: Object.freeze([]),
  error: null,
  user: null,
  orders: Object.freeze({}),
});
