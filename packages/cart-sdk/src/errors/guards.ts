import type { OAuthError } from '../auth/oauth-error.js';
import type { CheckoutBlockedError, QuoteChangedError } from '../http/checkout.js';
import { AuthError, CancelledError, CartError, NetworkError, TimeoutError, VersionConflictError } from './errors.js';

// Names as well as instanceof: two copies of the SDK on one page (or a structured clone)
// break instanceof, the name survives.
const CART_ERROR_NAMES = new Set([
  'CartError',
  'NetworkError',
  'TimeoutError',
  'VersionConflictError',
  'AuthError',
  'CancelledError',
  'QuoteChangedError',
  'CheckoutBlockedError',
  'OAuthError',
]);

function hasName(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/**
 * Is `error` any error raised by the SDK?
 *
 * @example
 * ```ts
 * if (isCartError(error)) console.log(error.code, error.status);
 * ```
 */
export function isCartError(error: unknown): error is CartError {
  return (
    error instanceof CartError ||
    (typeof error === 'object' &&
      error !== null &&
      CART_ERROR_NAMES.has(String((error as { name?: unknown }).name)) &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}

/**
 * Is `error` a {@link NetworkError}?
 *
 * @example
 * ```ts
 * if (isNetworkError(error)) showOfflineBanner();
 * ```
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError || hasName(error, 'NetworkError');
}

/**
 * Is `error` a {@link TimeoutError}?
 *
 * @example
 * ```ts
 * if (isTimeoutError(error)) retryLater();
 * ```
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError || hasName(error, 'TimeoutError');
}

/**
 * Is `error` a {@link VersionConflictError}?
 *
 * @example
 * ```ts
 * if (isVersionConflictError(error)) render(error.cart);
 * ```
 */
export function isVersionConflictError(error: unknown): error is VersionConflictError {
  return error instanceof VersionConflictError || hasName(error, 'VersionConflictError');
}

/**
 * Is `error` an {@link AuthError}?
 *
 * @example
 * ```ts
 * if (isAuthError(error)) showSignIn();
 * ```
 */
export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError || hasName(error, 'AuthError');
}

/**
 * Is `error` a {@link CancelledError}?
 *
 * @example
 * ```ts
 * cart.add('TEE').catch((e) => { if (!isCancelledError(e)) throw e; });
 * ```
 */
export function isCancelledError(error: unknown): error is CancelledError {
  return error instanceof CancelledError || hasName(error, 'CancelledError');
}

/**
 * Is `error` a {@link QuoteChangedError}? (By name: the class lives in the lazy checkout chunk.)
 *
 * @example
 * ```ts
 * if (isQuoteChangedError(error)) render(error.quote);
 * ```
 */
export function isQuoteChangedError(error: unknown): error is QuoteChangedError {
  return hasName(error, 'QuoteChangedError');
}

/**
 * Is `error` a {@link CheckoutBlockedError}?
 *
 * @example
 * ```ts
 * if (isCheckoutBlockedError(error)) showProblems(error.problems);
 * ```
 */
export function isCheckoutBlockedError(error: unknown): error is CheckoutBlockedError {
  return hasName(error, 'CheckoutBlockedError');
}

/**
 * Is `error` an {@link OAuthError} (a provider sign-in refused)? (By name: the class lives in the lazy sign-in chunk.)
 *
 * @example
 * ```ts
 * if (isOAuthError(error) && error.reason === 'POPUP_BLOCKED') await cart.auth.signInWith('Google');
 * ```
 */
export function isOAuthError(error: unknown): error is OAuthError {
  return hasName(error, 'OAuthError');
}

/** The codes of "the server could not be reached" (network down, timeout, 503), not "the server said no". */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['NETWORK_ERROR', 'TIMEOUT', 'UNAVAILABLE']);

/**
 * Could the server not be reached? A {@link NetworkError}, a {@link TimeoutError},
 * or 503 `UNAVAILABLE` after the retries, as opposed to "the server said no"
 * (out of stock, a limit, a conflict). The one rule the SDK decides by: an
 * unreachable `ready()` keeps the persisted cart, an unreachable offline replay
 * keeps waiting. Show "couldn't reach the shop, try again" for these.
 *
 * @example
 * ```ts
 * if (isUnreachableError(snapshot.error)) showRetry();
 * ```
 */
export function isUnreachableError(error: unknown): boolean {
  // By code: a NetworkError carries NETWORK_ERROR, a TimeoutError TIMEOUT, and so
  // does a copy from another bundle or a structured clone.
  return isCartError(error) && UNREACHABLE_CODES.has(error.code);
}
