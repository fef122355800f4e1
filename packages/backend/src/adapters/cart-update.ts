import { LIMITS } from '@cartkit/contract';
import { applyOperation, type CartOperation, type CartState } from '../domain/cart.js';
import { epochSeconds, ttlPassed } from '../domain/cart-liveness.js';
import { CartExpiredError, IdempotencyKeyReuseError } from '../domain/errors.js';
import { keysToForget, MAX_REMEMBERED_KEYS, rememberedEntry, type StoredCart } from './cart-item.js';
import {
  attributeOf,
  encodeEntry,
  encodeTime,
  KEYS_ATTRIBUTE,
  keyId,
  LEGACY_KEYS_ATTRIBUTE,
  legacyName,
  readEntries,
  sameRequest,
} from './idempotency-memory.js';

// The single conditional UpdateItem of a cart mutation, and how to read its
// refusal: pure functions of the operation, the options and the old item.

export interface MutationOptions {
  readonly now: number;
  /** The key and a hash of the request it came with. */
  readonly idempotency?: { readonly key: string; readonly hash: string };
  /** From `If-Match`: the version the caller last saw. */
  readonly expectedVersion?: number;
  /** Anonymous carts: the new expiry (epoch s), pushed forward on every write. */
  readonly ttl?: number;
  /** May a cart that does not exist yet be created? `isCartAlive(owner, undefined, now)` (domain/cart-liveness.ts). */
  readonly mayCreate: boolean;
}

export interface MutationResult {
  readonly cart: CartState;
  /** A repeat of an earlier request with the same Idempotency-Key: nothing was written. */
  readonly replayed: boolean;
  readonly changed: boolean;
}

export class VersionMismatch extends Error {
  override name = 'VersionMismatch';
  constructor(readonly current: CartState) {
    super('The cart moved on.');
  }
}

/** Why a conditional update failed, from the item as it was. Undefined means "retry". */
export function diagnose(
  old: StoredCart,
  operation: CartOperation,
  options: MutationOptions,
): MutationResult | undefined {
  // A written cart is alive until its ttl (domain/cart-liveness.ts); the update's condition says the same.
  if (ttlPassed(old.expiresAt, options.now)) throw new CartExpiredError();
  if (options.idempotency) {
    const seen = rememberedEntry(old, options.idempotency.key);
    if (seen && seen.t > options.now - LIMITS.idempotencyTtlSeconds * 1000) {
      if (!sameRequest(seen, options.idempotency.hash)) throw new IdempotencyKeyReuseError();
      return { cart: old, replayed: true, changed: false };
    }
  }
  if (options.expectedVersion !== undefined && options.expectedVersion !== old.version) throw new VersionMismatch(old);
  const { changed } = applyOperation(old, operation, options.now); // throws QUANTITY_LIMIT / CART_FULL
  if (!changed) return { cart: old, replayed: false, changed: false };
  return undefined;
}

interface BuiltUpdate {
  Key: { pk: string };
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * How a keyed write records its key, planned from the item as last read: whether
 * the item has the compact map yet, whether it still holds legacy entries (the
 * condition must check the key's legacy name too), and which entries to forget
 * in the same write so that at most 32 remain (no second write to prune).
 */
export interface KeyPlan {
  readonly compact: boolean;
  readonly legacy: boolean;
  readonly forget: readonly string[];
}

/** The plan for recording `key` at `now` on `item` (undefined: no item seen). */
export function planKeys(item: Record<string, unknown> | undefined, now: number, key: string): KeyPlan {
  if (item === undefined) return { compact: true, legacy: false, forget: [] };
  const legacy = item[LEGACY_KEYS_ATTRIBUTE];
  return {
    compact: typeof item[KEYS_ATTRIBUTE] === 'object' && item[KEYS_ATTRIBUTE] !== null,
    legacy: typeof legacy === 'object' && legacy !== null && Object.keys(legacy).length > 0,
    forget: keysToForget(readEntries(item), now, MAX_REMEMBERED_KEYS - 1, keyId(key)),
  };
}

/** The clauses that record a key (and forget the planned ones), shared by mutations and keyed no-ops. */
export interface KeyClauses {
  readonly set: string[];
  readonly remove: string[];
  readonly conditions: string[];
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

export function keyClauses(idempotency: { key: string; hash: string }, now: number, plan: KeyPlan): KeyClauses {
  const cutoff = now - LIMITS.idempotencyTtlSeconds * 1000;
  const id = keyId(idempotency.key);
  const entry = encodeEntry(now, idempotency.hash);
  const clauses: KeyClauses = { set: [], remove: [], conditions: [], names: {}, values: {} };
  if (plan.compact) {
    clauses.names['#k'] = id;
    clauses.values[':entry'] = entry;
    clauses.values[':cutoffT'] = encodeTime(cutoff);
    clauses.set.push(`${KEYS_ATTRIBUTE}.#k = :entry`);
    // Entries are strings that start with their time, in an alphabet whose order is the time's.
    clauses.conditions.push(`(attribute_not_exists(${KEYS_ATTRIBUTE}.#k) OR ${KEYS_ATTRIBUTE}.#k < :cutoffT)`);
  } else {
    // The first compact entry of an item written before the compact map: only if no one created it meanwhile.
    const fresh: Record<string, string> = {};
    Object.defineProperty(fresh, id, { value: entry, enumerable: true });
    clauses.values[':fresh'] = fresh;
    clauses.set.push(`${KEYS_ATTRIBUTE} = :fresh`);
    clauses.conditions.push(`attribute_not_exists(${KEYS_ATTRIBUTE})`);
  }
  if (plan.legacy) {
    clauses.names['#lk'] = legacyName(idempotency.key);
    clauses.values[':cutoff'] = cutoff;
    clauses.conditions.push(
      `(attribute_not_exists(${LEGACY_KEYS_ATTRIBUTE}.#lk) OR ${LEGACY_KEYS_ATTRIBUTE}.#lk.t < :cutoff)`,
    );
  }
  plan.forget.forEach((name, index) => {
    clauses.names[`#f${index}`] = name;
    clauses.remove.push(`${attributeOf(name)}.#f${index}`);
  });
  return clauses;
}

export function buildUpdate(
  ownerKey: string,
  operation: CartOperation,
  options: MutationOptions,
  keys?: KeyPlan,
): BuiltUpdate {
  const set = ['version = version + :one', 'updatedAt = :iso'];
  const remove: string[] = [];
  const conditions = ['attribute_exists(pk)'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':one': 1, ':iso': new Date(options.now).toISOString() };

  switch (operation.type) {
    case 'add':
      names['#s'] = operation.sku;
      Object.assign(values, {
        ':zero': 0,
        ':q': operation.quantity,
        ':now': options.now,
        ':room': LIMITS.maxQuantity - operation.quantity,
        ':maxLines': LIMITS.maxLines,
      });
      set.push('qty.#s = if_not_exists(qty.#s, :zero) + :q', 'added.#s = if_not_exists(added.#s, :now)');
      if (operation.unitPrice !== undefined) {
        // The price the shopper saw now: the newest add wins. The map must exist (see `hasPriceMap`).
        values[':p'] = operation.unitPrice;
        set.push('price.#s = :p');
        conditions.push('attribute_exists(price)');
      }
      conditions.push('(attribute_not_exists(qty.#s) OR qty.#s <= :room)');
      conditions.push('(attribute_exists(qty.#s) OR size(qty) < :maxLines)');
      break;
    case 'set':
      names['#s'] = operation.sku;
      if (operation.quantity === 0) {
        remove.push('qty.#s', 'added.#s', 'price.#s');
        conditions.push('attribute_exists(qty.#s)', 'attribute_exists(price)');
      } else {
        Object.assign(values, { ':q': operation.quantity, ':now': options.now, ':maxLines': LIMITS.maxLines });
        set.push('qty.#s = :q', 'added.#s = if_not_exists(added.#s, :now)');
        if (operation.unitPrice !== undefined) {
          // Only a line this creates takes the price; a quantity change keeps the one seen when added.
          values[':p'] = operation.unitPrice;
          set.push('price.#s = if_not_exists(price.#s, :p)');
          conditions.push('attribute_exists(price)');
        }
        conditions.push('(attribute_exists(qty.#s) OR size(qty) < :maxLines)');
      }
      break;
    case 'remove':
      names['#s'] = operation.sku;
      remove.push('qty.#s', 'added.#s', 'price.#s');
      conditions.push('attribute_exists(qty.#s)', 'attribute_exists(price)');
      break;
    case 'clear':
      Object.assign(values, { ':empty': {}, ':zero': 0 });
      set.push('qty = :empty', 'added = :empty', 'price = :empty');
      conditions.push('size(qty) > :zero');
      break;
  }
  if (options.ttl !== undefined) {
    names['#ttl'] = 'ttl';
    values[':ttl'] = options.ttl;
    // The liveness rule in DynamoDB's terms: the negation of `ttlPassed(ttl, now)` (domain/cart-liveness.ts),
    // `ttl <= epochSeconds(now)`. `diagnose` names the refusal with `ttlPassed` itself.
    values[':nowS'] = epochSeconds(options.now);
    set.push('#ttl = :ttl');
    conditions.push('(attribute_not_exists(#ttl) OR #ttl > :nowS)');
  }
  if (options.idempotency) {
    const clauses = keyClauses(options.idempotency, options.now, keys ?? { compact: true, legacy: false, forget: [] });
    set.push(...clauses.set);
    remove.push(...clauses.remove);
    conditions.push(...clauses.conditions);
    Object.assign(names, clauses.names);
    Object.assign(values, clauses.values);
  }
  if (options.expectedVersion !== undefined) {
    values[':expected'] = options.expectedVersion;
    conditions.push('version = :expected');
  }
  return {
    Key: { pk: ownerKey },
    UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}
