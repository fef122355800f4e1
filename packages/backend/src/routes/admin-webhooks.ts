import {
  type WebhookDelivery,
  type WebhookDeliveryPage,
  WebhookDeliveryStatusSchema,
  type WebhookEndpointList,
  WebhookEndpointsInputSchema,
} from '@cartkit/contract';
import * as v from 'valibot';
import type { StoredDelivery } from '../adapters/webhook-store.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { endpointUrlProblem } from '../domain/webhook.js';
import { adminOnly } from '../http/handler.js';
import { assertBodySize, readJson, readValue } from '../http/request.js';
import { json } from '../http/response.js';

const NO_STORE = { 'Cache-Control': 'no-store' };
const DeliveryQuerySchema = v.object({
  status: v.optional(WebhookDeliveryStatusSchema),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'limit is 1-100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
  ),
  cursor: v.optional(v.string()),
});

function toWire(delivery: StoredDelivery): WebhookDelivery {
  const { payload: _payload, orderId: _orderId, erasedAt: _erasedAt, ...wire } = delivery;
  return wire;
}

/** `GET /admin/webhooks`: the registered endpoints with their signing secrets. */
export const listWebhooks = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const body: WebhookEndpointList = { endpoints: await deps.webhooks.endpoints() };
  return json(200, body, NO_STORE);
});

/**
 * `PUT /admin/webhooks` `{ endpoints: [{ url, events }] }`: the whole set. A URL
 * already registered keeps its id and secret; URLs must be https (http to
 * loopback only), each once.
 */
export const putWebhooks = adminOnly(async (request, deps) => {
  const body = readJson(request, WebhookEndpointsInputSchema);
  const issues = body.endpoints.flatMap((endpoint, i) => {
    const problem = endpointUrlProblem(endpoint.url);
    return problem === undefined ? [] : [{ path: `endpoints.${i}.url`, message: problem }];
  });
  const urls = body.endpoints.map((endpoint) => endpoint.url);
  urls.forEach((url, i) => {
    if (urls.indexOf(url) !== i) issues.push({ path: `endpoints.${i}.url`, message: 'is listed twice' });
  });
  if (issues.length > 0) throw new ValidationError('Some webhook endpoints are invalid.', issues);
  const endpoints = await deps.webhooks.replaceEndpoints(body.endpoints, deps.now());
  return json(200, { endpoints } satisfies WebhookEndpointList, NO_STORE);
});

/** `GET /admin/webhooks/deliveries?status&limit&cursor`: the delivery log, newest first. */
export const listWebhookDeliveries = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const query = readValue(
    { status: request.query.status, limit: request.query.limit, cursor: request.query.cursor },
    DeliveryQuerySchema,
    'query',
  );
  const page = await deps.webhooks.deliveries({
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  const body: WebhookDeliveryPage = {
    items: page.items.map(toWire),
    ...(page.cursor === undefined ? {} : { nextCursor: page.cursor }),
  };
  return json(200, body, NO_STORE);
});

/**
 * `POST /admin/webhooks/deliveries/{id}/replay`: queues the delivery again
 * (the same `webhook-id` and payload, freshly signed, attempts from 1): for a
 * `failed` one that went to the dead-letter queue, or a `delivered` one the
 * merchant wants again. 202 with the delivery.
 */
export const replayWebhookDelivery = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const id = request.pathParameters.deliveryId ?? '';
  const delivery = /^msg_[A-Za-z0-9_-]{9,40}$/.test(id) ? await deps.webhooks.delivery(id) : undefined;
  if (!delivery) throw new NotFoundError('No such webhook delivery.');
  await deps.webhooks.markReplayed(id);
  await deps.webhookQueue.send(id);
  const replayed = (await deps.webhooks.delivery(id)) ?? delivery;
  return json(202, toWire(replayed), NO_STORE);
});
