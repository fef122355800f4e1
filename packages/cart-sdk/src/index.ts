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
  NetworkError,
  TimeoutError,
  VersionConflictError,
} from './errors/errors.js';
export {
  isAuthError,
  isCancelledError,
  isCartError,
  isNetworkError,
  isTimeoutError,
  isUnreachableError,
  isVersionConflictError,
} from './errors/guards.js';
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
  PendingMutation,
  RetryOptions,
  SnapshotCart,
  SnapshotLine,
} from './types.js';
export type { Cart, CartLine, Config, Order, OrderStatus, Problem, Product, ProductPage } from '@cartkit/contract';
