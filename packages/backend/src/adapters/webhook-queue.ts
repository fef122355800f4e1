import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { guardStore } from './aws-errors.js';

/**
 * The Webhooks queue: one message per delivery (`{ deliveryId }`), and the
 * backoff, which is the message's own visibility timeout (SQS keeps counting
 * its receives, and moves it to the DLQ after the last).
 */
export class SqsWebhookQueue {
  readonly #client: SQSClient;
  readonly #url: string;

  constructor(options: { region: string; endpoint: string | null; url: string }) {
    this.#client = new SQSClient({
      region: options.region,
      maxAttempts: 3,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
    this.#url = options.url;
  }

  /** Queues a delivery for its (first, or replayed) attempt. */
  async send(deliveryId: string): Promise<void> {
    if (!this.#url) throw new Error('No queue is configured for webhook deliveries');
    await guardStore(() =>
      this.#client.send(new SendMessageCommand({ QueueUrl: this.#url, MessageBody: JSON.stringify({ deliveryId }) })),
    );
  }

  /** The received message comes back after `seconds` (at most 12 h). */
  async retryIn(receiptHandle: string, seconds: number): Promise<void> {
    await guardStore(() =>
      this.#client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.#url,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      ),
    );
  }
}
