/**
 * @packageDocumentation
 * `@cartkit/react`: React bindings for the cartkit cart.
 */
export { CartContext, CartProvider, type CartProviderProps } from './cart-provider.js';
export {
  type AddToCartAttributes,
  type CartEventOf,
  ShoppingCart,
  type ShoppingCartAttributes,
  type ShoppingCartEventProps,
  type ShoppingCartProps,
} from './shopping-cart.js';
export { type UseCartResult, useCart, useCartClient } from './use-cart.js';
export { SERVER_SNAPSHOT } from '@cartkit/cart-sdk';
