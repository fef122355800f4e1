import type { WebhookEventType } from '@cartkit/contract';
import { Webhook } from 'standardwebhooks';
import type { StoredDelivery } from '../adapters/webhook-store.js';
import { toCatalogRow } from '../domain/catalog-item.js';
import type { StoredOrder } from '../domain/order.js';
import { deliveryId, fellToLowStock, orderEvent, retryDelay, WEBHOOK_ATTEMPTS } from '../domain/webhook.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { adminOrder } from './admin-orders.js';

/** How long one attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Queues one delivery of `type` to every endpoint subscribed to it: a
 * delivery row (its id the same for the same event and endpoint, so a
 * redelivered stream record makes no second one) and one message. Runs in
 * the stream processor, never in the request that changed the order.
 *
 * @example
 * ```ts
 * await queueWebhook(deps, 'order.paid', `${orderId}:PAID:${updatedAt}`, Date.now(), { order });
 * ```
 */
export async function queueWebhook(
  deps: Deps,
  type: WebhookEventType,
  eventKey: string,
  at: number,
  data: unknown,
  /** The order an `order.*` event is about: recorded on the delivery, so DELETE /me can erase it. */
  orderId?: string,
): Promise<number> {
  const endpoints = (await deps.webhooks.endpoints()).filter((endpoint) => endpoint.events.includes(type));
  const timestamp = new Date(at).toISOString();
  const payload = JSON.stringify({ type, timestamp, data });
  for (const endpoint of endpoints) {
    const id = deliveryId(eventKey, endpoint.id, at);
    const created = await deps.webhooks.createDelivery({
      id,
      endpointId: endpoint.id,
      url: endpoint.url,
      type,
      status: 'pending',
      attempts: 0,
      createdAt: new Date(deps.now()).toISOString(),
      replays: 0,
      payload,
      ...(orderId === undefined ? {} : { orderId }),
    });
    // Made before (a record handed over again): send again only if it never got as far as an attempt.
    if (!created && ((await deps.webhooks.delivery(id))?.attempts ?? 0) > 0) continue;
    await deps.webhookQueue.send(id);
  }
  return endpoints.length;
}

/** The order change's merchant event, queued (stream processor). */
export async function queueOrderWebhook(
  deps: Deps,
  before: StoredOrder | undefined,
  after: StoredOrder,
): Promise<void> {
  const type = orderEvent(before, after);
  if (type === undefined) return;
  const at = Date.parse(after.updatedAt);
  await queueWebhook(
    deps,
    type,
    `${after.orderId}:${type}:${after.updatedAt}`,
    Number.isNaN(at) ? deps.now() : at,
    { order: adminOrder(after) },
    after.orderId,
  );
}

/**
 * A Products row's fall to low stock (`fellToLowStock` with the shop's `lowStockThreshold`)
 * as `product.low_stock`, queued (stream processor). `change` is the stream record's sequence
 * number and time, so a record handed over again makes the same delivery id, not a second event.
 */
export async function queueLowStockWebhook(
  deps: Deps,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  change: { readonly sequence: string; readonly at: number },
): Promise<void> {
  const threshold = deps.shop.lowStockThreshold;
  if (!after || threshold === undefined || !fellToLowStock(before, after, threshold)) return;
  const row = toCatalogRow(after);
  await queueWebhook(deps, 'product.low_stock', `${row.sku}:product.low_stock:${change.sequence}`, change.at, {
    product: {
      sku: row.sku,
      name: row.name,
      stock: row.stock,
      threshold,
      visibility: row.visibility,
      ...(row.productSku === undefined ? {} : { productSku: row.productSku }),
      ...(row.optionValues === undefined ? {} : { optionValues: row.optionValues }),
    },
  });
}

/** What one attempt did with the message: done (delete it), or retry after `seconds`. */
export type AttemptOutcome = { readonly done: true } | { readonly done: false; readonly retryInSeconds: number };

/**
 * One attempt of one delivery (`attempt` is the message's receive count):
 * signs the stored payload for the endpoint's secret with `standardwebhooks`
 * (`webhook-id` = the delivery id, `webhook-timestamp`, `webhook-signature`)
 * and POSTs it. A 2xx delivers it. Anything else (a status, a timeout, a
 * refused connection) schedules the next attempt after the retry delay; the
 * last attempt marks it `failed` and lets SQS move it to the dead-letter queue.
 * A delivery whose endpoint was removed is dropped.
 */
export async function attemptDelivery(deps: Deps, deliveryIdValue: string, attempt: number): Promise<AttemptOutcome> {
  const delivery = await deps.webhooks.delivery(deliveryIdValue);
  if (!delivery || delivery.status === 'delivered') return { done: true };
  const endpoint = await deps.webhooks.endpoint(delivery.endpointId);
  if (!endpoint) {
    await deps.webhooks.recordAttempt(delivery.id, {
      status: 'failed',
      attempts: delivery.attempts,
      error: 'endpoint removed',
    });
    return { done: true };
  }
  const attempts = delivery.attempts + 1;
  const result = await post(endpoint.url, endpoint.secret, delivery);
  if (result.ok) {
    await deps.webhooks.recordAttempt(delivery.id, {
      status: 'delivered',
      attempts,
      statusCode: result.statusCode,
      deliveredAt: new Date(deps.now()).toISOString(),
    });
    return { done: true };
  }
  const delay = attempt < WEBHOOK_ATTEMPTS ? retryDelay(deps.config.webhookRetryDelays, attempt) : undefined;
  await deps.webhooks.recordAttempt(delivery.id, {
    status: delay === undefined ? 'failed' : 'retrying',
    attempts,
    ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(delay === undefined ? {} : { nextAttemptAt: new Date(deps.now() + delay * 1000).toISOString() }),
  });
  // Ids and outcomes only: never the payload (it holds the shopper's address).
  logger.warn('webhook attempt failed', {
    deliveryId: delivery.id,
    endpointId: endpoint.id,
    attempt,
    statusCode: result.statusCode,
    error: result.error,
  });
  // After the last attempt the message becomes visible at once, so its next receive moves it to the DLQ.
  return { done: false, retryInSeconds: delay ?? 0 };
}

async function post(
  url: string,
  secret: string,
  delivery: StoredDelivery,
): Promise<{ ok: boolean; statusCode?: number; error?: string }> {
  const now = new Date();
  const signature = new Webhook(secret).sign(delivery.id, now, delivery.payload);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'cartkit-webhooks/1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300
      ? { ok: true, statusCode: response.status }
      : { ok: false, statusCode: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed' };
  }
}
