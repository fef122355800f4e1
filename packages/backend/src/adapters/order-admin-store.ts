import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OrderFulfilment, OrderStatus } from '@cartkit/contract';
import { ValidationError } from '../domain/errors.js';
import type { StoredOrder } from '../domain/order.js';
import { FULFILLABLE, REFUNDABLE } from '../domain/order-admin.js';
import { emailKey } from '../domain/email-key.js';
import { orderNumberKey } from './order-store.js';
import { awsErrorName, guardStore } from './aws.js';

/** A page of orders for the admin; `cursor` fetches the next and is absent on the last. */
export interface AdminOrderPage {
  readonly orders: readonly StoredOrder[];
  readonly cursor?: string;
}

/**
 * What the admin filters orders by: `status`; `from` (inclusive) and `to`
 * (exclusive), ISO instants on `createdAt`; the exact order `number`
 * (upper case) or `email` (compared trimmed and lower-cased), not both.
 */
export interface AdminOrderFilter {
  readonly status?: OrderStatus;
  readonly from?: string;
  readonly to?: string;
  readonly number?: string;
  readonly email?: string;
}

/**
 * The most DynamoDB pages (Query, Scan or BatchGetItem) one call of `list` reads.
 * A filter that matches little of what it reads (a date range over a Scan, a
 * status within one shopper's orders) then answers a short page, even an empty
 * one, with a cursor, instead of reading the whole table in one request.
 */
export const MAX_READS_PER_PAGE = 10;

/**
 * The shop's side of the Orders table: every order (by status, newest first,
 * through the `byStatus` index; by email through `byEmail`; by number through
 * its claim row; or all, in table order), and the admin's moves, each one
 * conditional write on the order's state, so a repeat or a race changes it once.
 */
export class DynamoOrderAdmin {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /**
   * A page of at most `limit` orders matching `filter`. How each filter reads:
   *
   * - `number`: the number's claim row, then the order (two GetItems); one order or none, no cursor;
   * - `email`: the `byEmail` index (keys only) newest first, `from`/`to` in its key condition, then
   *   the page's orders by key (BatchGetItem, strongly consistent), `status` checked on them;
   * - `status`: the `byStatus` index newest first, `from`/`to` in its key condition;
   * - neither: a Scan in table order, `from`/`to` as its filter.
   *
   * The indexes are eventually consistent: an order placed or changed a moment ago may not show
   * yet. Order number claims are never listed. At most {@link MAX_READS_PER_PAGE} reads per call.
   */
  async list(filter: AdminOrderFilter & { limit?: number; cursor?: string }): Promise<AdminOrderPage> {
    const limit = filter.limit ?? 20;
    const filterId = JSON.stringify([
      filter.status ?? '',
      filter.from ?? '',
      filter.to ?? '',
      filter.email === undefined ? '' : emailKey(filter.email),
      filter.number ?? '',
    ]);
    let last: Record<string, unknown> | undefined =
      filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, filterId);
    if (filter.number !== undefined) return { orders: await this.#byNumber(filter.number, filter) };
    const orders: StoredOrder[] = [];
    let reads = 0;
    do {
      const page = await this.#readPage(filter, limit - orders.length, last);
      reads += page.reads;
      orders.push(...page.orders);
      last = page.last;
    } while (last !== undefined && orders.length < limit && reads < MAX_READS_PER_PAGE);
    return last === undefined ? { orders } : { orders, cursor: encodeCursor(last, filterId) };
  }

  /** The order with this number, if it matches the other filters. */
  async #byNumber(number: string, filter: AdminOrderFilter): Promise<StoredOrder[]> {
    const claim = await this.#get(orderNumberKey(number));
    const orderId = typeof claim?.numberOf === 'string' ? claim.numberOf : undefined;
    const order = orderId === undefined ? undefined : ((await this.#get(orderId)) as StoredOrder | undefined);
    return order !== undefined && matches(order, filter) ? [order] : [];
  }

  async #get(orderId: string): Promise<Record<string, unknown> | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { orderId }, ConsistentRead: true })),
    );
    return result.Item;
  }

  /** One read of the filter's source: up to `want` orders (fewer after filtering) and where it stopped. */
  async #readPage(
    filter: AdminOrderFilter,
    want: number,
    start: Record<string, unknown> | undefined,
  ): Promise<{ orders: StoredOrder[]; last: Record<string, unknown> | undefined; reads: number }> {
    const range = createdRange(filter);
    const startKey = start ? { ExclusiveStartKey: start } : {};
    if (filter.email !== undefined) {
      const key = emailKey(filter.email);
      const page = await guardStore(() =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'byEmail',
            KeyConditionExpression: `emailKey = :key${range.condition}`,
            ExpressionAttributeValues: { ':key': key, ...range.values },
            ScanIndexForward: false,
            Limit: want + 1,
            ...startKey,
          }),
        ),
      );
      const { items, last } = peek(page, want, ['orderId', 'emailKey', 'createdAt']);
      const { orders, reads } = await this.#batchGet(items.map((item) => String(item.orderId)));
      // Read strongly consistent: an order anonymised since the index saw it has no emailKey any more.
      const found = orders.filter((order) => order.emailKey === key && matches(order, filter));
      return { orders: found, last, reads: 1 + reads };
    }
    const page = await guardStore(() =>
      this.#client.send(
        filter.status === undefined
          ? new ScanCommand({
              TableName: this.#table,
              FilterExpression: `attribute_exists(ownerKey)${range.filter}`,
              Limit: want + 1,
              ...(range.filter === '' ? {} : { ExpressionAttributeValues: range.values }),
              ...startKey,
            })
          : new QueryCommand({
              TableName: this.#table,
              IndexName: 'byStatus',
              KeyConditionExpression: `#status = :status${range.condition}`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': filter.status, ...range.values },
              ScanIndexForward: false,
              Limit: want + 1,
              ...startKey,
            }),
      ),
    );
    const { items, last } = peek(
      page,
      want,
      filter.status === undefined ? ['orderId'] : ['orderId', 'status', 'createdAt'],
    );
    return { orders: items as unknown as StoredOrder[], last, reads: 1 };
  }

  /** The orders of `ids`, in that order (strongly consistent; unprocessed keys read again). */
  async #batchGet(ids: readonly string[]): Promise<{ orders: StoredOrder[]; reads: number }> {
    const byId = new Map<string, StoredOrder>();
    let keys = ids.map((orderId) => ({ orderId }));
    let reads = 0;
    while (keys.length > 0) {
      const request = keys;
      const result = await guardStore(() =>
        this.#client.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: request, ConsistentRead: true } } }),
        ),
      );
      reads++;
      for (const item of result.Responses?.[this.#table] ?? []) byId.set(String(item.orderId), item as StoredOrder);
      keys = (result.UnprocessedKeys?.[this.#table]?.Keys ?? []) as { orderId: string }[];
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * reads));
    }
    return { orders: ids.flatMap((id) => byId.get(id) ?? []), reads };
  }

  /**
   * → FULFILLED with the fulfilment (a FULFILLED order gets its tracking
   * updated), conditioned on the order being in `FULFILLABLE`. False if it was not.
   */
  async fulfil(orderId: string, fulfilment: OrderFulfilment, now: number): Promise<boolean> {
    return this.#conditional(
      new UpdateCommand({
        TableName: this.#table,
        Key: { orderId },
        UpdateExpression: 'SET #status = :fulfilled, fulfilment = :f, updatedAt = :now',
        ConditionExpression: `attribute_exists(ownerKey) AND #status IN (${FULFILLABLE.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':fulfilled': 'FULFILLED',
          ':f': fulfilment,
          ':now': new Date(now).toISOString(),
          ...Object.fromEntries(FULFILLABLE.map((status, i) => [`:s${i}`, status])),
        },
      }),
    );
  }

  /**
   * Records a refund the provider made: appends it, adds its amount to
   * `refundedTotal` and sets `status`, conditioned on `refundedTotal` still
   * being `before` (a refund recorded in between makes the caller read again)
   * and the order refundable. False if the condition failed.
   */
  async recordRefund(
    orderId: string,
    refund: { refundId: string; amount: number; at: string },
    before: number,
    status: 'REFUNDED' | 'PARTIALLY_REFUNDED',
  ): Promise<boolean> {
    return this.#conditional(
      new UpdateCommand({
        TableName: this.#table,
        Key: { orderId },
        UpdateExpression:
          'SET #status = :to, refundedTotal = :after, refunds = list_append(if_not_exists(refunds, :none), :refund), updatedAt = :now',
        ConditionExpression: `${before === 0 ? 'attribute_not_exists(refundedTotal)' : 'refundedTotal = :before'} AND #status IN (${REFUNDABLE.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': status,
          ':after': before + refund.amount,
          ':none': [],
          ':refund': [refund],
          ':now': refund.at,
          ...(before === 0 ? {} : { ':before': before }),
          ...Object.fromEntries(REFUNDABLE.map((s, i) => [`:s${i}`, s])),
        },
      }),
    );
  }

  async #conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await guardStore(() => this.#client.send(command));
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/**
 * A read of `want + 1` cut to `want`: when the extra item came back, the page stops after the
 * last kept item (its key attributes `keys` are the position), so a page that ends exactly at
 * the end of the results has no cursor to an empty page; else DynamoDB's own position (which a
 * Scan or a filtered read may leave though nothing follows).
 */
function peek(
  page: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> },
  want: number,
  keys: readonly string[],
): { items: Record<string, unknown>[]; last: Record<string, unknown> | undefined } {
  const items = page.Items ?? [];
  if (items.length <= want) return { items, last: page.LastEvaluatedKey };
  const kept = items.slice(0, want);
  const end = kept[kept.length - 1] ?? {};
  return { items: kept, last: Object.fromEntries(keys.map((key) => [key, end[key]])) };
}

/** Does a stored order pass the filter's status and dates (the search read it by number or email)? */
function matches(order: StoredOrder, filter: AdminOrderFilter): boolean {
  if (typeof order.ownerKey !== 'string') return false;
  if (filter.status !== undefined && order.status !== filter.status) return false;
  if (filter.from !== undefined && order.createdAt < filter.from) return false;
  if (filter.to !== undefined && order.createdAt >= filter.to) return false;
  return true;
}

/**
 * `from` (inclusive) and `to` (exclusive) on `createdAt`, as an index key condition
 * (` AND createdAt BETWEEN ...`) and as a Scan filter. `createdAt` is an ISO instant with
 * milliseconds, so "before `to`" is "at most `to` minus 1 ms" in the same string form.
 */
function createdRange(filter: AdminOrderFilter): {
  condition: string;
  filter: string;
  values: Record<string, string>;
} {
  const from = filter.from;
  const until = filter.to === undefined ? undefined : new Date(Date.parse(filter.to) - 1).toISOString();
  if (from !== undefined && until !== undefined) {
    const text = ' AND createdAt BETWEEN :from AND :until';
    return { condition: text, filter: text, values: { ':from': from, ':until': until } };
  }
  if (from !== undefined) {
    return { condition: ' AND createdAt >= :from', filter: ' AND createdAt >= :from', values: { ':from': from } };
  }
  if (until !== undefined) {
    return { condition: ' AND createdAt <= :until', filter: ' AND createdAt <= :until', values: { ':until': until } };
  }
  return { condition: '', filter: '', values: {} };
}

/** The position after a page, with the filter it belongs to, as an opaque URL-safe string. */
function encodeCursor(key: Record<string, unknown>, filter: string): string {
  return Buffer.from(JSON.stringify({ f: filter, k: key })).toString('base64url');
}

function decodeCursor(cursor: string, filter: string): Record<string, unknown> {
  try {
    if (cursor.length <= 1024 && /^[A-Za-z0-9_-]+$/.test(cursor)) {
      const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { f?: unknown; k?: unknown };
      const key = parsed.k as Record<string, unknown> | null;
      if (
        parsed.f === filter &&
        key !== null &&
        typeof key === 'object' &&
        Object.values(key).every((value) => typeof value === 'string')
      ) {
        return key;
      }
    }
  } catch {
    // falls through to the error
  }
  throw new ValidationError('The cursor is invalid: pass the nextCursor of the previous page, with the same filters.');
}
