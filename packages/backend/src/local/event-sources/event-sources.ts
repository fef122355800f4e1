import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { HandlerRegistry } from '../lambda/handlers.js';
import type { Logger } from '../support/log.js';
import type { ProvisionedTable } from '../emulators/provision.js';
import type { ProvisionedQueue } from '../emulators/sqs.js';
import { STREAM_SOURCE } from '../../topology/event-sources.js';
import { type SqsSubscription, startSqsPoller } from './sqs-poller.js';
import { type StreamSubscription, startStreamPoller } from './stream-poller.js';

/** The function every table stream feeds (as the CDK app wires it). */
const STREAM_HANDLER = STREAM_SOURCE.handler;

/**
 * The stack's event source mappings, from the topology as the CDK app's: each
 * queue of QUEUES to its `consumer` (its `batchSize`), each streamed table to
 * `STREAM_SOURCE` (its batch size and retries). A handler file that does not
 * exist yet is skipped with one log line (its queue or stream just fills up).
 * Streams of tables created now are read from the start; those of a persisted
 * database from now on, so a restart does not replay old changes.
 *
 * @example
 * ```ts
 * const sources = await startEventSources({ handlers, log, sqs, streams, queues, tables });
 * await sources.stop();
 * ```
 */
export async function startEventSources(options: {
  handlers: HandlerRegistry;
  log: Logger;
  sqs: SQSClient;
  streams: DynamoDBStreamsClient;
  queues: readonly ProvisionedQueue[];
  tables: readonly ProvisionedTable[];
}): Promise<{ stop(): Promise<void> }> {
  const { handlers, log } = options;
  const queueSubscriptions: SqsSubscription[] = [];
  for (const { definition, queue } of options.queues) {
    if (!(await handlers.has(definition.consumer))) {
      log.warn('event-sources', 'handler file missing, queue not consumed', {
        handler: definition.consumer,
        queue: definition.id,
      });
      continue;
    }
    queueSubscriptions.push({
      queueUrl: queue.url,
      queueArn: queue.arn,
      functionName: definition.consumer,
      batchSize: definition.batchSize,
      handler: handlers.lazy(definition.consumer),
    });
  }
  const streamSubscriptions: StreamSubscription[] = [];
  const streamed = options.tables.filter((table) => table.streamArn);
  if (streamed.length > 0 && !(await handlers.has(STREAM_HANDLER))) {
    log.warn('event-sources', 'handler file missing, streams not consumed', { handler: STREAM_HANDLER });
  } else {
    for (const table of streamed) {
      streamSubscriptions.push({
        streamArn: table.streamArn ?? '',
        tableName: table.tableName,
        functionName: STREAM_HANDLER,
        handler: handlers.lazy(STREAM_HANDLER),
        batchSize: STREAM_SOURCE.batchSize,
        // Lambda tries a record once plus MaximumRetryAttempts times.
        maxAttempts: STREAM_SOURCE.retryAttempts + 1,
        startingPosition: table.created ? 'TRIM_HORIZON' : 'LATEST',
      });
    }
  }
  const queuePoller = startSqsPoller({ client: options.sqs, log, subscriptions: queueSubscriptions });
  const streamPoller = startStreamPoller({ client: options.streams, log, subscriptions: streamSubscriptions });
  return {
    async stop() {
      await Promise.all([queuePoller.stop(), streamPoller.stop()]);
    },
  };
}
