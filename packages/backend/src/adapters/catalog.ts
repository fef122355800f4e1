import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
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
    const rows: CatalogRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await guardStore(() =>
        this.#client.send(
          new ScanCommand({ TableName: this.#table, ExclusiveStartKey: startKey, ConsistentRead: true }),
        ),
      );
      for (const item of page.Items ?? []) rows.push(toCatalogRow(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const { bySku, listed } = publicCatalog(rows);
    this.#bySku = bySku;
    this.#sorted = listed;
    this.#loadedAt = Date.now();
  }
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
  };
  return view;
}
