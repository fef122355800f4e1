import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { getDeps } from '../app/deps.js';
import { handleChange } from '../app/stream-events.js';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function processRecord(record: DynamoDBRecord): Promise<void> {
  await handleChange(record, await getDeps());
}

/**
 * The stream processor Lambda (Carts and Orders streams): realtime pushes and
 * the "in N carts" aggregate. Records run in stream order (one cart's changes
 * must apply in sequence); failed ones are reported, so the batch is retried
 * from the first failure without losing the others.
 */
export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context, processInParallel: false });
