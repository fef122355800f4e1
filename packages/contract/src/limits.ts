/**
 * The contract's numeric limits, shared so the backend enforces and the SDK
 * pre-checks exactly the same numbers.
 *
 * @example
 * ```ts
 * import { LIMITS } from '@cartkit/contract';
 * if (quantity > LIMITS.maxQuantity) showError();
 * ```
 */
export const LIMITS = {
  /** Smallest quantity of a line. */
  minQuantity: 1,
  /** Largest quantity of a line (`QUANTITY_LIMIT` above it). */
  maxQuantity: 99,
  /** Most distinct lines in one cart (`CART_FULL` above it). */
  maxLines: 50,
  /** Largest accepted request body in bytes (`PAYLOAD_TOO_LARGE` above it). */
  maxBodyBytes: 16 * 1024,
  /** Longest `Idempotency-Key`. */
  maxIdempotencyKeyLength: 64,
  /** How long an idempotency key is remembered, in seconds. */
  idempotencyTtlSeconds: 24 * 60 * 60,
  /** Anonymous carts and their tokens expire after this much inactivity, in seconds. */
  anonymousTtlSeconds: 30 * 24 * 60 * 60,
  /** Largest page of `GET /products`. */
  maxPageSize: 100,
  /** Longest name, address line or city of a `ShippingAddress`. */
  maxAddressFieldLength: 100,
  /** Longest `ShippingAddress.region` (a state, province or county). */
  maxRegionLength: 64,
  /** Longest `ShippingAddress.postalCode`. */
  maxPostalCodeLength: 16,
  /** Longest email address (RFC 5321's path limit). */
  maxEmailLength: 254,
  /** Longest discount code. */
  maxDiscountCodeLength: 32,
} as const;
