/**
 * The one place this package meets `@cartkit/cart-sdk`, so the element's view of
 * the SDK is a single, reviewable seam (and `links/reminder-link.ts`, which imports
 * `@cartkit/cart-sdk/reminder-links` from the lazy links chunk only).
 */
export {
  CartError,
  createCartClient,
  isAuthError,
  isCartError,
  isOAuthError,
  isUnreachableError,
} from '@cartkit/cart-sdk';
export type { AuthUser, CartClient, CartSnapshot, SnapshotCart, SnapshotLine } from '@cartkit/cart-sdk';
export type { Cart, CartLine, OAuthProvider, Order, Product, ShippingAddress } from '@cartkit/contract';
