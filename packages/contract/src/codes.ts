/**
 * Every error code of the contract with its HTTP status.
 *
 * @example
 * ```ts
 * import { ERROR_STATUS } from '@cartkit/contract';
 * ERROR_STATUS.UNKNOWN_SKU; // 422
 * ```
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CHECKOUT_IN_PROGRESS: 409,
  ORDER_STATE_CONFLICT: 409,
  QUOTE_CHANGED: 409,
  CATALOG_CONFLICT: 409,
  VERSION_CONFLICT: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNKNOWN_SKU: 422,
  OUT_OF_STOCK: 422,
  QUANTITY_LIMIT: 422,
  CART_FULL: 422,
  CHECKOUT_BLOCKED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

/** One of the contract's error codes. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The list of error codes, for validation and exhaustive checks. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * Is `value` one of the contract's error codes?
 *
 * @example
 * ```ts
 * isErrorCode('CART_FULL'); // true
 * ```
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}
