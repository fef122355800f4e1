import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { parseJob } from '../use-cases/jobs.js';
import { cartStore, dynamodb } from '../runtime/services/dynamodb.js';

const getDeps = functionDeps('cleanup-worker', { dynamodb: dynamodb(cartStore) });

const processor = new BatchProcessor(EventType.SQS);

/**
 * Deletes an anonymous cart emptied by a merge, only if it is still at the
 * merged version: if the visitor kept using the token and added lines since,
 * those lines stay.
 */
async function processRecord(record: SQSRecord): Promise<void> {
  const job = parseJob(record.body);
  if (job.type !== 'cart.cleanup') throw new Error(`The cleanup queue got a ${job.type} job`);
  await (await getDeps()).carts.delete(job.ownerKey, job.version);
}

/** The cart cleanup worker Lambda (SQS). */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context });
