import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import {
  cartReminderStore,
  dynamodb,
  fulfilmentStore,
  orderStore,
  paymentStore,
} from '../runtime/services/dynamodb.js';
import { sqs } from '../runtime/services/sqs.js';
import { parseJob } from '../use-cases/jobs.js';
import { handlePaymentEvent } from '../use-cases/payment-events.js';

const getDeps = functionDeps('payment-worker', {
  dynamodb: dynamodb(orderStore, fulfilmentStore, paymentStore, cartReminderStore),
  sqs,
});

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  const job = parseJob(record.body);
  if (job.type !== 'payment.event') throw new Error(`The payment events queue got a ${job.type} job`);
  await handlePaymentEvent(job, await getDeps());
}

/** The payment worker Lambda (SQS): provider events → PAID or EXPIRED, once each. */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context });
