import { type CartClient, type CartClientOptions, createCartClient } from '@cartkit/cart-sdk';
import { createContext, type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * What `CartProvider` hands down: the client once it exists (never during the
 * server render or the hydrating render), else `null`.
 */
export const CartContext = createContext<{ client: CartClient | null } | null>(null);

/** Props of {@link CartProvider}: an API URL (the provider owns the client) or your own client. */
export type CartProviderProps =
  | ({ apiUrl: string; client?: undefined; children?: ReactNode } & Omit<CartClientOptions, 'apiUrl'>)
  | { client: CartClient; apiUrl?: undefined; children?: ReactNode };

/**
 * Gives its subtree one cart client. With `apiUrl` it creates the client in an
 * effect and destroys it on unmount, so a server render creates nothing and
 * StrictMode's mount, unmount, mount leaves exactly one live client (the first
 * is destroyed: its socket, channel and listeners closed). With `client` it uses
 * yours and leaves its lifetime to you. Either way it calls `ready()` once mounted.
 *
 * @example
 * ```tsx
 * import { CartProvider } from '@cartkit/react';
 *
 * createRoot(el).render(
 *   <CartProvider apiUrl="https://shop.example/api">
 *     <App />
 *   </CartProvider>,
 * );
 * ```
 */
export function CartProvider(props: CartProviderProps): ReactNode {
  const { children, apiUrl, client: given, ...options } = props;
  const [owned, setOwned] = useState<CartClient | null>(null);
  // Options are read when the client is created; changing them later does not recreate it (apiUrl does).
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    if (given) {
      given.ready().catch(() => undefined); // the failure is in the snapshot (`status`, `error`)
      return;
    }
    if (!apiUrl) return;
    const created = createCartClient({ ...optionsRef.current, apiUrl });
    setOwned(created);
    created.ready().catch(() => undefined);
    return () => {
      created.destroy();
      setOwned((current) => (current === created ? null : current));
    };
  }, [apiUrl, given]);

  const client = given ?? owned;
  const value = useStableValue(client);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

/** One context value per client, so consumers re-render only when the client changes. */
function useStableValue(client: CartClient | null): { client: CartClient | null } {
  const ref = useRef<{ client: CartClient | null }>({ client });
  if (ref.current.client !== client) ref.current = { client };
  return ref.current;
}
