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
    const membership =
      delta === 1
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
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            membership,
            {
              Update: {
                TableName: this.#tables.products,
                Key: { sku },
                UpdateExpression: 'SET inCarts = if_not_exists(inCarts, :zero) + :delta',
                // A product removed from the catalog keeps no counter.
                ConditionExpression: 'attribute_exists(sku)',
                ExpressionAttributeValues: { ':zero': 0, ':delta': delta },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (awsErrorName(error) === 'TransactionCanceledException') {
        // Already counted / already gone, or the product left the catalog: nothing to do.
        if (cancellationCodes(error).includes('ConditionalCheckFailed')) return;
      }
      throw toUnavailable(error);
    }
  }
}
