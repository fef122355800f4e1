import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_SOURCE } from '../src/topology/event-sources.js';
import { type FunctionName, functionNamed } from '../src/topology/functions.js';
import type { QueuePair } from './queues.js';

export interface PipelineProps {
  /** The queues and the handler consuming each (`QUEUES[].consumer`). */
  readonly queues: readonly QueuePair[];
  readonly consumers: Readonly<Partial<Record<FunctionName, IFunction>>>;
  /** Timeout of each consumer, to check the queue's visibility timeout covers it; default its `FUNCTIONS` timeout. */
  readonly consumerTimeoutSeconds?: (consumer: FunctionName) => number;
  /** The tables whose streams feed the stream processor (`STREAMED_TABLES`: Carts, Orders and Products). */
  readonly streams: readonly Table[];
  readonly streamProcessor: IFunction;
}

/**
 * The event sources of the topology (`QUEUES[].consumer`, `STREAM_SOURCE`). The asynchronous side: each queue feeds its consumer (partial batch
 * responses, so one bad message never re-runs its batch-mates), and the
 * Carts/Orders streams feed the stream processor with bisection, bounded
 * retries and an SQS on-failure destination.
 *
 * @example
 * ```ts
 * new Pipeline(this, 'Pipeline', { queues, consumers, streams, streamProcessor });
 * ```
 */
export class Pipeline extends Construct {
  /** Where stream batches that still fail after retries are recorded (metadata, not the records). */
  readonly streamFailures: Queue;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    for (const { definition, queue } of props.queues) {
      const timeout =
        props.consumerTimeoutSeconds?.(definition.consumer) ?? functionNamed(definition.consumer).timeoutSeconds;
      if (definition.visibilityTimeoutSeconds < timeout) {
        // SQS would hand a message to a second worker while the first still runs it.
        throw new Error(
          `queue ${definition.id}: visibility timeout ${definition.visibilityTimeoutSeconds}s is shorter than ${definition.consumer}'s ${timeout}s timeout`,
        );
      }
      const consumer = props.consumers[definition.consumer];
      if (!consumer) throw new Error(`queue ${definition.id}: no function ${definition.consumer} to consume it`);
      consumer.addEventSource(
        new SqsEventSource(queue, { batchSize: definition.batchSize, reportBatchItemFailures: true }),
      );
    }

    this.streamFailures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(STREAM_SOURCE.failureRetentionDays),
    });
    for (const table of props.streams) {
      props.streamProcessor.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.LATEST,
          batchSize: STREAM_SOURCE.batchSize,
          bisectBatchOnError: true,
          retryAttempts: STREAM_SOURCE.retryAttempts,
          maxRecordAge: Duration.hours(STREAM_SOURCE.maxRecordAgeHours),
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.streamFailures),
        }),
      );
    }
  }
}
