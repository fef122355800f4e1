import type { Cart, Order } from './sdk.js';

/** What opened the drawer: the toggle button, a call to `show()`/`toggle()`, or an add button. */
export type CartOpenTrigger = 'toggle' | 'method' | 'add';

/** Detail of `cart:change`. */
export interface CartChangeDetail {
  /** The cart as now shown (optimistic changes included). */
  readonly cart: Cart;
}

/** Detail of `cart:error`. */
export interface CartErrorDetail {
  /** Usually a `CartError` from the SDK (`isCartError()`), with `code` and `status`. */
  readonly error: unknown;
}

/** Detail of `cart:checkout`. */
export interface CartCheckoutDetail {
  /** The order; fired when checkout creates it (`PENDING`) and again when its status changes. */
  readonly order: Order;
}

/** Detail of `cart:open`. */
export interface CartOpenDetail {
  readonly trigger: CartOpenTrigger;
  /** The SKU just added, when `trigger` is `'add'`. */
  readonly sku?: string;
}

/** Detail of `cart:close`. */
export type CartCloseDetail = Record<string, never>;

/**
 * Builds one of the element's events: bubbling and composed, so the host page
 * can listen on `document` whatever shadow roots the cart sits in.
 */
export function cartEvent<K extends keyof CartEventDetails>(
  type: K,
  detail: CartEventDetails[K],
  init: { cancelable?: boolean } = {},
): CustomEvent<CartEventDetails[K]> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: init.cancelable ?? false });
}

/** Every event `<shopping-cart>` fires, with its detail. */
export interface CartEventDetails {
  'cart:change': CartChangeDetail;
  'cart:error': CartErrorDetail;
  'cart:checkout': CartCheckoutDetail;
  'cart:open': CartOpenDetail;
  'cart:close': CartCloseDetail;
}

/** The element's events as `addEventListener` sees them: `CustomEvent`s with a typed `detail`. */
export interface CartEventMap {
  'cart:change': CustomEvent<CartChangeDetail>;
  'cart:error': CustomEvent<CartErrorDetail>;
  'cart:checkout': CustomEvent<CartCheckoutDetail>;
  'cart:open': CustomEvent<CartOpenDetail>;
  'cart:close': CustomEvent<CartCloseDetail>;
}

// The events bubble and are composed, so `document` and `window` hear them too.
declare global {
  interface HTMLElementEventMap extends CartEventMap {}
  interface DocumentEventMap extends CartEventMap {}
  interface WindowEventMap extends CartEventMap {}
}
