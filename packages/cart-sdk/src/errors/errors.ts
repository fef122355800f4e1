import type { Cart, ErrorCode, Problem } from '@cartkit/contract';

/**
 * Every code a {@link CartError} can carry: the contract's codes plus the SDK's own.
 *
 * @example
 * ```ts
 * const retryable = (code: CartErrorCode) => code === 'NETWORK_ERROR' || code === 'TIMEOUT';
 * ```
 */
export type CartErrorCode = ErrorCode | 'NETWORK_ERROR' | 'TIMEOUT' | 'AUTH_FAILED' | 'CANCELLED';

/**
 * The `name` of every error class the SDK raises (each class's `name` is its own literal).
 *
 * @example
 * ```ts
 * const shown: CartErrorName = 'NetworkError';
 * ```
 */
export type CartErrorName =
  | 'CartError'
  | 'NetworkError'
  | 'TimeoutError'
  | 'VersionConflictError'
  | 'AuthError'
  | 'CancelledError'
  | 'QuoteChangedError'
  | 'CheckoutBlockedError'
  | 'OAuthError';

/**
 * What a {@link CartError} is made from.
 *
 * @example
 * ```ts
 * new CartError({ code: 'QUANTITY_LIMIT', message: 'At most 99' });
 * ```
 */
export interface CartErrorInit {
  code: CartErrorCode;
  message?: string;
  status?: number;
  problem?: Problem;
  cause?: unknown;
}

/**
 * The base of every error the SDK raises: a contract error code, the HTTP status
 * and the RFC 9457 problem document when the server sent one.
 *
 * @example
 * ```ts
 * try { await cart.add('TEE', 200); }
 * catch (error) { if (isCartError(error) && error.code === 'QUANTITY_LIMIT') showLimit(); }
 * ```
 */
export class CartError extends Error {
  override name: CartErrorName = 'CartError';
  /** A contract code (`OUT_OF_STOCK`, ...) or an SDK code (`NETWORK_ERROR`, ...). */
  readonly code: CartErrorCode;
  /** The HTTP status, when the error came from a response. */
  readonly status: number | undefined;
  /** The server's problem document, when it sent one. */
  readonly problem: Problem | undefined;

  constructor(init: CartErrorInit) {
    super(init.message ?? init.problem?.detail ?? init.problem?.title ?? init.code, { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.problem = init.problem;
  }
}

/**
 * The request never got a response: the network is down or the server unreachable.
 *
 * @example
 * ```ts
 * if (isNetworkError(snapshot.error)) showOfflineBanner();
 * ```
 */
export class NetworkError extends CartError {
  override name = 'NetworkError' as const;
  declare readonly code: 'NETWORK_ERROR';
  constructor(cause?: unknown) {
    super({ code: 'NETWORK_ERROR', message: 'The network request failed', cause });
  }
}

/**
 * The server did not answer within the client's `timeout`.
 *
 * @example
 * ```ts
 * if (isTimeoutError(error)) retryLater();
 * ```
 */
export class TimeoutError extends CartError {
  override name = 'TimeoutError' as const;
  declare readonly code: 'TIMEOUT';
  constructor(cause?: unknown) {
    super({ code: 'TIMEOUT', message: 'The request timed out', cause });
  }
}

/**
 * 412: the cart moved on since the version sent in `If-Match` (only with `ifMatch: true`).
 * The SDK has already adopted {@link VersionConflictError.cart} as the current cart.
 *
 * @example
 * ```ts
 * if (isVersionConflictError(error)) toast(`Cart changed elsewhere (now v${error.cart.version})`);
 * ```
 */
export class VersionConflictError extends CartError {
  override name = 'VersionConflictError' as const;
  declare readonly code: 'VERSION_CONFLICT';
  /** The server's current cart. */
  readonly cart: Cart;
  constructor(init: Omit<CartErrorInit, 'code'> & { cart: Cart }) {
    super({ ...init, code: 'VERSION_CONFLICT' });
    this.cart = init.cart;
  }
}

/**
 * Sign-up, sign-in or a session refresh failed (`AUTH_FAILED`), or the server rejected
 * the credentials even after a refresh (`UNAUTHORIZED`).
 *
 * @example
 * ```ts
 * if (isAuthError(error) && error.cognitoCode === 'UserNotConfirmedException') askForCode();
 * ```
 */
export class AuthError extends CartError {
  override name = 'AuthError' as const;
  declare readonly code: 'AUTH_FAILED' | 'UNAUTHORIZED';
  /** Cognito's error name, e.g. `NotAuthorizedException`, when Cognito raised it. */
  readonly cognitoCode: string | undefined;
  constructor(init: Omit<CartErrorInit, 'code'> & { code?: 'AUTH_FAILED' | 'UNAUTHORIZED'; cognitoCode?: string }) {
    super({ ...init, code: init.code ?? 'AUTH_FAILED' });
    this.cognitoCode = init.cognitoCode;
  }
}

/**
 * A queued mutation was dropped before it ran, because the user signed out or the
 * client was destroyed.
 *
 * @example
 * ```ts
 * cart.add('TEE').catch((e) => { if (!isCancelledError(e)) throw e; });
 * ```
 */
export class CancelledError extends CartError {
  override name = 'CancelledError' as const;
  declare readonly code: 'CANCELLED';
  constructor(message = 'The mutation was cancelled') {
    super({ code: 'CANCELLED', message });
  }
}
