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
import { applyOperation, type CartOperation, type CartState, EMPTY_CART, mergeLines } from '../domain/cart.js';
import { AppError, UnauthorizedError, UnavailableError } from '../domain/errors.js';
import { awsErrorName, guardStore, toUnavailable } from './aws.js';
import { fromItem, MAX_REMEMBERED_KEYS, PRUNE_ABOVE, type StoredCart, storedKey, toItem } from './cart-item.js';
import { buildUpdate, diagnose, type MutationOptions, type MutationResult, VersionMismatch } from './cart-update.js';

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
                  Item: toItem(userKey, next, userCart.idempotency, userCart.checkout),
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

/** Narrows errors the store raises on purpose (domain errors, version mismatches). */
export function isStoreVerdict(error: unknown): error is AppError | VersionMismatch {
  return error instanceof AppError || error instanceof VersionMismatch;
}
