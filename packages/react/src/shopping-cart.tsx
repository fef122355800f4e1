import type {
  CartEventDetails,
  AddToCart as AddToCartElement,
  ShoppingCart as ShoppingCartElement,
} from '@cartkit/cart-element';
import {
  type ForwardedRef,
  forwardRef,
  type HTMLAttributes,
  type ReactNode,
  useContext,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
} from 'react';
import { CartContext } from './cart-provider.js';

/** A `cart:*` event of `<shopping-cart>`, with its typed detail. */
export type CartEventOf<K extends keyof CartEventDetails> = CustomEvent<CartEventDetails[K]>;

/** The `cart:*` events as React props (`cart:change` → `onCartChange`). */
export interface ShoppingCartEventProps {
  onCartChange?: (event: CartEventOf<'cart:change'>) => void;
  onCartError?: (event: CartEventOf<'cart:error'>) => void;
  onCartCheckout?: (event: CartEventOf<'cart:checkout'>) => void;
  /** Cancelable: `event.preventDefault()` keeps the drawer closed. */
  onCartOpen?: (event: CartEventOf<'cart:open'>) => void;
  onCartClose?: (event: CartEventOf<'cart:close'>) => void;
}

/** Props of {@link ShoppingCart}: the element's attributes, its events, and ordinary HTML attributes. */
export interface ShoppingCartProps
  extends ShoppingCartEventProps,
    Omit<HTMLAttributes<HTMLElement>, 'onChange' | 'onError'> {
  /** API base URL. Leave it out inside a `CartProvider`: the element then uses the provider's client. */
  api?: string;
  locale?: string;
  /** Drawer open (reflected; setting it opens/closes without events). */
  open?: boolean;
  children?: ReactNode;
}

const EVENTS = {
  'cart:change': 'onCartChange',
  'cart:error': 'onCartError',
  'cart:checkout': 'onCartCheckout',
  'cart:open': 'onCartOpen',
  'cart:close': 'onCartClose',
} as const satisfies Record<keyof CartEventDetails, keyof ShoppingCartEventProps>;

// Layout effects do not run on the server; React warns about them there, so use a plain effect when rendering to a string.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * `<shopping-cart>` for React, with typed `cart:*` event props. Inside a
 * {@link CartProvider} the element uses the provider's client, so `useCart()`
 * and the element show one cart (one store, one socket). Register the tag once
 * with `import '@cartkit/cart-element'`.
 *
 * @example
 * ```tsx
 * import '@cartkit/cart-element';
 * import { CartProvider, ShoppingCart } from '@cartkit/react';
 *
 * <CartProvider apiUrl="https://shop.example/api">
 *   <ShoppingCart locale="en-US" onCartCheckout={(e) => console.log(e.detail.order.status)} />
 * </CartProvider>
 * ```
 */
export const ShoppingCart = forwardRef(function ShoppingCart(
  props: ShoppingCartProps,
  forwarded: ForwardedRef<ShoppingCartElement | null>,
): ReactNode {
  const { api, locale, open, children, onCartChange, onCartError, onCartCheckout, onCartOpen, onCartClose, ...rest } =
    props;
  const ref = useRef<ShoppingCartElement | null>(null);
  useImperativeHandle(forwarded, () => ref.current as ShoppingCartElement, []);
  const client = useContext(CartContext)?.client ?? null;
  const handlers = useRef<ShoppingCartEventProps>({});
  handlers.current = { onCartChange, onCartError, onCartCheckout, onCartOpen, onCartClose };

  // Before paint, so the element never starts a client of its own when a provider has one.
  useIsomorphicLayoutEffect(() => {
    const element = ref.current;
    if (element && client) element.client = client;
  }, [client]);

  useIsomorphicLayoutEffect(() => {
    const element = ref.current;
    if (element) element.open = Boolean(open);
  }, [open]);

  // One listener per event for the element's lifetime; it calls the latest prop.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const listeners = Object.entries(EVENTS).map(([type, prop]) => {
      const listener = (event: Event) => (handlers.current[prop] as ((e: Event) => void) | undefined)?.(event);
      element.addEventListener(type, listener);
      return () => element.removeEventListener(type, listener);
    });
    return () => {
      for (const remove of listeners) remove();
    };
  }, []);

  return (
    <shopping-cart ref={ref} {...(api ? { api } : {})} {...(locale ? { locale } : {})} {...rest}>
      {children}
    </shopping-cart>
  );
});

/** Attributes of `<add-to-cart>` in JSX. */
export interface AddToCartAttributes extends HTMLAttributes<AddToCartElement> {
  sku: string;
  quantity?: number;
  /** The id of the `<shopping-cart>` to add to, when a page has several. */
  cart?: string;
  disabled?: boolean;
}

/** Attributes of `<shopping-cart>` in JSX (events: use {@link ShoppingCart}'s `onCart…` props). */
export interface ShoppingCartAttributes extends HTMLAttributes<ShoppingCartElement> {
  api?: string | undefined;
  locale?: string | undefined;
  open?: boolean;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'shopping-cart': ShoppingCartAttributes & { ref?: React.Ref<ShoppingCartElement | null> };
      'add-to-cart': AddToCartAttributes & { ref?: React.Ref<AddToCartElement | null> };
    }
  }
}
