import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { QUEUES, type QueueDefinition } from '../../topology/queues.js';
import { freePort } from '../support/net.js';

/** A running fauxqs (SQS only; its SNS and S3 are unused). */
export interface SqsLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Runs fauxqs 1.9.2 in this process, bound to loopback (its `startFauxqs()`
 * would bind 0.0.0.0). In memory only: queues and messages do not survive a
 * restart, even with `--persist`.
 *
 * @example
 * ```ts
 * const sqs = await startSqsLocal({});
 * const client = new SQSClient(localClientConfig(sqs.endpoint));
 * ```
 */
export async function startSqsLocal(options: { port?: number }): Promise<SqsLocal> {
  const app = buildApp({ logger: false });
  const port = options.port ?? (await freePort());
  await app.listen({ port, host: '127.0.0.1' });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => app.close() };
}

/** A queue as created: its URL (for the SDK, with an explicit endpoint) and ARN. */
export interface CreatedQueue {
  readonly url: string;
  readonly arn: string;
}

/** A queue of {@link QUEUES} with its dead-letter queue. */
export interface ProvisionedQueue {
  readonly definition: QueueDefinition;
  readonly queue: CreatedQueue;
  readonly dlq: CreatedQueue;
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<CreatedQueue> {
  const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`CreateQueue ${name} returned no URL`);
  const described = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = described.Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${name} has no ARN`);
  return { url, arn };
}

/**
 * Creates one queue with its dead-letter queue, as the CDK app does: the DLQ
 * keeps messages `dlqRetentionDays`, the queue redrives after
 * `maxReceiveCount` receives.
 *
 * @example
 * ```ts
 * const { queue, dlq } = await provisionQueue(client, QUEUES[0], 'cartkit-local-Orders');
 * ```
 */
export async function provisionQueue(
  client: SQSClient,
  definition: QueueDefinition,
  name: string,
): Promise<ProvisionedQueue> {
  const dlq = await createQueue(client, `${name}-dlq`, {
    MessageRetentionPeriod: String(definition.dlqRetentionDays * 24 * 60 * 60),
  });
  const queue = await createQueue(client, name, {
    VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: definition.maxReceiveCount }),
  });
  return { definition, queue, dlq };
}

/**
 * Creates every queue of {@link QUEUES} as `${prefix}${id}` plus its DLQ.
 *
 * @example
 * ```ts
 * const queues = await provisionQueues(client, 'cartkit-local-');
 * ```
 */
export function provisionQueues(client: SQSClient, prefix: string): Promise<ProvisionedQueue[]> {
  return Promise.all(QUEUES.map((definition) => provisionQueue(client, definition, `${prefix}${definition.id}`)));
}
