/**
 * @packageDocumentation
 * `@cartkit/vue`: Vue 3 bindings for the cartkit cart.
 */
export { CART_CLIENT, provideCart, type UseCart, useCart } from './use-cart.js';
export { SERVER_SNAPSHOT } from '@cartkit/cart-sdk';
