import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUES, type QueueDefinition } from '../src/topology/queues.js';

export interface QueuePair {
  readonly definition: QueueDefinition;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * The queues of `src/topology/queues.ts`, each with its dead-letter queue: SQS-managed
 * encryption, TLS-only access, redrive after `maxReceiveCount` receives.
 *
 * @example
 * ```ts
 * const queues = new CartQueues(this, 'Queues');
 * queues.byId.Orders.queue.grantSendMessages(fn);
 * ```
 */
export class CartQueues extends Construct {
  readonly byId: Readonly<Record<QueueDefinition['id'], QueuePair>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const byId: Partial<Record<QueueDefinition['id'], QueuePair>> = {};
    for (const definition of QUEUES) {
      const deadLetterQueue = new Queue(this, `${definition.id}Dlq`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(definition.dlqRetentionDays),
      });
      const queue = new Queue(this, definition.id, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      });
      byId[definition.id] = { definition, queue, deadLetterQueue };
    }
    this.byId = byId as Record<QueueDefinition['id'], QueuePair>;
  }

  /** Queue URLs under each queue's `envVar` (the DLQ URLs are for alarms and operators, not handlers). */
  get environment(): Record<string, string> {
    return Object.fromEntries(QUEUES.map((def) => [def.envVar, this.byId[def.id].queue.queueUrl]));
  }
}
