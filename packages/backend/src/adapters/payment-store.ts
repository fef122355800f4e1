import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredOrder } from '../domain/order.js';
import { awsErrorName, cancellationCodes, guardStore, toUnavailable } from './aws.js';

/**
 * An order's moves after PENDING when the shop takes online payment, each one
 * conditional write (or transaction) on the order's state, so a redelivered
 * message, a replayed webhook or the sweeper racing the provider's event
 * changes the order once:
 *
 * PENDING + stockReserved → AWAITING_PAYMENT → PAID, or → EXPIRED (stock back once).
 */
export class DynamoPaymentStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tables: { orders: string; products: string };

  constructor(client: DynamoDBDocumentClient, tables: { orders: string; products: string }) {
    this.#client = client;
    this.#tables = tables;
  }

  /** PENDING (stock held) → AWAITING_PAYMENT with its page; false if the order was no longer there. */
  async awaitPayment(
    orderId: string,
    session: { sessionId: string; url: string; expiresAt: number },
    now: number,
  ): Promise<boolean> {
    const expiresAt = new Date(session.expiresAt).toISOString();
    return this.#conditional(
      new UpdateCommand({
        TableName: this.#tables.orders,
        Key: { orderId },
        UpdateExpression:
          'SET #status = :awaiting, payment = :payment, paymentSessionId = :sid, awaiting = :one, paymentExpiresAt = :exp, updatedAt = :now',
        ConditionExpression: '#status = :pending AND stockReserved = :true',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':awaiting': 'AWAITING_PAYMENT',
          ':pending': 'PENDING',
          ':true': true,
          ':payment': { url: session.url, expiresAt },
          ':sid': session.sessionId,
          ':one': '1',
          ':exp': expiresAt,
          ':now': new Date(now).toISOString(),
        },
      }),
    );
  }

  /** AWAITING_PAYMENT on this very session → PAID; false if it was not (a replay, another session, expired). */
  async markPaid(orderId: string, sessionId: string, eventId: string, now: number): Promise<boolean> {
    return this.#conditional(
      new UpdateCommand({
        TableName: this.#tables.orders,
        Key: { orderId },
        UpdateExpression:
          'SET #status = :paid, updatedAt = :now, paidAt = :now, paymentEventId = :evt REMOVE payment, awaiting, paymentExpiresAt',
        ConditionExpression: '#status = :awaiting AND paymentSessionId = :sid',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':paid': 'PAID',
          ':awaiting': 'AWAITING_PAYMENT',
          ':sid': sessionId,
          ':evt': eventId,
          ':now': new Date(now).toISOString(),
        },
      }),
    );
  }

  /**
   * Ends an order that holds stock without being paid: AWAITING_PAYMENT →
   * EXPIRED, or (a page that could not be opened) PENDING + stockReserved →
   * FAILED; its stock goes back with atomic increments in the same
   * transaction, conditioned on the order's state, so it goes back once.
   * False if the order had moved on.
   */
  async release(
    order: StoredOrder,
    to: { status: 'EXPIRED' | 'FAILED'; reason: string; reasonCode?: string; eventId?: string },
    now: number,
  ): Promise<boolean> {
    const fromAwaiting = to.status === 'EXPIRED';
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#tables.orders,
                Key: { orderId: order.orderId },
                UpdateExpression: `SET #status = :to, reason = :reason, updatedAt = :now, stockReleased = :true${
                  to.reasonCode ? ', reasonCode = :code' : ''
                }${to.eventId ? ', paymentEventId = :evt' : ''} REMOVE payment, awaiting, paymentExpiresAt`,
                ConditionExpression: fromAwaiting
                  ? '#status = :from AND attribute_not_exists(stockReleased)'
                  : '#status = :from AND stockReserved = :true AND attribute_not_exists(stockReleased)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':to': to.status,
                  ':from': fromAwaiting ? 'AWAITING_PAYMENT' : 'PENDING',
                  ':reason': to.reason,
                  ':true': true,
                  ':now': new Date(now).toISOString(),
                  ...(to.reasonCode ? { ':code': to.reasonCode } : {}),
                  ...(to.eventId ? { ':evt': to.eventId } : {}),
                },
              },
            },
            ...order.items.map((item) => ({
              Update: {
                TableName: this.#tables.products,
                Key: { sku: item.sku },
                UpdateExpression: 'SET stock = stock + :q',
                // A product deleted since gets no stock row back.
                ConditionExpression: 'attribute_exists(sku)',
                ExpressionAttributeValues: { ':q': item.quantity },
              },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
      const codes = cancellationCodes(error);
      if (codes[0] === 'ConditionalCheckFailed') return false;
      if (codes.slice(1).includes('ConditionalCheckFailed')) {
        // A product is gone: release what still exists, order first, one product at a time is not atomic; retry the
        // message rather than guess (rare: a product deleted while an order of it awaited payment).
        throw new Error('A product of this order no longer exists: release its stock by hand');
      }
      throw error;
    }
  }

  /** AWAITING_PAYMENT orders whose window ended at or before `now` (the sparse `awaitingPayment` index), oldest first. */
  async listExpired(now: number, limit = 100): Promise<{ orderId: string }[]> {
    const result = await guardStore(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#tables.orders,
          IndexName: 'awaitingPayment',
          KeyConditionExpression: 'awaiting = :one AND paymentExpiresAt <= :now',
          ExpressionAttributeValues: { ':one': '1', ':now': new Date(now).toISOString() },
          ProjectionExpression: 'orderId',
          Limit: limit,
        }),
      ),
    );
    return (result.Items ?? []).map((item) => ({ orderId: String(item.orderId) }));
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
