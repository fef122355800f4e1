import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { guardStore } from './aws-errors.js';
import { meterClient } from '../runtime/meter.js';

/** Jobs the API hands to the workers through SQS. */
export type Job =
  | { readonly type: 'order.placed'; readonly orderId: string }
  | { readonly type: 'cart.cleanup'; readonly ownerKey: string; readonly version: number }
  /** A verified payment provider event, reduced to what the payment worker needs (no personal data). */
  | {
      readonly type: 'payment.event';
      readonly provider: 'stripe';
      readonly eventId: string;
      readonly eventType: string;
      readonly sessionId: string;
      readonly orderId: string | null;
    }
  /** The mail queue's receipt job (use-cases/send-receipt.ts parses it). */
  | { readonly type: 'order.paid'; readonly orderId: string }
  /** The mail queue's "on its way" job of a fulfilled order (use-cases/send-shipped.ts). */
  | { readonly type: 'order.fulfilled'; readonly orderId: string };

/** Where the API puts slow work. */
export interface EventQueue {
  send(job: Job): Promise<void>;
}

/**
 * SQS producer. On the local stack `endpoint` points at fauxqs (whose queue
 * URLs name an unresolvable host, so the endpoint is always explicit there).
 */
export class SqsEventQueue implements EventQueue {
  readonly #client: SQSClient;
  readonly #urls: Record<Job['type'], string>;

  constructor(options: {
    region: string;
    endpoint: string | null;
    ordersQueueUrl: string;
    cleanupQueueUrl: string;
    paymentEventsQueueUrl?: string;
    mailQueueUrl?: string;
  }) {
    this.#client = meterClient(
      new SQSClient({
        region: options.region,
        maxAttempts: 3,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      }),
      'sqs',
    );
    this.#urls = {
      'order.placed': options.ordersQueueUrl,
      'cart.cleanup': options.cleanupQueueUrl,
      'payment.event': options.paymentEventsQueueUrl ?? '',
      'order.paid': options.mailQueueUrl ?? '',
      'order.fulfilled': options.mailQueueUrl ?? '',
    };
  }

  async send(job: Job): Promise<void> {
    const url = this.#urls[job.type];
    if (!url) throw new Error(`No queue is configured for ${job.type}`);
    await guardStore(() =>
      this.#client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(job) })),
    );
  }
}
