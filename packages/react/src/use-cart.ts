import { type AddOptions, type Cart, type CartClient, type CartSnapshot, SERVER_SNAPSHOT } from '@cartkit/cart-sdk';
import { useCallback, useContext, useSyncExternalStore } from 'react';
import { CartContext } from './cart-provider.js';

/** What {@link useCart} returns: the snapshot's fields, the client, and its mutations bound. */
export interface UseCartResult extends CartSnapshot {
  /** The client, or `null` during the server render and the hydrating render. */
  readonly client: CartClient | null;
  /** `client.add`; rejects if called before the client exists. */
  add(sku: string, quantity?: number, options?: AddOptions): Promise<Cart>;
  /** `client.setQuantity`; 0 removes the line. */
  setQuantity(sku: string, quantity: number): Promise<Cart>;
  /** `client.remove`. */
  remove(sku: string): Promise<Cart>;
  /** `client.clear`. */
  clear(): Promise<Cart>;
}

const noSubscription = () => () => undefined;
const serverSnapshot = () => SERVER_SNAPSHOT;

function notReady(): Promise<never> {
  return Promise.reject(
    new Error('@cartkit/react: the cart client is not created yet (server render or before mount)'),
  );
}

/**
 * The client from the nearest {@link CartProvider}, or `null` before it is created.
 *
 * @example
 * ```tsx
 * const client = useCartClient();
 * useEffect(() => { client?.listProducts().then(setPage); }, [client]);
 * ```
 */
export function useCartClient(): CartClient | null {
  const context = useContext(CartContext);
  if (!context) throw new Error('@cartkit/react: useCart() and useCartClient() need a <CartProvider> above them');
  return context.client;
}

/**
 * The cart's state, re-rendering on every change (`useSyncExternalStore` over
 * the client's `subscribe`/`getSnapshot`). The server render and the hydrating
 * render see {@link SERVER_SNAPSHOT} (no cart yet, `status: 'idle'`), so the
 * markup always matches; the stored cart shows right after.
 *
 * @example
 * ```tsx
 * function Badge() {
 *   const { cart, add } = useCart();
 *   return <button onClick={() => add('MUG-STONE')}>Cart ({cart?.itemCount ?? 0})</button>;
 * }
 * ```
 */
export function useCart(): UseCartResult {
  const client = useCartClient();
  const snapshot = useSyncExternalStore(
    client ? client.subscribe : noSubscription,
    client ? client.getSnapshot : serverSnapshot,
    serverSnapshot,
  );
  const add = useCallback(
    (sku: string, quantity?: number, options?: AddOptions) =>
      client ? client.add(sku, quantity, options) : notReady(),
    [client],
  );
  const setQuantity = useCallback(
    (sku: string, quantity: number) => (client ? client.setQuantity(sku, quantity) : notReady()),
    [client],
  );
  const remove = useCallback((sku: string) => (client ? client.remove(sku) : notReady()), [client]);
  const clear = useCallback(() => (client ? client.clear() : notReady()), [client]);
  return { ...snapshot, client, add, setQuantity, remove, clear };
}
