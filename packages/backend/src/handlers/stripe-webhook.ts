import { createHttpHandler } from '../http/handler.js';
import { functionDeps } from '../runtime/deps.js';
import { sqs } from '../runtime/services/sqs.js';
import { stripe } from '../runtime/services/stripe.js';
import { stripeWebhook } from '../routes/webhooks.js';

/** The Stripe webhook Lambda: `POST /webhooks/stripe`, verify and enqueue. */
export const handler = createHttpHandler(
  'stripe-webhook',
  { stripeWebhook },
  functionDeps('stripe-webhook', { sqs, stripe }),
);
