import * as v from 'valibot';
import { IsoTimeSchema } from './primitives.js';

/** The events a merchant endpoint can subscribe to. */
export const WebhookEventSchema = v.picklist([
  'order.paid',
  'order.fulfilled',
  'order.refunded',
  'order.expired',
  'product.low_stock',
]);
export type WebhookEventType = v.InferOutput<typeof WebhookEventSchema>;

/** Body of `PUT /admin/webhooks`: the whole set of endpoints (at most 10), each with the events it wants. */
export const WebhookEndpointsInputSchema = v.strictObject({
  endpoints: v.pipe(
    v.array(
      v.strictObject({
        url: v.pipe(v.string('url is required'), v.maxLength(2048, 'url has at most 2048 characters')),
        events: v.pipe(v.array(WebhookEventSchema), v.minLength(1, 'events lists at least one event')),
      }),
    ),
    v.maxLength(10, 'at most 10 endpoints'),
  ),
});
export type WebhookEndpointsInput = v.InferOutput<typeof WebhookEndpointsInputSchema>;

/**
 * A registered endpoint: its `secret` (`whsec_...`, Standard Webhooks) verifies
 * the `webhook-signature` of its deliveries; it stays the same while the URL does.
 */
export const WebhookEndpointSchema = v.object({
  id: v.string(),
  url: v.string(),
  events: v.array(WebhookEventSchema),
  secret: v.string(),
  createdAt: IsoTimeSchema,
});
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpointSchema>;

/** `GET`/`PUT /admin/webhooks`. */
export const WebhookEndpointListSchema = v.object({ endpoints: v.array(WebhookEndpointSchema) });
export type WebhookEndpointList = v.InferOutput<typeof WebhookEndpointListSchema>;

/** Where a delivery stands: queued or waiting for its next attempt, delivered, or given up (in the DLQ). */
export const WebhookDeliveryStatusSchema = v.picklist(['pending', 'retrying', 'delivered', 'failed']);

/** One event to one endpoint, with its attempts (the `id` is the `webhook-id` header). */
export const WebhookDeliverySchema = v.object({
  id: v.string(),
  endpointId: v.string(),
  url: v.string(),
  type: WebhookEventSchema,
  status: WebhookDeliveryStatusSchema,
  attempts: v.number(),
  lastStatusCode: v.optional(v.number()),
  lastError: v.optional(v.string()),
  nextAttemptAt: v.optional(IsoTimeSchema),
  createdAt: IsoTimeSchema,
  deliveredAt: v.optional(IsoTimeSchema),
  replays: v.number(),
});
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;

/** `GET /admin/webhooks/deliveries?status&limit&cursor`, newest first. */
export const WebhookDeliveryPageSchema = v.object({
  items: v.array(WebhookDeliverySchema),
  nextCursor: v.optional(v.string()),
});
export type WebhookDeliveryPage = v.InferOutput<typeof WebhookDeliveryPageSchema>;
