import { randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { QueueDefinition } from '../../topology/queues.js';
import { localClientConfig } from '../support/aws-config.js';
import { silentLogger } from '../support/log.js';
import { type ProvisionedQueue, provisionQueue } from '../emulators/sqs.js';
import { startSqsPoller } from './sqs-poller.js';

const { env } = inject('localStack');
const client = new SQSClient(localClientConfig(env.SQS_ENDPOINT ?? ''));
afterAll(() => client.destroy());

/** A queue of its own per test (the stack's pollers never see it), quick to redeliver. */
function testQueue(): Promise<ProvisionedQueue> {
  const definition: QueueDefinition = {
    id: 'Orders',
    envVar: 'UNUSED',
    dlqEnvVar: 'UNUSED',
    consumer: 'order-worker',
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 2,
    batchSize: 10,
    dlqRetentionDays: 1,
  };
  return provisionQueue(client, definition, `poller-test-${randomUUID().slice(0, 8)}`);
}

async function send(queue: ProvisionedQueue, bodies: string[]): Promise<void> {
  await client.send(
    new SendMessageBatchCommand({
      QueueUrl: queue.queue.url,
      Entries: bodies.map((body, i) => ({
        Id: String(i),
        MessageBody: body,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      })),
    }),
  );
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function inFlight(queue: ProvisionedQueue): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.queue.url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
}

describe('SQS poller (Lambda event source mapping)', () => {
  it('deletes the successes, retries the reported failure and lets redrive move it to the DLQ', async () => {
    const queue = await testQueue();
    const seen: SQSRecord[] = [];
    const poller = startSqsPoller({
      client,
      log: silentLogger,
      subscriptions: [
        {
          queueUrl: queue.queue.url,
          queueArn: queue.queue.arn,
          functionName: 'order-worker',
          batchSize: 10,
          handler: async (event: SQSEvent): Promise<SQSBatchResponse> => {
            seen.push(...event.Records);
            return {
              batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
                itemIdentifier: r.messageId,
              })),
            };
          },
        },
      ],
    });
    try {
      await send(queue, ['ok-1', 'poison', 'ok-2']);

      const dlqMessages = await (async () => {
        for (;;) {
          const received = await client.send(
            new ReceiveMessageCommand({ QueueUrl: queue.dlq.url, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }),
          );
          if (received.Messages?.length) return received.Messages;
        }
      })();
      await until(async () => (await inFlight(queue)) === 0);

      const times = (body: string) => seen.filter((r) => r.body === body).length;
      expect(dlqMessages.map((m) => m.Body)).toEqual(['poison']);
      expect(times('ok-1')).toBe(1);
      expect(times('ok-2')).toBe(1);
      expect(times('poison')).toBe(2);
      expect(seen.filter((r) => r.body === 'poison').map((r) => r.attributes.ApproximateReceiveCount)).toEqual([
        '1',
        '2',
      ]);
      expect(seen[0]).toMatchObject({
        eventSource: 'aws:sqs',
        eventSourceARN: queue.queue.arn,
        awsRegion: 'us-east-1',
        messageAttributes: { kind: { dataType: 'String', stringValue: 'test' } },
      });
      expect(seen[0]?.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
      expect(seen[0]?.receiptHandle).toBeTruthy();
    } finally {
      await poller.stop();
    }
  });

  it('retries the whole batch when the handler throws', async () => {
    const queue = await testQueue();
    const batches: string[][] = [];
    const poller = startSqsPoller({
      client,
      log: silentLogger,
      subscriptions: [
        {
          queueUrl: queue.queue.url,
          queueArn: queue.queue.arn,
          functionName: 'order-worker',
          batchSize: 10,
          handler: async (event: SQSEvent) => {
            batches.push(event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
            if (batches.length === 1) throw new Error('first attempt fails');
            return { batchItemFailures: [] };
          },
        },
      ],
    });
    try {
      await send(queue, ['a', 'b']);
      await until(() => batches.flat().filter((entry) => entry.endsWith('#2')).length === 2);
      await until(async () => (await inFlight(queue)) === 0);

      expect(batches.flat().sort()).toEqual(['a#1', 'a#2', 'b#1', 'b#2']);
    } finally {
      await poller.stop();
    }
  });
});
