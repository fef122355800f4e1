import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FailureCode, StoredOrder } from '../domain/order.js';
import { awsErrorName, cancellationCodes, guardStore, toUnavailable } from './aws.js';

/** The cart a checkout freezes: its version as read, and the order its last checkout made (if any). */
export interface CheckoutSource {
  readonly ownerKey: string;
  readonly version: number;
  readonly previousOrderId: string | undefined;
}

/** What placing an order found: placed; an order with this id already exists; or the cart moved on since it was read. */
export type PlaceResult = 'placed' | 'order-exists' | 'cart-moved';

/** Orders persistence. */
export interface OrderStore {
  get(orderId: string): Promise<StoredOrder | undefined>;
  /** Creates the order; false if one with this id exists already (an idempotent repeat). */
  create(order: StoredOrder): Promise<boolean>;
  /**
   * Checkout's one write: creates the order and marks the cart checked out
   * into it (one version up), in one transaction conditioned on the cart
   * still being at `cart.version` with `cart.previousOrderId` as its last
   * checkout. Two checkouts of one cart version can never both commit.
   */
  place(order: StoredOrder, cart: CheckoutSource, now: number): Promise<PlaceResult>;
  /** Moves a PENDING order to FAILED with a reason; false if it was no longer PENDING. */
  fail(orderId: string, reason: string, now: number, code?: FailureCode): Promise<boolean>;
}

export class DynamoOrderStore implements OrderStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #cartsTable: string;

  constructor(client: DynamoDBDocumentClient, table: string, cartsTable: string) {
    this.#client = client;
    this.#table = table;
    this.#cartsTable = cartsTable;
  }

  async get(orderId: string): Promise<StoredOrder | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { orderId }, ConsistentRead: true })),
    );
    return result.Item as StoredOrder | undefined;
  }

  async create(order: StoredOrder): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new PutCommand({ TableName: this.#table, Item: order, ConditionExpression: 'attribute_not_exists(orderId)' }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async place(order: StoredOrder, cart: CheckoutSource, now: number): Promise<PlaceResult> {
    const previous = cart.previousOrderId;
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.#table, Item: order, ConditionExpression: 'attribute_not_exists(orderId)' } },
            {
              Update: {
                TableName: this.#cartsTable,
                Key: { pk: cart.ownerKey },
                UpdateExpression:
                  'SET version = version + :one, updatedAt = :iso, checkoutOrderId = :order, checkedOutVersion = :next',
                ConditionExpression:
                  previous === undefined
                    ? 'version = :v AND attribute_not_exists(checkoutOrderId)'
                    : 'version = :v AND checkoutOrderId = :previous',
                ExpressionAttributeValues: {
                  ':one': 1,
                  ':iso': new Date(now).toISOString(),
                  ':order': order.orderId,
                  ':v': cart.version,
                  ':next': cart.version + 1,
                  ...(previous === undefined ? {} : { ':previous': previous }),
                },
              },
            },
          ],
        }),
      );
      return 'placed';
    } catch (error) {
      if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
      const [orderCode] = cancellationCodes(error);
      // A conflicting transaction or a failed cart condition: the caller reads the cart again.
      return orderCode === 'ConditionalCheckFailed' ? 'order-exists' : 'cart-moved';
    }
  }

  async fail(orderId: string, reason: string, now: number, code?: FailureCode): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { orderId },
            UpdateExpression: `SET #status = :failed, reason = :reason, updatedAt = :now${code ? ', reasonCode = :code' : ''}`,
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':failed': 'FAILED',
              ':pending': 'PENDING',
              ':reason': reason,
              ':now': new Date(now).toISOString(),
              ...(code ? { ':code': code } : {}),
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
}
