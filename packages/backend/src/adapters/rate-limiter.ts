import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../domain/errors.js';
import { awsErrorName, guardStore } from './aws-errors.js';

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

export { MemoryRateLimiter } from './memory-rate-limiter.js';
