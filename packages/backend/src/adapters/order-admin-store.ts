import { type DynamoDBDocumentClient, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderFulfilment, OrderStatus } from '@cartkit/contract';
import { ValidationError } from '../domain/errors.js';
import type { StoredOrder } from '../domain/order.js';
import { FULFILLABLE, REFUNDABLE } from '../domain/order-admin.js';
import { awsErrorName, guardStore } from './aws.js';

/** A page of orders for the admin; `cursor` fetches the next and is absent on the last. */
export interface AdminOrderPage {
  readonly orders: readonly StoredOrder[];
  readonly cursor?: string;
}

/**
 * The shop's side of the Orders table: every order (by status, newest first,
 * through the `byStatus` index; or all, in table order), and the admin's
 * moves, each one conditional write on the order's state, so a repeat or a
 * race changes it once.
 */
export class DynamoOrderAdmin {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /**
   * A page of orders: with `status`, newest first (the index is eventually
   * consistent: a change a moment ago may not show yet); without, every order
   * in table order. Order number claims are never in it.
   */
  async list(options: { status?: OrderStatus; limit?: number; cursor?: string }): Promise<AdminOrderPage> {
    const limit = options.limit ?? 20;
    const startKey = options.cursor === undefined ? undefined : decodeCursor(options.cursor, options.status ?? '*');
    const orders: StoredOrder[] = [];
    let last: Record<string, unknown> | undefined = startKey;
    // A Scan page may hold only number claims: read on until the page is full or the table ends.
    do {
      const page = await guardStore(() =>
        this.#client.send(
          options.status === undefined
            ? new ScanCommand({
                TableName: this.#table,
                FilterExpression: 'attribute_exists(ownerKey)',
                Limit: limit - orders.length,
                ...(last ? { ExclusiveStartKey: last } : {}),
              })
            : new QueryCommand({
                TableName: this.#table,
                IndexName: 'byStatus',
                KeyConditionExpression: '#status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': options.status },
                ScanIndexForward: false,
                Limit: limit - orders.length,
                ...(last ? { ExclusiveStartKey: last } : {}),
              }),
        ),
      );
      orders.push(...((page.Items ?? []) as StoredOrder[]));
      last = page.LastEvaluatedKey;
    } while (last !== undefined && orders.length < limit);
    return last === undefined ? { orders } : { orders, cursor: encodeCursor(last, options.status ?? '*') };
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
  throw new ValidationError('The cursor is invalid: pass the nextCursor of the previous page, with the same status.');
}
