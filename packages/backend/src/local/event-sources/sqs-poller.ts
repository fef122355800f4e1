import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { batchOutcome } from './batch-response.js';
import type { LambdaHandler } from '../lambda/handlers.js';
import { lambdaContext } from '../lambda/lambda-context.js';
import type { Logger } from '../support/log.js';
import { toSqsRecord } from './sqs-event.js';

/** One queue feeding one function, like a Lambda SQS event source mapping. */
export interface SqsSubscription {
  readonly queueUrl: string;
  readonly queueArn: string;
  /** The handler file name, e.g. `order-worker` (also the local function name). */
  readonly functionName: string;
  /** At most 10 (one ReceiveMessage). */
  readonly batchSize: number;
  readonly handler: LambdaHandler;
}

/** Long poll length; `stop()` aborts the poll in flight, so this does not delay stopping. */
const WAIT_TIME_SECONDS = 10;

/**
 * Polls each queue and invokes its handler with `SQSEvent` batches, as
 * Lambda's event source mapping with `ReportBatchItemFailures` does: the
 * successes are deleted; failed messages (listed in `batchItemFailures`, or
 * all of them when the handler throws or reports nonsense) stay in the queue,
 * become visible again after the queue's visibility timeout, and after
 * `maxReceiveCount` receives fauxqs's redrive moves them to the DLQ.
 *
 * @example
 * ```ts
 * const poller = startSqsPoller({ client, log, subscriptions: [{ queueUrl, queueArn, functionName: 'order-worker', batchSize: 10, handler }] });
 * await poller.stop();
 * ```
 */
export function startSqsPoller(options: {
  client: SQSClient;
  log: Logger;
  subscriptions: readonly SqsSubscription[];
}): { stop(): Promise<void> } {
  const { client, log } = options;
  const abort = new AbortController();

  async function handleBatch(subscription: SqsSubscription, messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((message) => toSqsRecord(message, subscription.queueArn)) };
    const ids = event.Records.map((record) => record.messageId);
    let outcome: ReturnType<typeof batchOutcome>;
    try {
      outcome = batchOutcome(await subscription.handler(event as never, lambdaContext(subscription.functionName)), ids);
    } catch (error) {
      outcome = { kind: 'failure', reason: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.kind === 'failure') {
      log.warn('sqs-poller', 'batch failed, messages will be retried', {
        function: subscription.functionName,
        messages: ids.length,
        reason: outcome.reason,
      });
      return;
    }
    const failed = outcome.kind === 'partial' ? outcome.failed : new Set<string>();
    if (failed.size > 0) {
      log.info('sqs-poller', 'some messages failed, they will be retried', {
        function: subscription.functionName,
        failed: failed.size,
      });
    }
    const done = event.Records.filter((record) => !failed.has(record.messageId));
    if (done.length === 0) return;
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: subscription.queueUrl,
        Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
    if (deleted.Failed?.length) {
      log.warn('sqs-poller', 'could not delete processed messages', {
        function: subscription.functionName,
        failed: deleted.Failed.length,
      });
    }
  }

  async function poll(subscription: SqsSubscription): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: subscription.queueUrl,
            MaxNumberOfMessages: Math.min(10, subscription.batchSize),
            WaitTimeSeconds: WAIT_TIME_SECONDS,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        if (received.Messages?.length) await handleBatch(subscription, received.Messages);
      } catch (error) {
        if (abort.signal.aborted) return;
        log.warn('sqs-poller', 'receive failed, retrying in 1 s', {
          function: subscription.functionName,
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  const loops = options.subscriptions.map((subscription) => poll(subscription));
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
