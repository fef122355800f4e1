import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { guardStore } from './aws.js';

/**
 * Cognito access tokens are JWTs checked offline, so neither deleting a user
 * nor revoking a refresh token ends the access tokens already handed out
 * (they live up to 24 h). A revocation is what does: tokens of that user
 * issued at or before `before` are refused.
 */
export interface RevocationStore {
  /** Epoch seconds at or before which this user's tokens are refused; undefined when none. */
  revokedBefore(ownerKey: string, now: number): Promise<number | undefined>;
  /** Refuses every token of the user issued up to `now` from now on. */
  revoke(ownerKey: string, now: number, reason: 'account-deleted'): Promise<void>;
}

/** Longer than any Cognito access token lives (the maximum validity is one day), plus clock skew. */
export const REVOCATION_TTL_SECONDS = 24 * 60 * 60 + 15 * 60;

/**
 * Revocations table: `{ pk: 'user#<sub>', before, reason, ttl }`. One
 * strongly consistent GetItem per check; a revocation found is remembered
 * until it expires, its absence for `cacheMs` (so other instances refuse a
 * revoked token at most that much later; the instance that revokes, at once).
 *
 * @example
 * ```ts
 * const revocations = new DynamoRevocationStore(db, config.tables.revocations, 1000);
 * if ((await revocations.revokedBefore('user#abc', Date.now())) !== undefined) refuse();
 * ```
 */
export class DynamoRevocationStore implements RevocationStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, { before: number | undefined; until: number }>();

  constructor(client: DynamoDBDocumentClient, table: string, cacheMs: number) {
    this.#client = client;
    this.#table = table;
    this.#cacheMs = cacheMs;
  }

  async revokedBefore(ownerKey: string, now: number): Promise<number | undefined> {
    const cached = this.#cache.get(ownerKey);
    if (cached && cached.until > now) return cached.before;
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: ownerKey }, ConsistentRead: true })),
    );
    const item = result.Item;
    const expires = typeof item?.ttl === 'number' ? item.ttl * 1000 : 0;
    // DynamoDB deletes expired items lazily: one past its TTL no longer counts.
    const before = item && typeof item.before === 'number' && expires > now ? item.before : undefined;
    this.#remember(ownerKey, before, before === undefined ? now + this.#cacheMs : expires);
    return before;
  }

  async revoke(ownerKey: string, now: number, reason: 'account-deleted'): Promise<void> {
    const before = Math.floor(now / 1000);
    const ttl = before + REVOCATION_TTL_SECONDS;
    await guardStore(() =>
      this.#client.send(new PutCommand({ TableName: this.#table, Item: { pk: ownerKey, before, reason, ttl } })),
    );
    this.#remember(ownerKey, before, ttl * 1000);
  }

  #remember(ownerKey: string, before: number | undefined, until: number): void {
    if (this.#cache.size > 10_000) this.#cache.clear(); // bounded memory; a miss only costs a read
    this.#cache.set(ownerKey, { before, until });
  }
}
