import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { fulfilOrder } from '../use-cases/fulfil-order.js';
import { parseJob } from '../use-cases/jobs.js';
import {
  cartReminderStore,
  dynamodb,
  fulfilmentStore,
  orderStore,
  paymentStore,
} from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { sqs } from '../runtime/services/sqs.js';
import { stripe } from '../runtime/services/stripe.js';

const getDeps = functionDeps('order-worker', {
  dynamodb: dynamodb(orderStore, fulfilmentStore, paymentStore, cartReminderStore),
  stripe,
  // The payment return links carry the order's access token, derived from the cart token secret.
  'secrets-manager': secretsManager,
  // A CONFIRMED order (no online payment) queues its receipt.
  sqs,
});

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  const job = parseJob(record.body);
  if (job.type !== 'order.placed') throw new Error(`The order queue got a ${job.type} job`);
  await fulfilOrder(job.orderId, await getDeps());
}

/** The order worker Lambda (SQS): one failed message never fails its batch-mates. */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context });
