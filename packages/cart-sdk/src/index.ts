/**
 * @packageDocumentation
 * `@cartkit/cart-sdk`: a typed, headless client for the cartkit cart API.
 */
export { createCartClient } from './client.js';
export {
  AuthError,
  CancelledError,
  CartError,
  type CartErrorCode,
  type CartErrorInit,
  type CartErrorName,
  NetworkError,
  TimeoutError,
  VersionConflictError,
} from './errors/errors.js';
export {
  isAuthError,
  isCancelledError,
  isCartError,
  isCheckoutBlockedError,
  isNetworkError,
  isOAuthError,
  isQuoteChangedError,
  isTimeoutError,
  isUnreachableError,
  isVersionConflictError,
} from './errors/guards.js';
// Types only: the classes live in the lazy checkout chunk (check with the guards).
export type { CheckoutBlockedError, QuoteChangedError } from './http/checkout.js';
// Type only: the class lives in the lazy provider sign-in chunk (check with isOAuthError).
export type { OAuthError } from './auth/oauth-error.js';
export { SERVER_SNAPSHOT } from './store/server-snapshot.js';
export { localStorageAdapter, memoryStorage, type StorageAdapter } from './store/storage.js';
export type {
  AddOptions,
  AuthUser,
  CartAuth,
  CartClient,
  CartClientOptions,
  CartSnapshot,
  CartStatus,
  LineHint,
  MutationInput,
  OAuthErrorReason,
  OrderPage,
  PendingMutation,
  RetryOptions,
  SignInMode,
  SignInWithOptions,
  SnapshotCart,
  SnapshotLine,
  WebSocketConstructor,
  WebSocketLike,
} from './types.js';
export type {
  Cart,
  CartLine,
  CheckoutRequest,
  Config,
  OAuthConfig,
  OAuthProvider,
  Order,
  OrderStatus,
  Problem,
  Product,
  ProductPage,
  PublicShopConfig,
  Quote,
  QuoteProblem,
  QuoteRequest,
  ShippingAddress,
  ShippingOption,
} from '@cartkit/contract';
