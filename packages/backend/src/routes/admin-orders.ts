import {
  type AdminOrderPage,
  AdminOrderQuerySchema,
  FulfilRequestSchema,
  RefundRequestSchema,
} from '@cartkit/contract';
import type * as v from 'valibot';
import { adminOnly } from '../http/handler.js';
import { assertBodySize, type HttpRequest, readIdempotencyKey, readJson, readValue } from '../http/request.js';
import { json } from '../http/response.js';
import { adminOrder, fulfilOrder, orderForAdmin, refundOrder } from '../use-cases/admin-orders.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** A body that may be left out: none (or blank) reads as `{}`. */
function optionalBody<S extends v.GenericSchema>(request: HttpRequest, schema: S): v.InferOutput<S> {
  if ((request.rawBody ?? '').trim() === '') return readValue({}, schema, 'body');
  return readJson(request, schema);
}

/** `GET /admin/orders?status&limit&cursor`: a page of orders; by status newest first, else every order. */
export const listAdminOrders = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const query = readValue(
    { status: request.query.status, limit: request.query.limit, cursor: request.query.cursor },
    AdminOrderQuerySchema,
    'query',
  );
  const page = await deps.orderAdmin.list({
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  const body: AdminOrderPage = {
    items: page.orders.map(adminOrder),
    ...(page.cursor === undefined ? {} : { nextCursor: page.cursor }),
  };
  return json(200, body, NO_STORE);
});

/** `GET /admin/orders/{orderId}`. */
export const getAdminOrder = adminOnly(async (request, deps) => {
  assertBodySize(request);
  return json(200, adminOrder(await orderForAdmin(deps, request.pathParameters.orderId ?? '')), NO_STORE);
});

/** `POST /admin/orders/{orderId}/fulfil` `{ trackingNumber?, carrier? }`: FULFILLED (idempotent); 409 from another state. */
export const fulfilAdminOrder = adminOnly(async (request, deps) => {
  const body = optionalBody(request, FulfilRequestSchema);
  const order = await fulfilOrder(deps, request.pathParameters.orderId ?? '', body);
  return json(200, adminOrder(order), NO_STORE);
});

/**
 * `POST /admin/orders/{orderId}/refund` `{ amount?, reason? }` (+ `Idempotency-Key`):
 * refunds through the payment provider; REFUNDED or PARTIALLY_REFUNDED; 409 when not allowed.
 */
export const refundAdminOrder = adminOnly(async (request, deps) => {
  const body = optionalBody(request, RefundRequestSchema);
  const key = readIdempotencyKey(request);
  const { order, replayed } = await refundOrder(deps, request.pathParameters.orderId ?? '', body, key);
  return json(200, adminOrder(order), { ...NO_STORE, ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) });
});
