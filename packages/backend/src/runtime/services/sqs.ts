import { SqsEventQueue } from '../../adapters/event-queue.js';
import { SqsWebhookQueue } from '../../adapters/webhook-queue.js';
import type { ServiceModule } from '../deps.js';

/** The job queues (order placed, cart cleanup, payment events, receipts, merchant webhooks). */
export const sqs: ServiceModule<'sqs'> = (config) => ({
  queue: new SqsEventQueue({
    region: config.region,
    endpoint: config.sqsEndpoint,
    ordersQueueUrl: config.ordersQueueUrl,
    cleanupQueueUrl: config.cleanupQueueUrl,
    paymentEventsQueueUrl: config.paymentEventsQueueUrl,
    mailQueueUrl: config.mailQueueUrl,
  }),
  webhookQueue: new SqsWebhookQueue({
    region: config.region,
    endpoint: config.sqsEndpoint,
    url: config.webhooksQueueUrl,
  }),
});
