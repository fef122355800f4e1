import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { dynamodb, webhookStore } from '../runtime/services/dynamodb.js';
import { sqs } from '../runtime/services/sqs.js';
import { attemptDelivery } from '../use-cases/merchant-webhooks.js';

const getDeps = functionDeps('webhook-worker', { dynamodb: dynamodb(webhookStore), sqs });
const processor = new BatchProcessor(EventType.SQS);

/** A message the worker cannot read is dropped (retrying it cannot help). */
function parseDeliveryId(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { deliveryId?: unknown };
    return typeof parsed.deliveryId === 'string' ? parsed.deliveryId : undefined;
  } catch {
    return undefined;
  }
}

async function processRecord(record: SQSRecord): Promise<void> {
  const id = parseDeliveryId(record.body);
  if (id === undefined) return;
  const deps = await getDeps();
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  const outcome = await attemptDelivery(deps, id, attempt);
  if (outcome.done) return;
  // The backoff is the message's own visibility; failing the record keeps it in the queue until then.
  await deps.webhookQueue.retryIn(record.receiptHandle, outcome.retryInSeconds);
  throw new Error(`webhook ${id}: attempt ${attempt} failed, next in ${outcome.retryInSeconds} s`);
}

/**
 * The webhook worker Lambda (SQS): one attempt per message; a failed one
 * waits out its backoff as the message's visibility timeout, and SQS moves it
 * to the dead-letter queue after the queue's `maxReceiveCount` attempts.
 */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context });
