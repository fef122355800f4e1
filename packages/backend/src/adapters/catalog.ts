import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Product } from '@cartkit/contract';
import { absoluteUrl } from '../domain/asset-url.js';
import { type CatalogRow, toCatalogRow, toPublicProduct } from '../domain/catalog-item.js';
import { guardStore } from './aws.js';

/**
 * The product catalog, the only source of prices. Held in memory and
 * refreshed every `ttlMs`, so pricing a cart costs no store round trip;
 * stock and "in N carts" on product listings are at most `ttlMs` old (the
 * order worker reserves stock with conditional writes, so a stale figure
 * here can never oversell).
 */
export interface Catalog {
  /** Loads (or refreshes when stale) and returns a synchronous lookup. */
  lookup(): Promise<(sku: string) => Product | undefined>;
  /** All products, sorted by SKU. */
  all(): Promise<readonly Product[]>;
  /** Forgets the cached copy: the next call reads the table again (and waits for it). */
  invalidate?(): void;
  /**
   * The lookup with `skus` read from the table now (consistent reads), the rest from the cache:
   * for placing an order, whose stock and prices must not be one function's cache old.
   */
  lookupFresh?(skus: readonly string[]): Promise<(sku: string) => Product | undefined>;
}

export class DynamoCatalog implements Catalog {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlMs: number;
  #bySku = new Map<string, Product>();
  #sorted: Product[] = [];
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(client: DynamoDBDocumentClient, table: string, ttlMs = 5_000) {
    this.#client = client;
    this.#table = table;
    this.#ttlMs = ttlMs;
  }

  async lookup(): Promise<(sku: string) => Product | undefined> {
    await this.#fresh();
    const map = this.#bySku;
    return (sku) => map.get(sku);
  }

  async all(): Promise<readonly Product[]> {
    await this.#fresh();
    return this.#sorted;
  }

  invalidate(): void {
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  async lookupFresh(skus: readonly string[]): Promise<(sku: string) => Product | undefined> {
    const wanted = [...new Set(skus)];
    const [cached, rows] = await Promise.all([this.lookup(), this.#read(wanted)]);
    const fresh = new Map<string, Product | undefined>(wanted.map((sku) => [sku, undefined]));
    for (const row of rows) {
      // Cart lines hold sellable rows (products and variants); pricing needs the row alone.
      if (row.visibility === 'active') fresh.set(row.sku, toPublicProduct(row));
    }
    return (sku) => (fresh.has(sku) ? fresh.get(sku) : cached(sku));
  }

  /** The rows of `skus`, read consistently (BatchGetItem, 100 keys a call, unprocessed keys retried). */
  async #read(skus: readonly string[]): Promise<CatalogRow[]> {
    const rows: CatalogRow[] = [];
    for (let start = 0; start < skus.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = skus.slice(start, start + 100).map((sku) => ({ sku }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt === 5) throw new Error('The catalog read kept coming back unprocessed');
        const requested = keys;
        const page = await guardStore(() =>
          this.#client.send(
            new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: requested, ConsistentRead: true } } }),
          ),
        );
        for (const item of page.Responses?.[this.#table] ?? []) rows.push(toCatalogRow(item));
        keys = page.UnprocessedKeys?.[this.#table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return rows;
  }

  async #fresh(): Promise<void> {
    if (Date.now() - this.#loadedAt < this.#ttlMs) return;
    // One refresh at a time; callers during a refresh of a warm cache use the old copy.
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    if (this.#loadedAt === Number.NEGATIVE_INFINITY) await this.#loading;
    else this.#loading.catch(() => undefined); // a failed background refresh keeps the warm copy
  }

  async #load(): Promise<void> {
    const { bySku, listed } = publicCatalog(await scanCatalogRows(this.#client, this.#table));
    this.#bySku = bySku;
    this.#sorted = listed;
    this.#loadedAt = Date.now();
  }
}

/** Every row of the Products table, read consistently, page by page (the cache's refresh and the admin API). */
export async function scanCatalogRows(client: DynamoDBDocumentClient, table: string): Promise<CatalogRow[]> {
  const rows: CatalogRow[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guardStore(() =>
      client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true })),
    );
    for (const item of page.Items ?? []) rows.push(toCatalogRow(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return rows;
}

/**
 * The public catalog from the table's rows: only `active` rows. Listings hold
 * products and products with variants (each with its active variants); the
 * lookup also finds each variant by its own SKU, which is what carts hold.
 */
export function publicCatalog(rows: readonly CatalogRow[]): { bySku: Map<string, Product>; listed: Product[] } {
  const active = rows.filter((row) => row.visibility === 'active');
  const byRowSku = new Map(active.map((row) => [row.sku, row]));
  const bySku = new Map<string, Product>();
  const listed: Product[] = [];
  for (const row of active) {
    const variants =
      row.kind === 'parent' ? row.variantSkus.flatMap((sku) => byRowSku.get(sku) ?? []) : ([] as CatalogRow[]);
    const product = toPublicProduct(row, variants);
    bySku.set(row.sku, product);
    if (row.kind !== 'variant') listed.push(product);
  }
  listed.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return { bySku, listed };
}

/** A catalog whose image URLs are resolved against a base: see {@link withAssetBase}. */
const SOURCE = Symbol('unresolved catalog');
type ResolvedCatalog = Catalog & { readonly [SOURCE]: Catalog };

/**
 * The catalog as the API hands it out: every product image resolved against
 * `base` (the public asset URL), so cart lines, orders frozen from them and
 * pushes carry URLs that work on any site. A view over the same cache; a view
 * of a view resolves the stored URLs against the new base (not the old one's
 * absolute URLs), so one request can see the catalog on another host.
 *
 * @example
 * ```ts
 * const catalog = withAssetBase(new DynamoCatalog(db, table), 'https://d111.cloudfront.net');
 * ```
 */
export function withAssetBase(catalog: Catalog, base: string): Catalog {
  const source = (catalog as Partial<ResolvedCatalog>)[SOURCE] ?? catalog;
  const resolved = new WeakMap<Product, Product>();
  const resolve = (product: Product): Product => {
    let out = resolved.get(product);
    if (!out) {
      out = { ...product, image: absoluteUrl(product.image, base) };
      resolved.set(product, out);
    }
    return out;
  };
  const view: ResolvedCatalog = {
    [SOURCE]: source,
    async lookup() {
      const inner = await source.lookup();
      return (sku) => {
        const product = inner(sku);
        return product && resolve(product);
      };
    },
    async all() {
      return (await source.all()).map(resolve);
    },
    invalidate() {
      source.invalidate?.();
    },
    ...(source.lookupFresh
      ? {
          async lookupFresh(skus: readonly string[]) {
            const inner = await (source.lookupFresh as NonNullable<Catalog['lookupFresh']>).call(source, skus);
            return (sku: string) => {
              const product = inner(sku);
              return product && resolve(product);
            };
          },
        }
      : {}),
  };
  return view;
}
