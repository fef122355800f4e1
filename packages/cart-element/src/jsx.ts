// Types only: what a JSX framework needs to type `<shopping-cart>` and `<add-to-cart>`.
// React users get them from `@cartkit/react`; Preact, Solid and others merge
// `CartIntrinsicElements` into their own `JSX.IntrinsicElements` (see the README).

/** The attributes of `<shopping-cart>`. */
export interface ShoppingCartJsxAttributes {
  /** API base URL, e.g. `https://shop.example/api`. */
  api?: string;
  /** BCP 47 locale for texts, money and dates. */
  locale?: string;
  /** Drawer open (reflected). */
  open?: boolean;
}

/** The attributes of `<add-to-cart>`. */
export interface AddToCartJsxAttributes {
  /** The SKU it adds. */
  sku: string;
  /** How many it adds per click (default 1). */
  quantity?: number;
  /** The id of the `<shopping-cart>` to add to. */
  cart?: string;
  disabled?: boolean;
}

/**
 * `JSX.IntrinsicElements` entries for both tags, each merged with `Base`, your JSX
 * framework's attributes for any HTML element (`class`, `id`, `style`, `ref`, events).
 *
 * @example
 * ```ts
 * import type { CartIntrinsicElements } from '@cartkit/cart-element';
 * import type { JSX as PreactJSX } from 'preact';
 *
 * declare module 'preact' {
 *   namespace JSX {
 *     interface IntrinsicElements extends CartIntrinsicElements<PreactJSX.HTMLAttributes<HTMLElement>> {}
 *   }
 * }
 * ```
 */
export interface CartIntrinsicElements<Base = unknown> {
  'shopping-cart': ShoppingCartJsxAttributes & Base;
  'add-to-cart': AddToCartJsxAttributes & Base;
}
