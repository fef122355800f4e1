import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type CatalogFigures,
  judgeOrder,
  type OrderFailure,
  outOfStock,
  type StoredOrder,
  subtractLines,
} from '../domain/order.js';
import { touch } from '../domain/cart.js';
import { awsErrorName, cancellationCodes, guardStore, toUnavailable } from './aws.js';
import { type CartStore, toItem } from './cart-store.js';

export type ReserveResult =
  | { readonly outcome: 'confirmed' }
  /** Stock held for an order that still has to be paid (`stockReserved`, status still PENDING). */
  | { readonly outcome: 'reserved' }
  | { readonly outcome: 'not-pending' }
  | { readonly outcome: 'failed'; readonly failure: OrderFailure };

/**
 * The order worker's writes. Stock reservation and the order's move to
 * CONFIRMED are one transaction conditioned on the order still being PENDING
 * and on every product still having the unit price frozen in the order, so a
 * message delivered twice reserves once, an order is never charged at a price
 * the shopper did not see, and a failed reservation changes no stock at all.
 */
export class DynamoFulfilment {
  readonly #client: DynamoDBDocumentClient;
  readonly #tables: { products: string; orders: string; carts: string };
  readonly #carts: CartStore;

  constructor(
    client: DynamoDBDocumentClient,
    tables: { products: string; orders: string; carts: string },
    carts: CartStore,
  ) {
    this.#client = client;
    this.#tables = tables;
    this.#carts = carts;
  }

  /** Current name and price of each SKU still sold (active), read strongly consistent from the catalog table. */
  async prices(skus: readonly string[]): Promise<Map<string, CatalogFigures>> {
    const found = new Map<string, CatalogFigures>();
    for (let i = 0; i < skus.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = skus.slice(i, i + 100).map((sku) => ({ sku }));
      while (keys && keys.length > 0) {
        const batch: Record<string, unknown>[] = keys;
        const result = await guardStore(() =>
          this.#client.send(
            new BatchGetCommand({ RequestItems: { [this.#tables.products]: { Keys: batch, ConsistentRead: true } } }),
          ),
        );
        for (const item of result.Responses?.[this.#tables.products] ?? []) {
          if (!isSold(item)) continue;
          found.set(String(item.sku), {
            name: String(item.name),
            unitPrice: Number(item.unitPrice),
            stock: Number(item.stock),
          });
        }
        keys = result.UnprocessedKeys?.[this.#tables.products]?.Keys;
      }
    }
    return found;
  }

  /**
   * Reserves the order's stock and confirms it at its frozen prices, or says
   * why not with the figures as they were when the transaction was refused
   * (read from its cancellation, or read again), never the ones the worker
   * saw before it.
   */
  async reserve(order: StoredOrder, now: number, options: { hold?: boolean } = {}): Promise<ReserveResult> {
    const { items } = order;
    // With online payment the order stays PENDING with its stock held until the payment page is open.
    const orderUpdate = options.hold
      ? {
          UpdateExpression: 'SET stockReserved = :true, updatedAt = :now',
          ConditionExpression: '#status = :pending AND attribute_not_exists(stockReserved)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':true': true, ':pending': 'PENDING', ':now': new Date(now).toISOString() },
        }
      : {
          UpdateExpression: 'SET #status = :confirmed, updatedAt = :now',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'CONFIRMED',
            ':pending': 'PENDING',
            ':now': new Date(now).toISOString(),
          },
        };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...items.map((item) => ({
              Update: {
                TableName: this.#tables.products,
                Key: { sku: item.sku },
                UpdateExpression: 'SET stock = stock - :q',
                // Only what is still sold (issue 16: an admin may have made it a draft or archived it since).
                ConditionExpression:
                  'attribute_exists(sku) AND stock >= :q AND unitPrice = :p AND (attribute_not_exists(visibility) OR visibility = :active)',
                ExpressionAttributeValues: { ':q': item.quantity, ':p': item.unitPrice, ':active': 'active' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            })),
            { Update: { TableName: this.#tables.orders, Key: { orderId: order.orderId }, ...orderUpdate } },
          ],
        }),
      );
      return { outcome: options.hold ? 'reserved' : 'confirmed' };
    } catch (error) {
      if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
      const codes = cancellationCodes(error);
      if (codes[items.length] === 'ConditionalCheckFailed') return { outcome: 'not-pending' };
      const index = codes.indexOf('ConditionalCheckFailed');
      const item = index >= 0 && index < items.length ? items[index] : undefined;
      if (!item) throw error; // a conflict with another transaction: let the message be retried
      const refused = cancelledItem(error, index);
      // A refused row that is no longer sold (a draft or archived since) counts as gone: "no longer sold".
      const figures = refused ? (isSold(refused) ? refused : undefined) : (await this.prices([item.sku])).get(item.sku);
      const failure =
        judgeOrder({ items: [item], currency: order.currency }, () =>
          figures === undefined
            ? undefined
            : { name: String(figures.name), unitPrice: Number(figures.unitPrice), stock: Number(figures.stock) },
        ) ?? outOfStock(item, Number(figures?.stock ?? 0));
      return { outcome: 'failed', failure };
    }
  }

  /**
   * Takes the ordered lines out of the owner's cart exactly once: the cart
   * write and the order's `cartCleared` flag commit together.
   */
  async clearOrderedLines(order: StoredOrder, now: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cart = await this.#carts.get(order.ownerKey);
      const markCleared = {
        Update: {
          TableName: this.#tables.orders,
          Key: { orderId: order.orderId },
          UpdateExpression: 'SET cartCleared = :true',
          ConditionExpression: 'attribute_not_exists(cartCleared)',
          ExpressionAttributeValues: { ':true': true },
        },
      };
      const lines = cart ? subtractLines(cart.lines, order.items) : [];
      const changed =
        cart !== undefined &&
        (lines.length !== cart.lines.length || lines.some((line, i) => line.quantity !== cart.lines[i]?.quantity));
      try {
        await this.#client.send(
          new TransactWriteCommand({
            TransactItems:
              cart && changed
                ? [
                    {
                      Put: {
                        TableName: this.#tables.carts,
                        Item: toItem(order.ownerKey, touch(cart, lines, now), cart.idempotency, cart.checkout),
                        ConditionExpression: 'version = :v',
                        ExpressionAttributeValues: { ':v': cart.version },
                      },
                    },
                    markCleared,
                  ]
                : [markCleared],
          }),
        );
        return;
      } catch (error) {
        if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
        if (cancellationCodes(error).at(-1) === 'ConditionalCheckFailed') return; // cleared already
        // The cart moved on: read it again.
      }
    }
    throw new Error('Could not take the ordered lines out of the cart');
  }
}

/**
 * The item a transaction's `index`-th condition was refused on
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`); undefined if the store
 * did not return it (the caller reads it again) or it no longer exists.
 */
/** Whether a Products row is sold: active (rows from before issue 16 have no visibility) and not a product with variants. */
function isSold(item: Record<string, unknown>): boolean {
  return (item.visibility === undefined || item.visibility === 'active') && item.kind !== 'parent';
}

function cancelledItem(error: unknown, index: number): (Partial<CatalogFigures> & Record<string, unknown>) | undefined {
  const reasons = (error as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons;
  const raw = reasons?.[index]?.Item;
  if (raw === undefined || Object.keys(raw).length === 0) return undefined;
  try {
    return unmarshall(raw) as Partial<CatalogFigures> & Record<string, unknown>;
  } catch {
    return undefined;
  }
}
