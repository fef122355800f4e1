import { LIMITS } from '@cartkit/contract';
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
import {
  applyOperation,
  type CartOperation,
  type CartState,
  EMPTY_CART,
  type LineState,
  mergeLines,
  touch,
} from '../domain/cart.js';
import { ttlPassed } from '../domain/cart-liveness.js';
import { CartExpiredError, IdempotencyKeyReuseError, UnavailableError } from '../domain/errors.js';
import { awsErrorName, guardStore, toUnavailable } from './aws.js';
import { logger } from '../runtime/logger.js';
import {
  fromItem,
  hasPriceMap,
  keysToForget,
  MAX_REMEMBERED_KEYS,
  rememberedEntry,
  type StoredCart,
  toItem,
} from './cart-item.js';
import {
  buildUpdate,
  diagnose,
  keyClauses,
  type MutationOptions,
  type MutationResult,
  planKeys,
  VersionMismatch,
} from './cart-update.js';
import { attributeOf, keyId, sameRequest } from './idempotency-memory.js';

export { type CheckoutMark, fromItem, type StoredCart, toItem } from './cart-item.js';
export { type MutationOptions, type MutationResult, VersionMismatch } from './cart-update.js';

/** Cart persistence. One conditional write per mutation in the common case. */
export interface CartStore {
  get(ownerKey: string): Promise<StoredCart | undefined>;
  mutate(ownerKey: string, operation: CartOperation, options: MutationOptions): Promise<MutationResult>;
  merge(
    userKey: string,
    anonymousKey: string,
    now: number,
  ): Promise<{ cart: CartState; merged: boolean; anonymousVersion: number; dropped: string[] }>;
  /**
   * Adds `lines` into the cart at `ownerKey` as a merge does (quantities add, capped at the line and
   * cart limits), once per `options.idempotency` key: a repeat (also a concurrent one) is `replayed`.
   */
  copyLines(
    ownerKey: string,
    lines: readonly LineState[],
    options: MutationOptions & { readonly idempotency: { readonly key: string; readonly hash: string } },
  ): Promise<MutationResult & { readonly dropped: readonly string[] }>;
  /** Deletes a cart; with `ifVersion`, only if it is still at that version. Returns whether it was deleted. */
  delete(ownerKey: string, ifVersion?: number): Promise<boolean>;
}

const MAX_ATTEMPTS = 6;

/**
 * DynamoDB cart store. Each cart is one item keyed by its owner:
 * see cart-item.ts for its layout.
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
    // A keyed write forgets the oldest key in the same write, so it needs the names: an eventually
    // consistent read (half a read unit) is far cheaper than a second write of the whole item. A stale
    // read only makes it forget too little (the key it names are older still), which `#pruneKeys` then
    // catches; after a refused write the item DynamoDB returns is the plan's source instead.
    let known: Record<string, unknown> | undefined | null = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (options.idempotency && known === null) known = await this.#peek(ownerKey);
      const keys = options.idempotency ? planKeys(known ?? undefined, options.now, options.idempotency.key) : undefined;
      const update = buildUpdate(ownerKey, operation, options, keys);
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
        known = old !== undefined && Object.keys(old).length > 0 ? old : undefined;
        if (old === undefined || Object.keys(old).length === 0) {
          const created = await this.#create(ownerKey, operation, options);
          if (created) return created;
          continue; // someone created it first: update again
        }
        if (operation.type !== 'clear' && !hasPriceMap(old)) {
          // A cart written before lines remembered their price: give it the map (no version spent), then update again.
          await this.#addPriceMap(ownerKey);
          continue;
        }
        const verdict = diagnose(fromItem(old), operation, options);
        if (verdict && !verdict.changed && !verdict.replayed && options.idempotency) {
          // A keyed request that changed nothing must still be remembered, or its retry
          // could act on what another device wrote since (e.g. remove a line added meanwhile).
          if (await this.#remember(ownerKey, options, old)) return verdict;
          continue;
        }
        if (verdict) return verdict;
        // The condition failed but the rules allow the change: the item moved between evaluation and read. Retry.
      }
    }
    // Contention this heavy is transient: tell the client to retry (with its same Idempotency-Key).
    throw new UnavailableError(1);
  }

  /** The item as an eventually consistent read sees it (undefined: none). */
  async #peek(ownerKey: string): Promise<Record<string, unknown> | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: ownerKey } })),
    );
    return result.Item;
  }

  async #addPriceMap(ownerKey: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: ownerKey },
          UpdateExpression: 'SET price = if_not_exists(price, :empty)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':empty': {} },
        }),
      );
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw toUnavailable(error);
    }
  }

  async #create(
    ownerKey: string,
    operation: CartOperation,
    options: MutationOptions,
  ): Promise<MutationResult | undefined> {
    if (options.expectedVersion !== undefined && options.expectedVersion !== 0) throw new VersionMismatch(EMPTY_CART);
    if (!options.mayCreate) throw new CartExpiredError();
    const { state, changed } = applyOperation(EMPTY_CART, operation, options.now);
    if (!changed) {
      if (options.idempotency && !(await this.#remember(ownerKey, options, undefined))) return undefined;
      return { cart: EMPTY_CART, replayed: false, changed: false };
    }
    const item = toItem(
      ownerKey,
      { ...state, expiresAt: options.ttl ?? null },
      options.idempotency ? entryFor(options.idempotency, options.now) : {},
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
      const userCart = user ?? {
        ...EMPTY_CART,
        ownerKey: userKey,
        idempotency: {},
        mergedInto: undefined,
        checkout: undefined,
      };
      if (anonymous === undefined || anonymous.lines.length === 0) {
        return { cart: userCart, merged: false, anonymousVersion: anonymous?.version ?? 0, dropped: [] };
      }
      const { lines, dropped } = mergeLines(userCart.lines, anonymous.lines, now);
      const next = touch(userCart, lines, now);
      const emptied = touch(anonymous, [], now);
      try {
        await this.#client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#table,
                  Item: toItem(userKey, next, userCart.idempotency, userCart.checkout),
                  ConditionExpression: user ? 'version = :v' : 'attribute_not_exists(pk)',
                  ...(user ? { ExpressionAttributeValues: { ':v': user.version } } : {}),
                },
              },
              {
                Update: {
                  TableName: this.#table,
                  Key: { pk: anonymousKey },
                  // Only the lines and the version: the anonymous cart keeps its ttl and idempotency keys.
                  UpdateExpression:
                    'SET qty = :empty, added = :empty, price = :empty, version = :next, updatedAt = :now, mergedInto = :user',
                  ConditionExpression: 'version = :v',
                  ExpressionAttributeValues: {
                    ':empty': {},
                    ':next': emptied.version,
                    ':now': emptied.updatedAt,
                    ':user': userKey,
                    ':v': anonymous.version,
                  },
                },
              },
            ],
          }),
        );
        return { cart: next, merged: true, anonymousVersion: emptied.version, dropped };
      } catch (error) {
        if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
        // One side moved on: back off a little (with jitter, so racing writers spread out) and read both again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      }
    }
    throw new UnavailableError(1);
  }

  async copyLines(
    ownerKey: string,
    source: readonly LineState[],
    options: MutationOptions & { readonly idempotency: { readonly key: string; readonly hash: string } },
  ): Promise<MutationResult & { readonly dropped: readonly string[] }> {
    const { now, idempotency } = options;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = (
        await guardStore(() =>
          this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: ownerKey }, ConsistentRead: true })),
        )
      ).Item;
      const stored = raw === undefined ? undefined : fromItem(raw);
      if (stored === undefined ? !options.mayCreate : ttlPassed(stored.expiresAt, now)) throw new CartExpiredError();
      const seen = stored === undefined ? undefined : rememberedEntry(stored, idempotency.key);
      if (stored && seen && seen.t > now - LIMITS.idempotencyTtlSeconds * 1000) {
        if (!sameRequest(seen, idempotency.hash)) throw new IdempotencyKeyReuseError();
        return { cart: stored, replayed: true, changed: false, dropped: [] };
      }
      const base = stored ?? EMPTY_CART;
      const { lines, dropped } = mergeLines(base.lines, source, now);
      const next = { ...touch(base, lines, now), expiresAt: options.ttl ?? base.expiresAt };
      try {
        if (stored === undefined) {
          await this.#client.send(
            new PutCommand({
              TableName: this.#table,
              Item: toItem(ownerKey, next, entryFor(idempotency, now)),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } else {
          // One conditional update of the lines, version and key: every other attribute (checkout mark, merge) stays.
          const clauses = keyClauses(idempotency, now, planKeys(raw, now, idempotency.key));
          const qty: Record<string, number> = {};
          const added: Record<string, number> = {};
          const price: Record<string, number> = {};
          for (const line of lines) {
            qty[line.sku] = line.quantity;
            added[line.sku] = line.addedAt;
            if (line.addedUnitPrice !== undefined) price[line.sku] = line.addedUnitPrice;
          }
          const set = ['qty = :qty', 'added = :added', 'price = :price', 'version = :next', 'updatedAt = :iso'];
          if (next.expiresAt !== null) set.push('#ttl = :ttl');
          await this.#client.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: { pk: ownerKey },
              UpdateExpression: `SET ${[...set, ...clauses.set].join(', ')}${clauses.remove.length > 0 ? ` REMOVE ${clauses.remove.join(', ')}` : ''}`,
              ConditionExpression: ['version = :v', ...clauses.conditions].join(' AND '),
              ExpressionAttributeNames: { ...clauses.names, ...(next.expiresAt !== null ? { '#ttl': 'ttl' } : {}) },
              ExpressionAttributeValues: {
                ...clauses.values,
                ':qty': qty,
                ':added': added,
                ':price': price,
                ':next': next.version,
                ':iso': next.updatedAt,
                ':v': stored.version,
                ...(next.expiresAt !== null ? { ':ttl': next.expiresAt } : {}),
              },
            }),
          );
        }
        return { cart: next, replayed: false, changed: true, dropped };
      } catch (error) {
        if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw toUnavailable(error);
        // The cart moved on (or a twin request recorded the key first): read it again.
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
   * spending a version, and forgets the oldest keys beyond the cap in the same
   * write. False when the cart appeared (or the key was taken) meanwhile: the
   * caller reads again. `existing` is the item as the failed write found it.
   */
  async #remember(
    ownerKey: string,
    options: MutationOptions,
    existing: Record<string, unknown> | undefined,
  ): Promise<boolean> {
    const idempotency = options.idempotency;
    if (!idempotency) return true;
    try {
      if (existing) {
        const plan = planKeys(existing, options.now, idempotency.key);
        const clauses = keyClauses(idempotency, options.now, plan);
        await this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { pk: ownerKey },
            UpdateExpression: `SET ${clauses.set.join(', ')}${clauses.remove.length > 0 ? ` REMOVE ${clauses.remove.join(', ')}` : ''}`,
            ConditionExpression: ['attribute_exists(pk)', ...clauses.conditions].join(' AND '),
            ExpressionAttributeNames: clauses.names,
            ExpressionAttributeValues: clauses.values,
          }),
        );
        // An item that was already far over the cap (written before the cap held) shrinks over a few writes.
        const left = Object.keys(fromItem(existing).idempotency).length - plan.forget.length;
        if (left >= MAX_REMEMBERED_KEYS) {
          const after = await this.get(ownerKey);
          if (after) await this.#pruneKeys(after, options.now);
        }
      } else {
        const empty = { ...EMPTY_CART, expiresAt: options.ttl ?? null };
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: toItem(ownerKey, empty, entryFor(idempotency, options.now)),
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

  /**
   * Forgets idempotency keys past 24 h and the oldest beyond the cap when a
   * write still left more than 32 (its plan came from a stale read, or the item
   * was over the cap already), without spending a version, in chunks that keep
   * the expression far under DynamoDB's 4 KB. Usually the write itself forgot them: no call.
   */
  async #pruneKeys(cart: StoredCart, now: number): Promise<void> {
    let idempotency = cart.idempotency;
    for (let round = 0; round < 50; round++) {
      const drop = keysToForget(idempotency, now, MAX_REMEMBERED_KEYS);
      if (drop.length === 0) return;
      const names: Record<string, string> = {};
      const paths = drop.map((key, index) => {
        names[`#k${index}`] = key;
        return `${attributeOf(key)}.#k${index}`;
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
      } catch (error) {
        // The cart moved on: that write prunes in turn. Anything else is worth knowing, never worth failing the request for.
        if (awsErrorName(error) !== 'ConditionalCheckFailedException') {
          logger.warn('idempotency keys not pruned', { error: error as Error });
        }
        return;
      }
      const dropped = new Set(drop);
      idempotency = Object.fromEntries(Object.entries(idempotency).filter(([key]) => !dropped.has(key)));
    }
  }
}

/** The one entry a new item starts with, under its compact name (`toItem` keeps the hash's prefix). */
function entryFor(idempotency: { key: string; hash: string }, now: number) {
  const entries: Record<string, { h: string; t: number }> = {};
  Object.defineProperty(entries, keyId(idempotency.key), { value: { h: idempotency.hash, t: now }, enumerable: true });
  return entries;
}
