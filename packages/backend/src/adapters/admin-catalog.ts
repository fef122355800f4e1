import { scanCatalogRows } from './catalog.js';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type CatalogRow, toCatalogRow } from '../domain/catalog-item.js';
import { CatalogConflictError, NotFoundError } from '../domain/errors.js';
import type { ExistingRows, ProductWritePlan, RowWrite } from '../domain/product-write.js';
import { awsErrorName, cancellationCodes, guardStore, toUnavailable } from './aws.js';

/** A product row with its variant rows, in the product's order. */
export interface StoredProduct {
  readonly product: CatalogRow;
  readonly variants: readonly CatalogRow[];
}

/**
 * The catalog as admins change it: every row of the Products table, whatever
 * its visibility, read strongly consistent. Writes are conditional:
 * a product and its variants in one transaction, stock only by atomic
 * increments or a compare-and-set against the figure read, so a reservation
 * by the order worker is never overwritten.
 */
export class DynamoAdminCatalog {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /** Every row, sorted by SKU. */
  async rows(): Promise<CatalogRow[]> {
    const rows = await scanCatalogRows(this.#client, this.#table);
    return rows.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }

  /** Every product (not the variant rows) with its variants, sorted by SKU. */
  async products(): Promise<StoredProduct[]> {
    return groupProducts(await this.rows());
  }

  /** One product with its variants; undefined when no product (or only a variant) has this SKU. */
  async get(sku: string): Promise<StoredProduct | undefined> {
    const rows = await this.getRows([sku]);
    const product = rows.get(sku);
    if (!product || product.kind === 'variant') return undefined;
    const variants = await this.getRows(product.variantSkus);
    return { product, variants: product.variantSkus.flatMap((s) => variants.get(s) ?? []) };
  }

  /** The rows a write of this product (with these variant SKUs) may touch. */
  async existingFor(sku: string, variantSkus: readonly string[]): Promise<ExistingRows> {
    const first = await this.getRows([sku, ...variantSkus]);
    const product = first.get(sku);
    const more = (product?.variantSkus ?? []).filter((s) => !first.has(s));
    const rest = await this.getRows(more);
    const bySku = new Map([...first, ...rest]);
    bySku.delete(sku);
    return { product, bySku };
  }

  /** Applies a plan in one transaction: all its rows or none. */
  async write(plan: ProductWritePlan, now: number): Promise<void> {
    const at = new Date(now).toISOString();
    try {
      await guardStore(() =>
        this.#client.send(
          new TransactWriteCommand({
            TransactItems: plan.writes.map((write) => ({ Update: this.#update(write, at) })),
          }),
        ),
      );
    } catch (error) {
      if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
      const failed = cancellationCodes(error)
        .map((code, index) => (code === 'ConditionalCheckFailed' ? plan.writes[index] : undefined))
        .filter((write): write is RowWrite => write !== undefined);
      const first = failed[0];
      if (!first) throw toUnavailable(error);
      throw new CatalogConflictError(
        first.create
          ? `"${first.fields.sku}" was created by someone else meanwhile: read it and try again.`
          : first.stock && 'set' in first.stock
            ? `The stock of "${first.fields.sku}" changed while you edited it (an order or an adjustment): read it and try again, or adjust it with POST /admin/products/{sku}/stock.`
            : `"${first.fields.sku}" was changed or removed meanwhile: read it and try again.`,
        { sku: first.fields.sku },
      );
    }
  }

  /**
   * Adds `delta` to a sellable row's stock in one conditional `UpdateItem`
   * (`ADD`), never below zero: stock is what is left after reservations, so a
   * reserved unit can never be taken away. Returns the new stock.
   */
  async adjustStock(sku: string, delta: number, now: number): Promise<number> {
    try {
      const result = await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { sku },
            UpdateExpression: 'ADD #stock :delta SET #updatedAt = :now',
            ConditionExpression:
              'attribute_exists(#sku) AND (attribute_not_exists(#kind) OR #kind <> :parent) AND #stock >= :needed',
            ExpressionAttributeNames: { '#stock': 'stock', '#updatedAt': 'updatedAt', '#sku': 'sku', '#kind': 'kind' },
            ExpressionAttributeValues: {
              ':delta': delta,
              ':needed': Math.max(0, -delta),
              ':parent': 'parent',
              ':now': new Date(now).toISOString(),
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return Number(result.Attributes?.stock ?? 0);
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw toUnavailable(error);
      const row = (await this.getRows([sku])).get(sku);
      if (!row) throw new NotFoundError(`No product or variant has the SKU "${sku}".`);
      if (row.kind === 'parent') {
        throw new CatalogConflictError(`"${sku}" has variants: adjust the stock of one of its variants.`, { sku });
      }
      throw new CatalogConflictError(
        `Taking ${-delta} from "${sku}" would leave less than zero: ${row.stock} are left after reservations.`,
        { sku, stock: row.stock },
      );
    }
  }

  /** Deletes an archived product and its variant rows in one transaction (409 unless archived). */
  async remove(stored: StoredProduct): Promise<void> {
    const rows = [stored.product, ...stored.variants];
    try {
      await guardStore(() =>
        this.#client.send(
          new TransactWriteCommand({
            TransactItems: rows.map((row) => ({
              Delete: {
                TableName: this.#table,
                Key: { sku: row.sku },
                ConditionExpression: '#visibility = :archived',
                ExpressionAttributeNames: { '#visibility': 'visibility' },
                ExpressionAttributeValues: { ':archived': 'archived' },
              },
            })),
          }),
        ),
      );
    } catch (error) {
      if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
      throw new CatalogConflictError(
        `Archive "${stored.product.sku}" before deleting it, so no cart or order takes it while it goes.`,
        { sku: stored.product.sku },
      );
    }
  }

  async getRows(skus: readonly string[]): Promise<Map<string, CatalogRow>> {
    const found = new Map<string, CatalogRow>();
    const unique = [...new Set(skus)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((sku) => ({ sku }));
      while (keys && keys.length > 0) {
        const batch: Record<string, unknown>[] = keys;
        const result = await guardStore(() =>
          this.#client.send(
            new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: batch, ConsistentRead: true } } }),
          ),
        );
        for (const item of result.Responses?.[this.#table] ?? []) found.set(String(item.sku), toCatalogRow(item));
        keys = result.UnprocessedKeys?.[this.#table]?.Keys;
      }
    }
    return found;
  }

  #update(write: RowWrite, at: string) {
    const f = write.fields;
    // Every attribute through a name placeholder: some (name, kind, options) are DynamoDB reserved words.
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const set = (attribute: string, value: unknown, expression?: string) => {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      sets.push(`#${attribute} = ${expression ?? `:${attribute}`}`);
    };
    set('kind', f.kind);
    set('name', f.name);
    set('description', f.description);
    set('images', [...f.images]);
    set('image', f.images[0] ?? '');
    set('unitPrice', f.unitPrice);
    set('currency', f.currency);
    set('visibility', f.visibility);
    set('options', [...f.options]);
    set('variantSkus', [...f.variantSkus]);
    set('updatedAt', at);
    const removes: string[] = [];
    if (f.productSku !== undefined) {
      set('productSku', f.productSku);
      set('optionValues', { ...f.optionValues });
    } else {
      names['#productSku'] = 'productSku';
      names['#optionValues'] = 'optionValues';
      removes.push('#productSku', '#optionValues');
    }
    names['#sku'] = 'sku';
    let condition = write.create ? 'attribute_not_exists(#sku)' : 'attribute_exists(#sku)';
    if (write.stock && 'initial' in write.stock) {
      set('stock', write.stock.initial);
      set('inCarts', 0, 'if_not_exists(#inCarts, :inCarts)');
    } else if (write.stock) {
      set('stock', write.stock.set);
      condition += ' AND #stock = :seen';
      values[':seen'] = write.stock.seen;
    }
    return {
      TableName: this.#table,
      Key: { sku: f.sku },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** One row, strongly consistent. */
  async row(sku: string): Promise<CatalogRow | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { sku }, ConsistentRead: true })),
    );
    return result.Item ? toCatalogRow(result.Item) : undefined;
  }
}

/** Groups rows into products with their variants (variant rows of no listed product are left out). */
export function groupProducts(rows: readonly CatalogRow[]): StoredProduct[] {
  const bySku = new Map(rows.map((row) => [row.sku, row]));
  return rows
    .filter((row) => row.kind !== 'variant')
    .map((product) => ({
      product,
      variants: product.variantSkus.flatMap((sku) => bySku.get(sku) ?? []),
    }));
}
