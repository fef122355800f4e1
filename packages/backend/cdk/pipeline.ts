import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../src/topology/queues.js';
import type { QueuePair } from './queues.js';

/** How the stream processor retries a failing batch before parking it in the failure queue. */
export const STREAM_SETTINGS = {
  batchSize: 100,
  retryAttempts: 3,
  maxRecordAgeHours: 1,
  failureRetentionDays: 14,
} as const;

export interface PipelineProps {
  /** The queues and the handler consuming each (`QUEUES[].consumer`). */
  readonly queues: readonly QueuePair[];
  readonly consumers: Readonly<Record<QueueDefinition['consumer'], IFunction>>;
  /** Timeout of each consumer, to check the queue's visibility timeout covers it. */
  readonly consumerTimeoutSeconds: (consumer: QueueDefinition['consumer']) => number;
  /** The tables whose streams feed the stream processor (Carts and Orders). */
  readonly streams: readonly Table[];
  readonly streamProcessor: IFunction;
}

/**
 * The asynchronous side: each queue feeds its consumer (partial batch
 * responses, so one bad message never re-runs its batch-mates), and the
 * Carts/Orders streams feed the stream processor with bisection, bounded
 * retries and an SQS on-failure destination.
 *
 * @example
 * ```ts
 * new Pipeline(this, 'Pipeline', { queues, consumers, consumerTimeoutSeconds, streams, streamProcessor });
 * ```
 */
export class Pipeline extends Construct {
  /** Where stream batches that still fail after retries are recorded (metadata, not the records). */
  readonly streamFailures: Queue;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    for (const { definition, queue } of props.queues) {
      const timeout = props.consumerTimeoutSeconds(definition.consumer);
      if (definition.visibilityTimeoutSeconds < timeout) {
        // SQS would hand a message to a second worker while the first still runs it.
        throw new Error(
          `queue ${definition.id}: visibility timeout ${definition.visibilityTimeoutSeconds}s is shorter than ${definition.consumer}'s ${timeout}s timeout`,
        );
      }
      props.consumers[definition.consumer].addEventSource(
        new SqsEventSource(queue, { batchSize: definition.batchSize, reportBatchItemFailures: true }),
      );
    }

    this.streamFailures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(STREAM_SETTINGS.failureRetentionDays),
    });
    for (const table of props.streams) {
      props.streamProcessor.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.LATEST,
          batchSize: STREAM_SETTINGS.batchSize,
          bisectBatchOnError: true,
          retryAttempts: STREAM_SETTINGS.retryAttempts,
          maxRecordAge: Duration.hours(STREAM_SETTINGS.maxRecordAgeHours),
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.streamFailures),
        }),
      );
    }
  }
}
