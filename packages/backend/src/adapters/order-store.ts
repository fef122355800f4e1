import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../domain/errors.js';
import type { FailureCode, StoredOrder } from '../domain/order.js';
import { awsErrorName, cancellationCodes, guardStore, toUnavailable } from './aws.js';
import type { TransactItem } from './discount-store.js';

/** The cart a checkout freezes: its version as read, and the order its last checkout made (if any). */
export interface CheckoutSource {
  readonly ownerKey: string;
  readonly version: number;
  readonly previousOrderId: string | undefined;
}

/**
 * What placing an order found: placed; an order with this id already exists;
 * its `number` is another order's (draw another); the cart moved on since it was read; or
 * the discount code's use was refused (its limit reached, its definition changed or its dates passed).
 */
export type PlaceResult = 'placed' | 'order-exists' | 'number-taken' | 'cart-moved' | 'discount-refused';

/**
 * The key of the row that claims an order number in the Orders table
 * (`{ orderId: "number#CK-7QF3-K9M2", numberOf: <orderId> }`): written in the
 * order's own transaction with `attribute_not_exists`, so a number names one
 * order. These rows have no `ownerKey` or `status`: the owner index and the
 * stream's order pushes skip them.
 */
export function orderNumberKey(number: string): string {
  return `number#${number}`;
}

/** A page of an owner's orders, newest first; `cursor` fetches the next page and is absent on the last. */
export interface OrderPage {
  readonly orders: readonly StoredOrder[];
  readonly cursor?: string;
}

/** How much of an owner's order history to read: at most `limit` orders (1..100, default 20), after `cursor`. */
export interface OrderPageRequest {
  readonly limit?: number;
  /** From the previous page of the same owner; opaque. */
  readonly cursor?: string;
}

/** The largest page `listByOwner` reads at once. */
export const MAX_ORDER_PAGE = 100;
const DEFAULT_ORDER_PAGE = 20;

/** Orders persistence. */
export interface OrderStore {
  get(orderId: string): Promise<StoredOrder | undefined>;
  /**
   * An owner's orders, newest first (the `byOwner` index: `ownerKey`, `createdAt`).
   * A limit off 1..100 or a cursor that is not one this owner was given is a
   * `ValidationError` and reads nothing. The index is eventually consistent:
   * an order placed a moment ago may be missing from the first page.
   */
  listByOwner(ownerKey: string, page?: OrderPageRequest): Promise<OrderPage>;
  /** Creates the order; false if one with this id exists already (an idempotent repeat). */
  create(order: StoredOrder): Promise<boolean>;
  /**
   * Checkout's one write: creates the order and marks the cart checked out
   * into it (one version up), in one transaction conditioned on the cart
   * still being at `cart.version` with `cart.previousOrderId` as its last
   * checkout. Two checkouts of one cart version can never both commit. An
   * order with a `number` also claims it (`orderNumberKey`) in the same transaction,
   * and `discountUse` (`DynamoDiscountStore.useItems`) counts its code's use there too.
   */
  place(
    order: StoredOrder,
    cart: CheckoutSource,
    now: number,
    discountUse?: readonly TransactItem[],
  ): Promise<PlaceResult>;
  /**
   * Erases an order's personal fields (email, shipping address) for good,
   * keeping its number, lines, totals, status and the address's country and
   * region (the tax rules they decided); its owner becomes `erased#<orderId>`,
   * so it leaves the owner's history. Idempotent.
   */
  anonymise(orderId: string, now: number): Promise<void>;
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

  async listByOwner(ownerKey: string, page: OrderPageRequest = {}): Promise<OrderPage> {
    const limit = page.limit ?? DEFAULT_ORDER_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ORDER_PAGE) {
      throw new ValidationError(`The page size must be an integer from 1 to ${MAX_ORDER_PAGE}.`);
    }
    const startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ownerKey);
    const result = await guardStore(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'byOwner',
          KeyConditionExpression: 'ownerKey = :owner',
          ExpressionAttributeValues: { ':owner': ownerKey },
          ScanIndexForward: false,
          Limit: limit,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    const orders = (result.Items ?? []) as StoredOrder[];
    const last = result.LastEvaluatedKey;
    return last === undefined ? { orders } : { orders, cursor: encodeCursor(last) };
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

  async place(
    order: StoredOrder,
    cart: CheckoutSource,
    now: number,
    discountUse: readonly TransactItem[] = [],
  ): Promise<PlaceResult> {
    const previous = cart.previousOrderId;
    const claim =
      order.number === undefined
        ? []
        : [
            {
              Put: {
                TableName: this.#table,
                Item: { orderId: orderNumberKey(order.number), numberOf: order.orderId, createdAt: order.createdAt },
                ConditionExpression: 'attribute_not_exists(orderId)',
              },
            },
          ];
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.#table, Item: order, ConditionExpression: 'attribute_not_exists(orderId)' } },
            ...claim,
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
            ...discountUse,
          ],
        }),
      );
      return 'placed';
    } catch (error) {
      if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
      const [orderCode, ...rest] = cancellationCodes(error);
      if (orderCode === 'ConditionalCheckFailed') return 'order-exists';
      if (claim.length > 0 && rest[0] === 'ConditionalCheckFailed') return 'number-taken';
      if (rest.slice(claim.length + 1).includes('ConditionalCheckFailed')) return 'discount-refused';
      // A conflicting transaction or a failed cart condition: the caller reads the cart again.
      return 'cart-moved';
    }
  }

  async anonymise(orderId: string, now: number): Promise<void> {
    const order = await this.get(orderId);
    if (!order || order.anonymisedAt !== undefined) return;
    const address = order.shippingAddress;
    await guardStore(() =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { orderId },
          UpdateExpression: `SET ownerKey = :erased, anonymisedAt = :now${
            address ? ', shippingCountry = :country' : ''
          }${address?.region ? ', shippingRegion = :region' : ''} REMOVE email, emailKey, shippingAddress, returnUrl, discountCustomer`,
          ConditionExpression: 'attribute_exists(orderId)',
          ExpressionAttributeValues: {
            ':erased': `erased#${orderId}`,
            ':now': new Date(now).toISOString(),
            ...(address ? { ':country': address.country } : {}),
            ...(address?.region ? { ':region': address.region } : {}),
          },
        }),
      ),
    );
  }

  async fail(orderId: string, reason: string, now: number, code?: FailureCode): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { orderId },
            UpdateExpression: `SET #status = :failed, reason = :reason, updatedAt = :now${code ? ', reasonCode = :code' : ''}`,
            // An order holding stock for its payment page is released by the payment store, never failed here.
            ConditionExpression: '#status = :pending AND attribute_not_exists(stockReserved)',
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

/** The position after an index page (`orderId`, `ownerKey`, `createdAt`), as an opaque URL-safe string. */
function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify([key.ownerKey, key.createdAt, key.orderId])).toString('base64url');
}

/** A cursor back into an index position; refused unless it is well formed and belongs to `ownerKey`. */
function decodeCursor(cursor: string, ownerKey: string): Record<string, string> {
  let parts: unknown;
  try {
    parts =
      cursor.length <= 1024 && /^[A-Za-z0-9_-]+$/.test(cursor)
        ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
        : undefined;
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 3 ||
    !parts.every((part) => typeof part === 'string' && part.length > 0) ||
    parts[0] !== ownerKey
  ) {
    throw new ValidationError('The cursor is invalid: pass the cursor of the previous page, unchanged.');
  }
  const [owner, createdAt, orderId] = parts as [string, string, string];
  return { ownerKey: owner, createdAt, orderId };
}
