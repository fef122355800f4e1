import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { awsErrorName, cancellationCodes, toUnavailable } from './aws.js';

/**
 * The "in N carts" aggregate on each product. A membership row per
 * (sku, cart) and the product's counter change in one transaction that only
 * commits if the row's presence actually changes, so a stream record
 * processed twice counts once.
 */
export class ProductCartIndex {
  readonly #client: DynamoDBDocumentClient;
  readonly #tables: { productCarts: string; products: string };

  constructor(client: DynamoDBDocumentClient, tables: { productCarts: string; products: string }) {
    this.#client = client;
    this.#tables = tables;
  }

  /**
   * A batch's changes, folded: per SKU one transaction of its membership rows
   * and one counter update by their sum (none when the sum is 0, e.g. a merge
   * moving a line from one cart to another). All or nothing per SKU, so it
   * counts exactly; when any row was already applied (a retried batch) the
   * SKU falls back to one transaction per row, which skips the applied ones.
   */
  async applyBatch(changes: ReadonlyMap<string, readonly { ownerKey: string; delta: 1 | -1 }[]>): Promise<void> {
    await Promise.all(
      [...changes].map(async ([sku, rows]) => {
        if (rows.length === 0) return;
        const net = rows.reduce((sum, row) => sum + row.delta, 0);
        if (rows.length > 1 && rows.length + (net === 0 ? 0 : 1) <= MAX_TRANSACTION_ITEMS) {
          if (
            await this.#transact(
              rows.map((row) => this.#membership(sku, row.ownerKey, row.delta)),
              sku,
              net,
            )
          )
            return;
        }
        for (const row of rows) await this.#apply(sku, row.ownerKey, row.delta);
      }),
    );
  }

  /** False when the transaction was refused by a condition (a row applied already, the product gone). */
  async #transact(items: object[], sku: string, delta: number): Promise<boolean> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [...items, ...(delta === 0 ? [] : [this.#counter(sku, delta)])] as never,
        }),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'TransactionCanceledException') {
        if (cancellationCodes(error).includes('ConditionalCheckFailed')) return false;
      }
      throw toUnavailable(error);
    }
  }

  #membership(sku: string, ownerKey: string, delta: 1 | -1) {
    return delta === 1
      ? {
          Put: {
            TableName: this.#tables.productCarts,
            Item: { sku, ownerKey },
            ConditionExpression: 'attribute_not_exists(sku)',
          },
        }
      : {
          Delete: {
            TableName: this.#tables.productCarts,
            Key: { sku, ownerKey },
            ConditionExpression: 'attribute_exists(sku)',
          },
        };
  }

  #counter(sku: string, delta: number) {
    return {
      Update: {
        TableName: this.#tables.products,
        Key: { sku },
        UpdateExpression: 'SET inCarts = if_not_exists(inCarts, :zero) + :delta',
        // A product removed from the catalog keeps no counter.
        ConditionExpression: 'attribute_exists(sku)',
        ExpressionAttributeValues: { ':zero': 0, ':delta': delta },
      },
    };
  }

  async add(sku: string, ownerKey: string): Promise<void> {
    await this.#apply(sku, ownerKey, 1);
  }

  async remove(sku: string, ownerKey: string): Promise<void> {
    await this.#apply(sku, ownerKey, -1);
  }

  /** The owner keys of every cart holding `sku` (its membership rows, all pages). */
  async ownersOf(sku: string): Promise<string[]> {
    const owners: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tables.productCarts,
          KeyConditionExpression: 'sku = :sku',
          ExpressionAttributeValues: { ':sku': sku },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) owners.push(String(item.ownerKey));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return owners;
  }

  async #apply(sku: string, ownerKey: string, delta: 1 | -1): Promise<void> {
    // Already counted / already gone, or the product left the catalog: nothing to do.
    await this.#transact([this.#membership(sku, ownerKey, delta)], sku, delta);
  }
}

/** DynamoDB's limit of items per transaction. */
const MAX_TRANSACTION_ITEMS = 100;
