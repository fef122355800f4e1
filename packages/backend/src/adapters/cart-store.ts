import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LIMITS } from '@cartkit/contract';
import {
  applyOperation,
  type CartOperation,
  type CartState,
  EMPTY_CART,
  type LineState,
  mergeLines,
} from '../domain/cart.js';
import { AppError, IdempotencyKeyReuseError, UnauthorizedError, UnavailableError } from '../domain/errors.js';
import { awsErrorName, guardStore, toUnavailable } from './aws.js';

/** A remembered idempotency key: the request's hash and when it was first seen (epoch ms, which also orders keys for pruning). */
interface IdempotencyEntry {
  readonly h: string;
  readonly t: number;
}

/** A cart as stored: the pure state plus what the store needs. */
export interface StoredCart extends CartState {
  readonly ownerKey: string;
  readonly idempotency: Readonly<Record<string, IdempotencyEntry>>;
  readonly mergedInto: string | undefined;
}

export interface MutationOptions {
  readonly now: number;
  /** The key and a hash of the request it came with. */
  readonly idempotency?: { readonly key: string; readonly hash: string };
  /** From `If-Match`: the version the caller last saw. */
  readonly expectedVersion?: number;
  /** Anonymous carts: the new expiry (epoch s), pushed forward on every write. */
  readonly ttl?: number;
  /** Anonymous carts: may a cart that does not exist yet be created (token not expired)? */
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

/** Cart persistence. One conditional write per mutation in the common case. */
export interface CartStore {
  get(ownerKey: string, now: number): Promise<StoredCart | undefined>;
  mutate(ownerKey: string, operation: CartOperation, options: MutationOptions): Promise<MutationResult>;
  merge(
    userKey: string,
    anonymousKey: string,
    now: number,
  ): Promise<{ cart: CartState; merged: boolean; anonymousVersion: number; dropped: string[] }>;
  /** Deletes a cart; with `ifVersion`, only if it is still at that version. Returns whether it was deleted. */
  delete(ownerKey: string, ifVersion?: number): Promise<boolean>;
}

/** Keys kept after pruning: the most recent 32, as docs/API.md promises. */
const MAX_REMEMBERED_KEYS = 32;
/** Pruning runs only past this many, so it costs an extra write rarely. */
const PRUNE_ABOVE = 40;

/**
 * Idempotency keys are client strings: stored under a `k:` prefix so none can
 * collide with an object's own names (`__proto__`, `constructor`) in any code
 * that reads the map back.
 */
function storedKey(key: string): string {
  return `k:${key}`;
}

/** The remembered entry for a client key, if any (own properties only). */
function rememberedEntry(cart: StoredCart, key: string): IdempotencyEntry | undefined {
  const name = storedKey(key);
  return Object.hasOwn(cart.idempotency, name) ? cart.idempotency[name] : undefined;
}
const MAX_ATTEMPTS = 6;

/**
 * DynamoDB cart store. Each cart is one item keyed by its owner:
 * `{ pk, version, qty: {sku: n}, added: {sku: ms}, idem: {key: {h, t}}, updatedAt, ttl? }`.
 * A mutation is a single `UpdateItem` whose condition encodes the contract's
 * limits, the idempotency key and `If-Match`; only when it fails does the
 * store look at the returned old item to say why (pure rules in domain/cart).
 */
export class DynamoCartStore implements CartStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(ownerKey: string): Promise<StoredCart | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: ownerKey }, ConsistentRead: true })),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async mutate(ownerKey: string, operation: CartOperation, options: MutationOptions): Promise<MutationResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const update = buildUpdate(ownerKey, operation, options);
      try {
        const result = await this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            ...update,
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        const stored = fromItem(result.Attributes ?? {});
        await this.#pruneKeys(stored, options.now);
        return { cart: stored, replayed: false, changed: true };
      } catch (error) {
        if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw toUnavailable(error);
        const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
        const old = raw === undefined ? undefined : unmarshall(raw);
        if (old === undefined || Object.keys(old).length === 0) {
          const created = await this.#create(ownerKey, operation, options);
          if (created) return created;
          continue; // someone created it first: update again
        }
        const verdict = diagnose(fromItem(old), operation, options);
        if (verdict && !verdict.changed && !verdict.replayed && options.idempotency) {
          // A keyed request that changed nothing must still be remembered, or its retry
          // could act on what another device wrote since (e.g. remove a line added meanwhile).
          if (await this.#remember(ownerKey, options, true)) return verdict;
          continue;
        }
        if (verdict) return verdict;
        // The condition failed but the rules allow the change: the item moved between evaluation and read. Retry.
      }
    }
    // Contention this heavy is transient: tell the client to retry (with its same Idempotency-Key).
    throw new UnavailableError(1);
  }

  async #create(
    ownerKey: string,
    operation: CartOperation,
    options: MutationOptions,
  ): Promise<MutationResult | undefined> {
    if (options.expectedVersion !== undefined && options.expectedVersion !== 0) throw new VersionMismatch(EMPTY_CART);
    if (!options.mayCreate) throw new UnauthorizedError('The cart token has expired.');
    const { state, changed } = applyOperation(EMPTY_CART, operation, options.now);
    if (!changed) {
      if (options.idempotency && !(await this.#remember(ownerKey, options, false))) return undefined;
      return { cart: EMPTY_CART, replayed: false, changed: false };
    }
    const item = toItem(
      ownerKey,
      { ...state, expiresAt: options.ttl ?? null },
      options.idempotency
        ? { [storedKey(options.idempotency.key)]: { h: options.idempotency.hash, t: options.now } }
        : {},
    );
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return undefined;
      throw toUnavailable(error);
    }
    return { cart: fromItem(item), replayed: false, changed: true };
  }

  async merge(
    userKey: string,
    anonymousKey: string,
    now: number,
  ): Promise<{ cart: CartState; merged: boolean; anonymousVersion: number; dropped: string[] }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [user, anonymous] = await Promise.all([this.get(userKey), this.get(anonymousKey)]);
      const userCart = user ?? { ...EMPTY_CART, ownerKey: userKey, idempotency: {}, mergedInto: undefined };
      if (anonymous === undefined || anonymous.lines.length === 0) {
        return { cart: userCart, merged: false, anonymousVersion: anonymous?.version ?? 0, dropped: [] };
      }
      const { lines, dropped } = mergeLines(userCart.lines, anonymous.lines, now);
      const next: CartState = {
        version: userCart.version + 1,
        lines,
        updatedAt: new Date(now).toISOString(),
        expiresAt: userCart.expiresAt,
      };
      try {
        await this.#client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#table,
                  Item: toItem(userKey, next, userCart.idempotency),
                  ConditionExpression: user ? 'version = :v' : 'attribute_not_exists(pk)',
                  ...(user ? { ExpressionAttributeValues: { ':v': user.version } } : {}),
                },
              },
              {
                Update: {
                  TableName: this.#table,
                  Key: { pk: anonymousKey },
                  UpdateExpression:
                    'SET qty = :empty, added = :empty, version = version + :one, updatedAt = :now, mergedInto = :user',
                  ConditionExpression: 'version = :v',
                  ExpressionAttributeValues: {
                    ':empty': {},
                    ':one': 1,
                    ':now': next.updatedAt,
                    ':user': userKey,
                    ':v': anonymous.version,
                  },
                },
              },
            ],
          }),
        );
        return { cart: next, merged: true, anonymousVersion: anonymous.version + 1, dropped };
      } catch (error) {
        if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
        // One side moved on: back off a little (with jitter, so racing writers spread out) and read both again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      }
    }
    throw new UnavailableError(1);
  }

  async delete(ownerKey: string, ifVersion?: number): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new DeleteCommand({
            TableName: this.#table,
            Key: { pk: ownerKey },
            ...(ifVersion === undefined
              ? {}
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': ifVersion } }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * Records an idempotency key for a request that changed nothing, without
   * spending a version. False when the cart appeared (or the key was taken)
   * meanwhile: the caller reads again.
   */
  async #remember(ownerKey: string, options: MutationOptions, exists: boolean): Promise<boolean> {
    const idempotency = options.idempotency;
    if (!idempotency) return true;
    const entry = { h: idempotency.hash, t: options.now };
    try {
      if (exists) {
        await this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { pk: ownerKey },
            UpdateExpression: 'SET idem.#k = :entry',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(idem.#k) OR idem.#k.t < :cutoff)',
            ExpressionAttributeNames: { '#k': storedKey(idempotency.key) },
            ExpressionAttributeValues: { ':entry': entry, ':cutoff': entry.t - LIMITS.idempotencyTtlSeconds * 1000 },
          }),
        );
      } else {
        const empty = { ...EMPTY_CART, expiresAt: options.ttl ?? null };
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: toItem(ownerKey, empty, { [storedKey(idempotency.key)]: entry }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      }
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw toUnavailable(error);
    }
  }

  /** Forgets idempotency keys past 24 h, and the oldest beyond the cap, without spending a version. */
  async #pruneKeys(cart: StoredCart, now: number): Promise<void> {
    const entries = Object.entries(cart.idempotency);
    if (entries.length <= PRUNE_ABOVE) return;
    const cutoff = now - LIMITS.idempotencyTtlSeconds * 1000;
    const sorted = entries.sort((a, b) => a[1].t - b[1].t);
    const drop = sorted.filter(([, entry], index) => entry.t < cutoff || index < sorted.length - MAX_REMEMBERED_KEYS);
    if (drop.length === 0) return;
    const names: Record<string, string> = {};
    const paths = drop.map(([key], index) => {
      names[`#k${index}`] = key;
      return `idem.#k${index}`;
    });
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: cart.ownerKey },
          UpdateExpression: `REMOVE ${paths.join(', ')}`,
          ConditionExpression: 'version = :v',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':v': cart.version },
        }),
      );
    } catch {
      // Best effort: the next write prunes again.
    }
  }
}

/** Why a conditional update failed, from the item as it was. Undefined means "retry". */
function diagnose(old: StoredCart, operation: CartOperation, options: MutationOptions): MutationResult | undefined {
  const nowSeconds = Math.floor(options.now / 1000);
  if (old.expiresAt !== null && old.expiresAt <= nowSeconds) throw new UnauthorizedError('The cart token has expired.');
  if (options.idempotency) {
    const seen = rememberedEntry(old, options.idempotency.key);
    if (seen && seen.t > options.now - LIMITS.idempotencyTtlSeconds * 1000) {
      if (seen.h !== options.idempotency.hash) throw new IdempotencyKeyReuseError();
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

function buildUpdate(ownerKey: string, operation: CartOperation, options: MutationOptions): BuiltUpdate {
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
      conditions.push('(attribute_not_exists(qty.#s) OR qty.#s <= :room)');
      conditions.push('(attribute_exists(qty.#s) OR size(qty) < :maxLines)');
      break;
    case 'set':
      names['#s'] = operation.sku;
      if (operation.quantity === 0) {
        remove.push('qty.#s', 'added.#s');
        conditions.push('attribute_exists(qty.#s)');
      } else {
        Object.assign(values, { ':q': operation.quantity, ':now': options.now, ':maxLines': LIMITS.maxLines });
        set.push('qty.#s = :q', 'added.#s = if_not_exists(added.#s, :now)');
        conditions.push('(attribute_exists(qty.#s) OR size(qty) < :maxLines)');
      }
      break;
    case 'remove':
      names['#s'] = operation.sku;
      remove.push('qty.#s', 'added.#s');
      conditions.push('attribute_exists(qty.#s)');
      break;
    case 'clear':
      Object.assign(values, { ':empty': {}, ':zero': 0 });
      set.push('qty = :empty', 'added = :empty');
      conditions.push('size(qty) > :zero');
      break;
  }
  if (options.ttl !== undefined) {
    names['#ttl'] = 'ttl';
    values[':ttl'] = options.ttl;
    values[':nowS'] = Math.floor(options.now / 1000);
    set.push('#ttl = :ttl');
    conditions.push('(attribute_not_exists(#ttl) OR #ttl > :nowS)');
  }
  if (options.idempotency) {
    names['#k'] = storedKey(options.idempotency.key);
    values[':entry'] = { h: options.idempotency.hash, t: options.now };
    values[':cutoff'] = options.now - LIMITS.idempotencyTtlSeconds * 1000;
    set.push('idem.#k = :entry');
    conditions.push('(attribute_not_exists(idem.#k) OR idem.#k.t < :cutoff)');
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

/** Reads a stored item into the pure state. */
export function fromItem(item: Record<string, unknown>): StoredCart {
  const qty = (item.qty ?? {}) as Record<string, number>;
  const added = (item.added ?? {}) as Record<string, number>;
  const lines: LineState[] = Object.entries(qty)
    .map(([sku, quantity]) => ({ sku, quantity: Number(quantity), addedAt: Number(added[sku] ?? 0) }))
    .sort((a, b) => a.addedAt - b.addedAt || (a.sku < b.sku ? -1 : 1));
  return {
    ownerKey: String(item.pk ?? ''),
    version: Number(item.version ?? 0),
    lines,
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
    expiresAt: typeof item.ttl === 'number' ? item.ttl : null,
    idempotency: (item.idem ?? {}) as Record<string, IdempotencyEntry>,
    mergedInto: typeof item.mergedInto === 'string' ? item.mergedInto : undefined,
  };
}

export function toItem(
  ownerKey: string,
  state: CartState,
  idempotency: Readonly<Record<string, IdempotencyEntry>>,
): Record<string, unknown> {
  const qty: Record<string, number> = {};
  const added: Record<string, number> = {};
  for (const line of state.lines) {
    qty[line.sku] = line.quantity;
    added[line.sku] = line.addedAt;
  }
  return {
    pk: ownerKey,
    kind: ownerKey.startsWith('user#') ? 'user' : 'anonymous',
    version: state.version,
    qty,
    added,
    idem: { ...idempotency },
    updatedAt: state.updatedAt,
    ...(state.expiresAt === null ? {} : { ttl: state.expiresAt }),
  };
}

/** Narrows errors the store raises on purpose (domain errors, version mismatches). */
export function isStoreVerdict(error: unknown): error is AppError | VersionMismatch {
  return error instanceof AppError || error instanceof VersionMismatch;
}
