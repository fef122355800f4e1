import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsErrorName, guardStore } from './aws.js';

/** What claiming the receipt of an order found. */
export type ReceiptClaim =
  /** This caller holds the claim until `until` and should send now. */
  | { readonly outcome: 'claimed' }
  /** The receipt went out already (`receiptSentAt` is set). */
  | { readonly outcome: 'sent' }
  /** Another attempt holds an unexpired claim: it is sending right now, or died less than a lease ago. */
  | { readonly outcome: 'busy'; readonly until: number }
  /** No such order. */
  | { readonly outcome: 'missing' };

/**
 * The receipt's bookkeeping on the order item itself (Orders table):
 * `receiptClaim` + `receiptClaimUntil` (epoch ms) while one attempt sends,
 * then `receiptSentAt` (ISO) and `receiptMessageId` for good. Every write is
 * conditional, so of any number of concurrent attempts one sends.
 */
export interface ReceiptLedger {
  /** Takes the claim for `leaseMs` unless the receipt was sent or another unexpired claim holds it. */
  claim(orderId: string, claim: { token: string; now: number; leaseMs: number }): Promise<ReceiptClaim>;
  /** Records the send; false if this token no longer held the claim (it expired and another attempt took it). */
  markSent(orderId: string, token: string, sent: { now: number; messageId: string }): Promise<boolean>;
  /** Gives the claim back after a send that failed, so the next delivery sends at once. */
  release(orderId: string, token: string): Promise<void>;
}

/**
 * Which email of an order a ledger keeps: `receipt` (the receipt: `receiptClaim`,
 * `receiptSentAt`, ...) or `shipped` (the "on its way" email of a fulfilled order:
 * `shippedClaim`, `shippedSentAt`, ...). Each has its own attributes, so one never
 * blocks or counts as the other.
 */
export type OrderEmailKind = 'receipt' | 'shipped';

/**
 * {@link ReceiptLedger} on the Orders table, for one kind of order email.
 *
 * @example
 * ```ts
 * const ledger = new DynamoReceiptLedger(documentClient, config.tables.orders);
 * const shipped = new DynamoReceiptLedger(documentClient, config.tables.orders, 'shipped');
 * ```
 */
export class DynamoReceiptLedger implements ReceiptLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #names: Record<string, string>;

  constructor(client: DynamoDBDocumentClient, ordersTable: string, kind: OrderEmailKind = 'receipt') {
    this.#client = client;
    this.#table = ordersTable;
    this.#names = {
      '#claim': `${kind}Claim`,
      '#until': `${kind}ClaimUntil`,
      '#attempts': `${kind}Attempts`,
      '#sent': `${kind}SentAt`,
      '#message': `${kind}MessageId`,
    };
  }

  /** The attribute names an expression uses (DynamoDB refuses unused ones). */
  #namesOf(...keys: string[]): Record<string, string> {
    return Object.fromEntries(keys.map((key) => [key, this.#names[key] ?? key]));
  }

  async claim(orderId: string, claim: { token: string; now: number; leaseMs: number }): Promise<ReceiptClaim> {
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { orderId },
            UpdateExpression: 'SET #claim = :token, #until = :until ADD #attempts :one',
            ConditionExpression:
              'attribute_exists(orderId) AND attribute_not_exists(#sent) AND ' +
              '(attribute_not_exists(#until) OR #until <= :now)',
            ExpressionAttributeNames: this.#namesOf('#claim', '#until', '#attempts', '#sent'),
            ExpressionAttributeValues: {
              ':token': claim.token,
              ':until': claim.now + claim.leaseMs,
              ':now': claim.now,
              ':one': 1,
            },
          }),
        ),
      );
      return { outcome: 'claimed' };
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    }
    const { Item: item } = await guardStore(() =>
      this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: { orderId },
          ConsistentRead: true,
          ProjectionExpression: 'orderId, #sent, #until',
          ExpressionAttributeNames: this.#namesOf('#sent', '#until'),
        }),
      ),
    );
    if (!item) return { outcome: 'missing' };
    if (item[this.#names['#sent'] ?? ''] !== undefined) return { outcome: 'sent' };
    // The claim may have expired between the write and this read: "busy" until then, and the caller retries.
    return { outcome: 'busy', until: Number(item[this.#names['#until'] ?? ''] ?? claim.now) };
  }

  async markSent(orderId: string, token: string, sent: { now: number; messageId: string }): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { orderId },
            UpdateExpression: 'SET #sent = :at, #message = :id REMOVE #claim, #until',
            ConditionExpression: '#claim = :token AND attribute_not_exists(#sent)',
            ExpressionAttributeNames: this.#namesOf('#sent', '#message', '#claim', '#until'),
            ExpressionAttributeValues: {
              ':at': new Date(sent.now).toISOString(),
              ':id': sent.messageId,
              ':token': token,
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async release(orderId: string, token: string): Promise<void> {
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { orderId },
            UpdateExpression: 'REMOVE #claim, #until',
            ConditionExpression: '#claim = :token',
            ExpressionAttributeNames: this.#namesOf('#claim', '#until'),
            ExpressionAttributeValues: { ':token': token },
          }),
        ),
      );
    } catch (error) {
      // Not ours any more: the lease ran out and another attempt holds it.
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
