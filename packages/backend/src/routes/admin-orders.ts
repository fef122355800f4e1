import {
  AdminOrderExportQuerySchema,
  type AdminOrderPage,
  AdminOrderQuerySchema,
  EXPORT_CURSOR_HEADER,
  FulfilRequestSchema,
  RefundRequestSchema,
} from '@cartkit/contract';
import type * as v from 'valibot';
import { adminOnly } from '../http/handler.js';
import { assertBodySize, type HttpRequest, readIdempotencyKey, readJson, readValue } from '../http/request.js';
import type { AdminOrderFilter } from '../adapters/order-admin-store.js';
import { ORDER_CSV_HEADER, orderCsvRecord } from '../domain/order-csv.js';
import type { HttpResponse } from '../http/response.js';
import { json } from '../http/response.js';
import { adminOrder, fulfilOrder, orderForAdmin, refundOrder } from '../use-cases/admin-orders.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** A body that may be left out: none (or blank) reads as `{}`. */
function optionalBody<S extends v.GenericSchema>(request: HttpRequest, schema: S): v.InferOutput<S> {
  if ((request.rawBody ?? '').trim() === '') return readValue({}, schema, 'body');
  return readJson(request, schema);
}

/** The filter part of a parsed query, without the keys left out (exactOptionalPropertyTypes). */
function filterOf(query: AdminOrderFilter & { limit?: number; cursor?: string }): AdminOrderFilter & {
  limit?: number;
  cursor?: string;
} {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

/** The query parameters the order filters read. */
function filterQuery(request: HttpRequest): Record<string, string | undefined> {
  const { status, from, to, number, email, limit, cursor } = request.query;
  return { status, from, to, number, email, limit, cursor };
}

/**
 * `GET /admin/orders?status&from&to&number&email&limit&cursor`: a page of orders; by status or
 * email newest first, by number the one order, else every order in table order.
 */
export const listAdminOrders = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const query = readValue(filterQuery(request), AdminOrderQuerySchema, 'query');
  const page = await deps.orderAdmin.list(filterOf(query));
  const body: AdminOrderPage = {
    items: page.orders.map(adminOrder),
    ...(page.cursor === undefined ? {} : { nextCursor: page.cursor }),
  };
  return json(200, body, NO_STORE);
});

/**
 * `GET /admin/orders/export?<the list's filters>&limit&cursor`: one page of the orders CSV
 * (header record, then one record per order; at most `limit` orders, default 500), the next
 * page's cursor in `X-Next-Cursor`. Each page is one bounded request, so a shop of any size
 * exports page by page without a timeout (the SDK's `exportOrdersCsv` follows the cursors).
 */
export const exportAdminOrders = adminOnly(async (request, deps): Promise<HttpResponse> => {
  assertBodySize(request);
  const query = readValue(filterQuery(request), AdminOrderExportQuerySchema, 'query');
  const page = await deps.orderAdmin.list({ limit: 500, ...filterOf(query) });
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': 'attachment; filename="orders.csv"',
      ...NO_STORE,
      ...(page.cursor === undefined ? {} : { [EXPORT_CURSOR_HEADER]: page.cursor }),
    },
    body: ORDER_CSV_HEADER + page.orders.map(orderCsvRecord).join(''),
  };
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
