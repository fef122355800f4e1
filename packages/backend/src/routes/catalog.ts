import { type Config, ProductQuerySchema, SkuSchema } from '@cartkit/contract';
import * as v from 'valibot';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { publicShopConfig } from '../domain/shop-config.js';
import type { Route } from '../http/handler.js';
import { assertBodySize, readValue } from '../http/request.js';
import { onCallerHost } from '../http/caller-host.js';
import { json } from '../http/response.js';

const PUBLIC_CACHE = 'public, max-age=5, stale-while-revalidate=30';
const DEFAULT_PAGE = 20;

/** `GET /config`: what a browser needs to start. */
export const getConfig: Route = async (request, { config, shop }) => {
  const body: Config = {
    region: config.region,
    userPoolId: config.userPoolId,
    userPoolClientId: config.userPoolClientId,
    cognitoEndpoint: config.cognitoEndpoint,
    realtimeUrl: onCallerHost(config.realtimeUrl, request.headers.host),
    currency: config.currency,
    // cognito-local has no SRP; on AWS the SRP flow keeps the password off the wire.
    authFlow: config.cognitoEndpoint ? 'USER_PASSWORD_AUTH' : 'USER_SRP_AUTH',
    shop: publicShopConfig(shop),
    oauth: config.oauth,
  };
  return json(200, body, { 'Cache-Control': 'public, max-age=300' });
};

/** `GET /products?limit&cursor`: a page of the catalog, in SKU order. */
export const listProducts: Route = async (request, { catalog }) => {
  assertBodySize(request);
  const query = readValue({ limit: request.query.limit, cursor: request.query.cursor }, ProductQuerySchema, 'query');
  const limit = query.limit ?? DEFAULT_PAGE;
  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!v.is(SkuSchema, after))
      throw new ValidationError('cursor is invalid.', [{ path: 'cursor', message: 'unknown cursor' }]);
  }
  const all = await catalog.all();
  const start = after === undefined ? 0 : all.findIndex((product) => product.sku > after);
  const items = start < 0 ? [] : all.slice(start, start + limit);
  const last = items.at(-1);
  const nextCursor =
    last !== undefined && start + limit < all.length ? Buffer.from(last.sku, 'utf8').toString('base64url') : null;
  return json(200, { items, nextCursor }, { 'Cache-Control': PUBLIC_CACHE });
};

/** `GET /products/{sku}`. */
export const getProduct: Route = async (request, { catalog }) => {
  const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
  const product = (await catalog.lookup())(sku);
  if (!product) throw new NotFoundError(`No product has the SKU "${sku}".`);
  return json(200, product, { 'Cache-Control': PUBLIC_CACHE });
};
