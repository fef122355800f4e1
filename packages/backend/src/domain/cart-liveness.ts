import { LIMITS } from '@cartkit/contract';
import type { CartState } from './cart.js';
import { CartExpiredError } from './errors.js';
import type { Owner } from './owner.js';

// Is this cart alive? The one rule, decided here and called from everywhere it applies:
// identify() (HTTP and $connect), GET /cart, POST /cart/merge and the cart store's
// mutation path. The store's single UpdateItem cannot call a function, so its
// condition restates `ttlPassed` in DynamoDB's terms (adapters/cart-update.ts,
// from `epochSeconds`); cart-liveness.test.ts pins the boundaries.

type AnonymousOwner = Extract<Owner, { kind: 'anonymous' }>;

/** Epoch seconds: the unit of a token's `issuedAt` and of a cart's `expiresAt` (the DynamoDB TTL attribute). */
export function epochSeconds(now: number): number {
  return Math.floor(now / 1000);
}

/**
 * Has an anonymous token passed 30 days since it was issued? Until then no cart
 * of it can have expired, and its cart may still be created.
 *
 * @example
 * ```ts
 * issuedLongAgo(owner, Date.now()); // false for a token issued today
 * ```
 */
export function issuedLongAgo(owner: AnonymousOwner, now: number): boolean {
  return owner.issuedAt + LIMITS.anonymousTtlSeconds <= epochSeconds(now);
}

/**
 * Has a written cart's expiry passed? The expiry is the instant the cart dies,
 * whether or not DynamoDB's TTL sweep has deleted the item yet. Carts without
 * one (users') never expire.
 *
 * @example
 * ```ts
 * ttlPassed(stored.expiresAt, Date.now());
 * ```
 */
export function ttlPassed(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= epochSeconds(now);
}

/** The expiry an anonymous cart gets on every write: 30 days from now, so it lives while it is used. */
export function anonymousExpiry(now: number): number {
  return epochSeconds(now) + LIMITS.anonymousTtlSeconds;
}

/**
 * Is the owner's cart alive? A user's always is. An anonymous cart expires 30
 * days after its last write; a token that never wrote one (no item, or only a
 * remembered idempotency key at version 0) expires 30 days after it was issued.
 * `stored` undefined asks "may this owner's cart be created now?".
 *
 * @example
 * ```ts
 * isCartAlive(owner, await carts.get(ownerKey(owner)), Date.now());
 * ```
 */
export function isCartAlive(
  owner: Owner,
  stored: Pick<CartState, 'version' | 'expiresAt'> | undefined,
  now: number,
): boolean {
  if (owner.kind === 'user') return true;
  return stored === undefined || stored.version === 0 ? !issuedLongAgo(owner, now) : !ttlPassed(stored.expiresAt, now);
}

/**
 * `isCartAlive`, or `CartExpiredError` (an `UnauthorizedError`: 401, 4401 on a socket).
 *
 * @example
 * ```ts
 * assertCartAlive(owner, stored, deps.now());
 * ```
 */
export function assertCartAlive(
  owner: Owner,
  stored: Pick<CartState, 'version' | 'expiresAt'> | undefined,
  now: number,
): void {
  if (!isCartAlive(owner, stored, now)) throw new CartExpiredError();
}
