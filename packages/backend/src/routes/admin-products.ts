import {
  type AdminProductPage,
  ProductInputSchema,
  ProductPatchSchema,
  ProductQuerySchema,
  SkuSchema,
  StockAdjustmentSchema,
  VisibilitySchema,
} from '@cartkit/contract';
import * as v from 'valibot';
import { toAdminProduct } from '../domain/catalog-item.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { inputOf } from '../domain/product-write.js';
import { adminOnly } from '../http/handler.js';
import { assertBodySize, readJson, readValue } from '../http/request.js';
import { empty, json } from '../http/response.js';
import { saveProduct } from '../use-cases/save-product.js';

const NO_STORE = { 'Cache-Control': 'no-store' };
const DEFAULT_PAGE = 50;

/** `GET /admin/products?limit&cursor&visibility`: every product (any visibility) with its variants, in SKU order. */
export const listAdminProducts = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const query = readValue({ limit: request.query.limit, cursor: request.query.cursor }, ProductQuerySchema, 'query');
  const visibility =
    request.query.visibility === undefined
      ? undefined
      : readValue(request.query.visibility, VisibilitySchema, 'visibility');
  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!v.is(SkuSchema, after))
      throw new ValidationError('cursor is invalid.', [{ path: 'cursor', message: 'unknown cursor' }]);
  }
  const limit = query.limit ?? DEFAULT_PAGE;
  const all = (await deps.adminCatalog.products()).filter(
    (stored) => visibility === undefined || stored.product.visibility === visibility,
  );
  const start = after === undefined ? 0 : all.findIndex((stored) => stored.product.sku > after);
  const page = start < 0 ? [] : all.slice(start, start + limit);
  const last = page.at(-1);
  const body: AdminProductPage = {
    items: page.map((stored) => toAdminProduct(stored.product, stored.variants)),
    nextCursor:
      last !== undefined && start + limit < all.length
        ? Buffer.from(last.product.sku, 'utf8').toString('base64url')
        : null,
  };
  return json(200, body, NO_STORE);
});

/** `GET /admin/products/{sku}`. */
export const getAdminProduct = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
  const stored = await deps.adminCatalog.get(sku);
  if (!stored) throw new NotFoundError(`No product has the SKU "${sku}".`);
  return json(200, toAdminProduct(stored.product, stored.variants), NO_STORE);
});

/** `PUT /admin/products/{sku}`: creates (201) or replaces (200) the whole product and its variants. */
export const putAdminProduct = adminOnly(async (request, deps) => {
  const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
  const input = readJson(request, ProductInputSchema);
  const { created, product } = await saveProduct(deps.adminCatalog, sku, input, deps.config.currency, deps.now());
  return json(created ? 201 : 200, product, NO_STORE);
});

/** `PATCH /admin/products/{sku}`: changes the fields given; the rest (and stock, unless given) stay. */
export const patchAdminProduct = adminOnly(async (request, deps) => {
  const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
  const patch = readJson(request, ProductPatchSchema);
  const stored = await deps.adminCatalog.get(sku);
  if (!stored) throw new NotFoundError(`No product has the SKU "${sku}".`);
  const merged = v.parse(ProductInputSchema, { ...inputOf(stored.product, stored.variants), ...patch });
  const { product } = await saveProduct(deps.adminCatalog, sku, merged, deps.config.currency, deps.now());
  return json(200, product, NO_STORE);
});

/** `DELETE /admin/products/{sku}`: removes an archived product and its variants (409 unless archived). */
export const deleteAdminProduct = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
  const stored = await deps.adminCatalog.get(sku);
  if (!stored) throw new NotFoundError(`No product has the SKU "${sku}".`);
  await deps.adminCatalog.remove(stored);
  return empty(204, NO_STORE);
});

/** `POST /admin/products/{sku}/stock` `{ delta }`: an atomic stock increment of a product or variant SKU. */
export const adjustAdminStock = adminOnly(async (request, deps) => {
  const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
  const { delta } = readJson(request, StockAdjustmentSchema);
  const stock = await deps.adminCatalog.adjustStock(sku, delta, deps.now());
  return json(200, { sku, stock }, NO_STORE);
});
