import { LIMITS } from '@cartkit/contract';
import type { CartState, LineState } from '../domain/cart.js';
import {
  compactMap,
  type IdempotencyEntry,
  KEYS_ATTRIBUTE,
  keyId,
  legacyName,
  readEntries,
} from './idempotency-memory.js';

export type { IdempotencyEntry } from './idempotency-memory.js';

// How a cart is laid out in its DynamoDB item, and the idempotency bookkeeping in it:
// `{ pk, kind, version, qty: {sku: n}, added: {sku: ms}, price: {sku: minor units}, ik: {<key id>: '<t><h>'}, updatedAt, ttl?,
//    checkoutOrderId?, checkedOutVersion? }` (idempotency-memory.ts; items written before it hold `idem` instead).

/**
 * The last checkout of a cart, written in the same transaction as its order:
 * the order's id and the cart version that checkout produced. While the cart
 * is still at that version, it is "checked out": another checkout answers
 * with that order instead of placing a second one.
 */
export interface CheckoutMark {
  readonly orderId: string;
  readonly version: number;
}

/** A cart as stored: the pure state plus what the store needs. */
export interface StoredCart extends CartState {
  readonly ownerKey: string;
  readonly idempotency: Readonly<Record<string, IdempotencyEntry>>;
  readonly mergedInto: string | undefined;
  readonly checkout: CheckoutMark | undefined;
}

/**
 * Keys a cart item holds: the most recent 32, as docs/API.md promises, and never
 * more, whatever the mix of requests, so the item stays a few KB (DynamoDB's limit is 400 KB).
 */
export const MAX_REMEMBERED_KEYS = 32;
/**
 * Most keys one write removes: each costs ~12 characters of expression, and an
 * expression over 4 KB is refused outright, so removals go in chunks of this size.
 */
export const MAX_REMOVALS_PER_WRITE = 100;

/**
 * The stored names of the keys to forget so that at most `keep` remain: those
 * past 24 h, then the oldest. `except` (the key a write is about to set) is
 * never among them. Capped at MAX_REMOVALS_PER_WRITE, oldest first.
 *
 * @example
 * ```ts
 * keysToForget(cart.idempotency, Date.now(), MAX_REMEMBERED_KEYS - 1, storedKey(newKey));
 * ```
 */
export function keysToForget(
  idempotency: Readonly<Record<string, IdempotencyEntry>>,
  now: number,
  keep: number,
  except?: string,
): string[] {
  const cutoff = now - LIMITS.idempotencyTtlSeconds * 1000;
  const entries = Object.entries(idempotency)
    .filter(([name]) => name !== except)
    .sort((a, b) => a[1].t - b[1].t);
  return entries
    .filter(([, entry], index) => entry.t < cutoff || index < entries.length - keep)
    .slice(0, MAX_REMOVALS_PER_WRITE)
    .map(([name]) => name);
}

/**
 * The stored name of a client key: its key id (idempotency-memory.ts), six
 * base64url characters, so no client string becomes an attribute name.
 */
export function storedKey(key: string): string {
  return keyId(key);
}

/** The remembered entry for a client key, compact or legacy, if any (own properties only). */
export function rememberedEntry(cart: StoredCart, key: string): IdempotencyEntry | undefined {
  for (const name of [storedKey(key), legacyName(key)]) {
    if (Object.hasOwn(cart.idempotency, name)) return cart.idempotency[name];
  }
  return undefined;
}

/** Does the item hold the `price` map? Items written before it was kept do not, and a nested SET needs it. */
export function hasPriceMap(item: Record<string, unknown>): boolean {
  return typeof item.price === 'object' && item.price !== null;
}

/** Reads a stored item into the pure state. */
export function fromItem(item: Record<string, unknown>): StoredCart {
  const qty = (item.qty ?? {}) as Record<string, number>;
  const added = (item.added ?? {}) as Record<string, number>;
  // The unit price seen when last added (one number per SKU); items written before it was kept have none.
  const price = (item.price ?? {}) as Record<string, number>;
  const lines: LineState[] = Object.entries(qty)
    .map(([sku, quantity]) => ({
      sku,
      quantity: Number(quantity),
      addedAt: Number(added[sku] ?? 0),
      ...(Object.hasOwn(price, sku) ? { addedUnitPrice: Number(price[sku]) } : {}),
    }))
    .sort((a, b) => a.addedAt - b.addedAt || (a.sku < b.sku ? -1 : 1));
  return {
    ownerKey: String(item.pk ?? ''),
    version: Number(item.version ?? 0),
    lines,
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
    expiresAt: typeof item.ttl === 'number' ? item.ttl : null,
    idempotency: readEntries(item),
    mergedInto: typeof item.mergedInto === 'string' ? item.mergedInto : undefined,
    checkout:
      typeof item.checkoutOrderId === 'string' && typeof item.checkedOutVersion === 'number'
        ? { orderId: item.checkoutOrderId, version: item.checkedOutVersion }
        : undefined,
  };
}

/** The item for a cart; whole-item writers (merge, clearing an order's lines) pass the cart's checkout mark on. */
export function toItem(
  ownerKey: string,
  state: CartState,
  idempotency: Readonly<Record<string, IdempotencyEntry>>,
  checkout?: CheckoutMark,
): Record<string, unknown> {
  const qty: Record<string, number> = {};
  const added: Record<string, number> = {};
  const price: Record<string, number> = {};
  for (const line of state.lines) {
    qty[line.sku] = line.quantity;
    added[line.sku] = line.addedAt;
    if (line.addedUnitPrice !== undefined) price[line.sku] = line.addedUnitPrice;
  }
  return {
    pk: ownerKey,
    kind: ownerKey.startsWith('user#') ? 'user' : 'anonymous',
    version: state.version,
    qty,
    added,
    price,
    [KEYS_ATTRIBUTE]: compactMap(idempotency),
    updatedAt: state.updatedAt,
    ...(state.expiresAt === null ? {} : { ttl: state.expiresAt }),
    ...(checkout === undefined ? {} : { checkoutOrderId: checkout.orderId, checkedOutVersion: checkout.version }),
  };
}
