import type { Product, ProductPage } from '@cartkit/contract';
import type { Api } from './api.js';
import type { LineHint } from '../types.js';

/**
 * The catalog routes, and what the client learns from them: the name, price and
 * image an optimistic line shows before the server replies.
 */
export class ProductCatalog {
  readonly #api: () => Api;
  readonly #hints = new Map<string, LineHint>();

  constructor(api: () => Api) {
    this.#api = api;
  }

  async list(query: { limit?: number; cursor?: string } = {}): Promise<ProductPage> {
    const searchParams: Record<string, string> = {};
    if (query.limit !== undefined) searchParams['limit'] = String(query.limit);
    if (query.cursor !== undefined) searchParams['cursor'] = query.cursor;
    const { data } = await this.#api().request<ProductPage>({
      method: 'get',
      path: 'products',
      auth: 'none',
      searchParams,
    });
    for (const product of data.items) this.remember(product);
    return data;
  }

  async get(sku: string): Promise<Product> {
    const { data } = await this.#api().request<Product>({
      method: 'get',
      path: `products/${encodeURIComponent(sku)}`,
      auth: 'none',
    });
    this.remember(data);
    return data;
  }

  remember(product: Product): void {
    this.#hints.set(product.sku, { name: product.name, unitPrice: product.unitPrice, image: product.image });
  }

  /** What an optimistic line for `sku` can show, if known. */
  hint(sku: string): LineHint | undefined {
    return this.#hints.get(sku);
  }
}
