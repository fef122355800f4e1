import type { FunctionName } from './functions.js';

/**
 * The SQS queues, defined once: the CDK app and the local stack both create
 * them (each with its dead-letter queue) from this list.
 */
export interface QueueDefinition {
  /** Logical id, also the base of the physical name. */
  readonly id: 'Orders' | 'CartCleanup' | 'PaymentEvents' | 'Mail' | 'Webhooks';
  /** Environment variable carrying the queue URL to producers. */
  readonly envVar: string;
  /** Environment variable carrying the dead-letter queue's URL (local stack, tests, alarms). */
  readonly dlqEnvVar: string;
  /** The function that consumes it (its event source mapping, on AWS and locally). */
  readonly consumer: FunctionName;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly dlqRetentionDays: number;
}

export const QUEUES = [
  {
    id: 'Orders',
    envVar: 'ORDERS_QUEUE_URL',
    dlqEnvVar: 'ORDERS_DLQ_URL',
    consumer: 'order-worker',
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 3,
    batchSize: 10,
    dlqRetentionDays: 14,
  },
  {
    id: 'CartCleanup',
    envVar: 'CLEANUP_QUEUE_URL',
    dlqEnvVar: 'CLEANUP_DLQ_URL',
    consumer: 'cleanup-worker',
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 3,
    batchSize: 10,
    dlqRetentionDays: 14,
  },
  {
    // Verified Stripe events, handed over by the webhook (which answers Stripe at once).
    id: 'PaymentEvents',
    envVar: 'PAYMENT_EVENTS_QUEUE_URL',
    dlqEnvVar: 'PAYMENT_EVENTS_DLQ_URL',
    consumer: 'payment-worker',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    batchSize: 10,
    dlqRetentionDays: 14,
  },
  {
    // `order.paid` receipts (use-cases/send-receipt.ts); the visibility timeout outlasts RECEIPT_LEASE_MS.
    id: 'Mail',
    envVar: 'MAIL_QUEUE_URL',
    dlqEnvVar: 'MAIL_DLQ_URL',
    consumer: 'mail-worker',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    batchSize: 5,
    dlqRetentionDays: 14,
  },
  {
    // Deliveries to the merchant's webhook endpoints. A failed attempt sets its message's visibility to the
    // next delay of WEBHOOK_RETRY_DELAYS_SECONDS (5 s ... 10 h, 27 h in all); after the last of
    // WEBHOOK_ATTEMPTS receives SQS moves it to the dead-letter queue.
    id: 'Webhooks',
    envVar: 'WEBHOOKS_QUEUE_URL',
    dlqEnvVar: 'WEBHOOKS_DLQ_URL',
    consumer: 'webhook-worker',
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 8,
    batchSize: 5,
    dlqRetentionDays: 14,
  },
] as const satisfies readonly QueueDefinition[];

export type QueueId = QueueDefinition['id'];
