import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../domain/errors.js';
import { awsErrorName, guardStore } from './aws.js';

/** Counts calls per key in fixed windows; throws `RateLimitedError` past the limit. */
export interface RateLimiter {
  hit(key: string, limit: number, now: number): Promise<void>;
}

const WINDOW_SECONDS = 60;

/**
 * A fixed-window counter in DynamoDB, shared by every Lambda instance: one
 * conditional `ADD` per call, items expire by TTL. Used where the limit must
 * hold across instances (issuing anonymous tokens per client IP).
 */
export class DynamoRateLimiter implements RateLimiter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async hit(key: string, limit: number, now: number): Promise<void> {
    if (limit <= 0) return; // 0 turns the limit off, as for MemoryRateLimiter
    const window = Math.floor(now / 1000 / WINDOW_SECONDS);
    const retryAfter = Math.max(1, (window + 1) * WINDOW_SECONDS - Math.floor(now / 1000));
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { pk: `${key}#${window}` },
            UpdateExpression: 'ADD hits :one SET #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': (window + 2) * WINDOW_SECONDS },
          }),
        ),
      );
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') throw new RateLimitedError(retryAfter);
      throw error;
    }
  }
}

/**
 * A token bucket per key in this instance's memory: no store round trip, so
 * it can sit on every cart mutation. Limits per Lambda instance; API
 * Gateway's stage throttling is the global cap.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  async hit(key: string, limitPerMinute: number, now: number): Promise<void> {
    if (limitPerMinute <= 0) return;
    const ratePerMs = limitPerMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: limitPerMinute, at: now };
    bucket.tokens = Math.min(limitPerMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)));
    }
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#evict(now);
  }

  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) if (now - bucket.at > 60_000) this.#buckets.delete(key);
  }
}
