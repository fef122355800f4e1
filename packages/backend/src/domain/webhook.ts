import { createHash } from 'node:crypto';
import { QUEUES } from '../topology/queues.js';

/** The events a merchant endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  'order.paid',
  'order.fulfilled',
  'order.refunded',
  'order.expired',
  'product.low_stock',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Seconds to wait after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h (the Standard Webhooks schedule), 27 h 35 min in all, each under
 * SQS's 12 h visibility limit. After the last, the message goes to the DLQ.
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** Attempts in all: the Webhooks queue's `maxReceiveCount`, one more than the delays. */
export const WEBHOOK_ATTEMPTS: number = QUEUES.find((queue) => queue.id === 'Webhooks')?.maxReceiveCount ?? 8;

if (WEBHOOK_ATTEMPTS !== WEBHOOK_RETRY_DELAYS_SECONDS.length + 1) {
  throw new Error('The Webhooks queue maxReceiveCount must be one more than the retry delays');
}

/**
 * The merchant event an order's change is, if any: to PAID `order.paid`, to
 * FULFILLED `order.fulfilled`, a refund recorded `order.refunded`, to EXPIRED
 * `order.expired`. Unchanged status and refunds: none.
 *
 * @example
 * ```ts
 * orderEvent({ status: 'AWAITING_PAYMENT' }, { status: 'PAID' }); // 'order.paid'
 * ```
 */
export function orderEvent(
  before: { status?: unknown; refundedTotal?: unknown } | undefined,
  after: { status?: unknown; refundedTotal?: unknown },
): WebhookEvent | undefined {
  if (Number(after.refundedTotal ?? 0) > Number(before?.refundedTotal ?? 0)) return 'order.refunded';
  if (before?.status === after.status) return undefined;
  if (after.status === 'PAID') return 'order.paid';
  if (after.status === 'FULFILLED') return 'order.fulfilled';
  if (after.status === 'EXPIRED') return 'order.expired';
  return undefined;
}

/**
 * Whether a Products row's change is its fall to low stock: from above `threshold`
 * to at or below it. A row that stays low (a further sale, a restock still at or
 * below) is not, so the merchant hears once until stock rises above and falls again.
 * New rows, deleted rows, variant parents (no stock of their own) and shops with no
 * threshold: never.
 *
 * @example
 * ```ts
 * fellToLowStock({ stock: 6 }, { stock: 5 }, 5); // true
 * fellToLowStock({ stock: 5 }, { stock: 4 }, 5); // false: low already
 * ```
 */
export function fellToLowStock(
  before: { stock?: unknown; kind?: unknown } | undefined,
  after: { stock?: unknown; kind?: unknown } | undefined,
  threshold: number | undefined,
): boolean {
  if (threshold === undefined || !before || !after || after.kind === 'parent') return false;
  const was = Number(before.stock ?? 0);
  const is = Number(after.stock ?? 0);
  return Number.isFinite(was) && Number.isFinite(is) && was > threshold && is <= threshold;
}

/**
 * The delivery's id (`webhook-id`): the same for one event to one endpoint,
 * however often the stream hands the change over, so receivers can dedupe.
 * Time-sortable (base36 ms first), so the delivery log lists newest first.
 */
export function deliveryId(eventKey: string, endpointId: string, at: number): string {
  const hash = createHash('sha256').update(`${eventKey}\n${endpointId}`).digest('base64url').slice(0, 16);
  return `msg_${at.toString(36).padStart(9, '0')}${hash}`;
}

/**
 * Why a URL cannot be a webhook endpoint (undefined: it can): https only,
 * except plain http to loopback (the local stack's receivers).
 */
export function endpointUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) {
    return url.username || url.password ? 'must not carry credentials' : undefined;
  }
  return 'must be https (plain http only to 127.0.0.1 or localhost)';
}

/** The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed. */
export function retryDelay(delays: readonly number[], attempt: number): number | undefined {
  return attempt >= 1 && attempt <= delays.length ? delays[attempt - 1] : undefined;
}

/** The order fields that name or locate the shopper, erased from payloads when their account is deleted. */
const PERSONAL_ORDER_FIELDS = ['email', 'shippingAddress', 'returnUrl'] as const;

/**
 * A delivery payload with the shopper's personal data taken out of its order
 * (`data.order`: the email, the shipping address but its country and region,
 * kept as `shippingCountry` / `shippingRegion` like the order itself) and
 * `data.order.anonymised: true`; anything else stays. A payload that is not an
 * order event comes back unchanged.
 *
 * @example
 * ```ts
 * erasePersonalData('{"type":"order.paid","data":{"order":{"email":"ada@example.com"}}}');
 * // '{"type":"order.paid","data":{"order":{"anonymised":true}}}'
 * ```
 */
export function erasePersonalData(payload: string): string {
  let body: { data?: { order?: Record<string, unknown> } };
  try {
    body = JSON.parse(payload) as typeof body;
  } catch {
    return payload;
  }
  const order = body?.data?.order;
  if (order === null || typeof order !== 'object') return payload;
  const address = order.shippingAddress as { country?: unknown; region?: unknown } | undefined;
  for (const field of PERSONAL_ORDER_FIELDS) delete order[field];
  if (typeof address?.country === 'string') order.shippingCountry = address.country;
  if (typeof address?.region === 'string') order.shippingRegion = address.region;
  order.anonymised = true;
  return JSON.stringify(body);
}
