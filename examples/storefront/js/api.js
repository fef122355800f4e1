// The catalog, read straight from the cart API (GET /products is public and
// cacheable). The API base comes from the page's <shopping-cart api="…">, so
// the embed attribute stays the one place that names the backend.

/** The `{api}` base URL the page's cart uses, resolved against the page. */
export function apiBase() {
  const attr = document.querySelector('shopping-cart')?.getAttribute('api') || '/api';
  return new URL(attr.replace(/\/+$/, ''), document.baseURI).href;
}

/** A failed catalog request, with the HTTP status when there was one. */
export class CatalogError extends Error {
  /** @param {string} message @param {number | undefined} status @param {ErrorOptions} [options] */
  constructor(message, status, options) {
    super(message, options);
    this.name = 'CatalogError';
    this.status = status;
  }
}

async function getJson(path) {
  let response;
  try {
    // No custom headers: the request must match the page's <link rel=preload> of the catalog.
    response = await fetch(`${apiBase()}${path}`);
  } catch (cause) {
    throw new CatalogError('The shop could not be reached.', undefined, { cause });
  }
  if (!response.ok) {
    throw new CatalogError(
      response.status === 404 ? 'That product does not exist.' : 'The shop could not load its products.',
      response.status,
    );
  }
  return response.json();
}

/**
 * Every product, following `nextCursor` until the last page.
 * @returns {Promise<Array<{ sku: string, name: string, description: string, unitPrice: number, currency: string, image: string, stock: number, inCarts?: number }>>}
 */
export async function fetchProducts() {
  const items = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const page = await getJson(`/products?${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** One product by SKU; rejects with a 404 `CatalogError` for an unknown SKU. */
export function fetchProduct(sku) {
  return getJson(`/products/${encodeURIComponent(sku)}`);
}
