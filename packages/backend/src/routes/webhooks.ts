import { WebhookSignatureError } from '../adapters/payment-provider.js';
import { PayloadTooLargeError, ValidationError } from '../domain/errors.js';
import type { Route } from '../http/handler.js';
import { json } from '../http/response.js';
import { logger } from '../runtime/logger.js';

/** Stripe's events are larger than cart requests; Stripe caps a payload well below this. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * `POST /webhooks/stripe`: verifies `Stripe-Signature` on the raw body
 * (`stripe.webhooks.constructEvent`; API Gateway's base64 body is decoded
 * first), answers 400 to a bad signature having changed nothing, else hands
 * the event to the payment events queue and answers 200. Processing happens
 * in the payment worker, idempotently: Stripe delivers at least once.
 */
export const stripeWebhook: Route = async (request, deps) => {
  const raw = request.rawBody ?? '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_WEBHOOK_BYTES) throw new PayloadTooLargeError(MAX_WEBHOOK_BYTES);
  let event: ReturnType<Awaited<ReturnType<typeof deps.payments>>['verifyWebhook']>;
  try {
    event = (await deps.payments()).verifyWebhook(raw, request.headers['stripe-signature']);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      logger.warn('webhook refused', { requestId: request.requestId, reason: error.message });
      throw new ValidationError('The Stripe-Signature header does not verify for this body.');
    }
    throw error;
  }
  if (event.sessionId !== '') {
    await deps.queue.send({
      type: 'payment.event',
      provider: 'stripe',
      eventId: event.eventId,
      eventType: event.eventType,
      sessionId: event.sessionId,
      orderId: event.orderId,
    });
  }
  logger.info('webhook accepted', { eventId: event.eventId, eventType: event.eventType });
  return json(200, { received: true }, { 'Cache-Control': 'no-store' });
};
