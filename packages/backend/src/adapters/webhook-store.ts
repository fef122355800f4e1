import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@cartkit/contract';
import { ValidationError } from '../domain/errors.js';
import { awsErrorName, guardStore } from './aws.js';

const ENDPOINT = 'endpoint';
const DELIVERY = 'delivery';
/** Delivery rows are kept 30 days. */
const DELIVERY_TTL_SECONDS = 30 * 24 * 3_600;

/** A delivery as stored: the wire fields plus the exact payload sent (and signed) on every attempt. */
export interface StoredDelivery extends WebhookDelivery {
  readonly payload: string;
  /** The order an `order.*` event is about (the `byOrder` index's key); absent for product events. */
  readonly orderId?: string;
  /** Set once the payload's personal fields were erased (`DELETE /me` of the order's shopper). */
  readonly erasedAt?: string;
}

/**
 * The Webhooks table: the merchant's endpoints (with their signing secrets)
 * and the delivery log, which the worker updates after every attempt.
 */
export class DynamoWebhookStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /** Every registered endpoint. */
  async endpoints(): Promise<WebhookEndpoint[]> {
    const result = await guardStore(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': ENDPOINT },
          ConsistentRead: true,
        }),
      ),
    );
    return (result.Items ?? []).map(toEndpoint).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async endpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const result = await guardStore(() =>
      this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: ENDPOINT, sk: id }, ConsistentRead: true }),
      ),
    );
    return result.Item ? toEndpoint(result.Item) : undefined;
  }

  /**
   * Makes the registered set exactly `wanted`, in one transaction: an endpoint
   * whose URL is already registered keeps its id and secret (its events are
   * replaced); a new URL gets a fresh id and secret; a URL left out is removed.
   */
  async replaceEndpoints(
    wanted: readonly { url: string; events: readonly WebhookEventType[] }[],
    now: number,
  ): Promise<WebhookEndpoint[]> {
    const current = await this.endpoints();
    const byUrl = new Map(current.map((endpoint) => [endpoint.url, endpoint]));
    const next: WebhookEndpoint[] = wanted.map((want) => {
      const kept = byUrl.get(want.url);
      return {
        id: kept?.id ?? `ep_${randomBytes(12).toString('base64url')}`,
        url: want.url,
        events: [...new Set(want.events)],
        secret: kept?.secret ?? `whsec_${randomBytes(24).toString('base64')}`,
        createdAt: kept?.createdAt ?? new Date(now).toISOString(),
      };
    });
    const keep = new Set(next.map((endpoint) => endpoint.id));
    const items = [
      ...next.map((endpoint) => ({
        Put: { TableName: this.#table, Item: { pk: ENDPOINT, sk: endpoint.id, ...endpoint } },
      })),
      ...current
        .filter((endpoint) => !keep.has(endpoint.id))
        .map((endpoint) => ({ Delete: { TableName: this.#table, Key: { pk: ENDPOINT, sk: endpoint.id } } })),
    ];
    if (items.length > 0) await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
    return next;
  }

  /** Records a new delivery; false if one with this id exists (the same event handed over again). */
  async createDelivery(delivery: StoredDelivery): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              pk: DELIVERY,
              sk: delivery.id,
              ...delivery,
              ttl: Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_TTL_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async delivery(id: string): Promise<StoredDelivery | undefined> {
    const result = await guardStore(() =>
      this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: DELIVERY, sk: id }, ConsistentRead: true }),
      ),
    );
    return result.Item ? toDelivery(result.Item) : undefined;
  }

  /** Deliveries newest first, optionally of one status; `cursor` from the previous page. */
  async deliveries(options: {
    status?: WebhookDelivery['status'];
    limit?: number;
    cursor?: string;
  }): Promise<{ items: StoredDelivery[]; cursor?: string }> {
    const limit = options.limit ?? 20;
    if (options.cursor !== undefined && !/^msg_[A-Za-z0-9_-]{9,40}$/.test(options.cursor)) {
      throw new ValidationError('The cursor is invalid: pass the nextCursor of the previous page.');
    }
    const items: StoredDelivery[] = [];
    let start: Record<string, unknown> | undefined =
      options.cursor === undefined ? undefined : { pk: DELIVERY, sk: options.cursor };
    do {
      const page = await guardStore(() =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'pk = :pk',
            ...(options.status === undefined
              ? { ExpressionAttributeValues: { ':pk': DELIVERY } }
              : {
                  FilterExpression: '#status = :status',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':pk': DELIVERY, ':status': options.status },
                }),
            ScanIndexForward: false,
            Limit: limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...(page.Items ?? []).map(toDelivery));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && items.length < limit);
    const last = start?.sk;
    return typeof last === 'string' ? { items, cursor: last } : { items };
  }

  /** What one attempt found. */
  async recordAttempt(
    id: string,
    result: {
      status: WebhookDelivery['status'];
      attempts: number;
      statusCode?: number;
      error?: string;
      nextAttemptAt?: string;
      deliveredAt?: string;
    },
  ): Promise<void> {
    const set = ['#status = :status', 'attempts = :attempts'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':status': result.status, ':attempts': result.attempts };
    const optional = [
      ['lastStatusCode', result.statusCode],
      ['lastError', result.error],
      ['nextAttemptAt', result.nextAttemptAt],
      ['deliveredAt', result.deliveredAt],
    ] as const;
    for (const [name, value] of optional) {
      if (value === undefined) {
        if (name !== 'deliveredAt') remove.push(name);
      } else {
        set.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    await guardStore(() =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: DELIVERY, sk: id },
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(sk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /**
   * Erases the personal fields from every delivery of an order's events (`erase` turns
   * a payload into its erased form): found through the `byOrder` index (eventually
   * consistent: a delivery written a moment ago may be missed; calling again is safe),
   * each rewritten once (`erasedAt`). Later attempts and replays send the erased
   * payload. Returns how many rows it rewrote.
   */
  async eraseOrder(orderId: string, erase: (payload: string) => string, now: number): Promise<number> {
    let rewritten = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await guardStore(() =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'byOrder',
            KeyConditionExpression: 'orderId = :order',
            ExpressionAttributeValues: { ':order': orderId },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const key of page.Items ?? []) {
        const delivery = await this.delivery(String(key.sk));
        if (!delivery || delivery.erasedAt !== undefined || delivery.orderId !== orderId) continue;
        try {
          await guardStore(() =>
            this.#client.send(
              new UpdateCommand({
                TableName: this.#table,
                Key: { pk: DELIVERY, sk: delivery.id },
                UpdateExpression: 'SET payload = :payload, erasedAt = :now',
                ConditionExpression: 'attribute_exists(sk) AND attribute_not_exists(erasedAt)',
                ExpressionAttributeValues: { ':payload': erase(delivery.payload), ':now': new Date(now).toISOString() },
              }),
            ),
          );
          rewritten++;
        } catch (error) {
          // Erased meanwhile by another DELETE /me attempt, or expired (TTL): nothing left to do.
          if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return rewritten;
  }

  /** A replay: the delivery is pending again with its attempts reset (the payload and id stay). */
  async markReplayed(id: string): Promise<void> {
    await guardStore(() =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: DELIVERY, sk: id },
          UpdateExpression: 'SET #status = :pending, attempts = :zero, replays = replays + :one REMOVE nextAttemptAt',
          ConditionExpression: 'attribute_exists(sk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0, ':one': 1 },
        }),
      ),
    );
  }
}

function toEndpoint(item: Record<string, unknown>): WebhookEndpoint {
  return {
    id: String(item.id),
    url: String(item.url),
    events: item.events as WebhookEndpoint['events'],
    secret: String(item.secret),
    createdAt: String(item.createdAt),
  };
}

function toDelivery(item: Record<string, unknown>): StoredDelivery {
  const { pk: _pk, sk: _sk, ttl: _ttl, ...rest } = item;
  return rest as unknown as StoredDelivery;
}
