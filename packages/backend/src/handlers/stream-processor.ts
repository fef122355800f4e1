import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { apigatewayManagement } from '../runtime/services/apigateway-management.js';
import { sqs } from '../runtime/services/sqs.js';
import {
  cartStore,
  catalogStore,
  connectionStore,
  discountStore,
  dynamodb,
  productCartStore,
  webhookStore,
} from '../runtime/services/dynamodb.js';
import { handleChange, inCartsChanges, type NewestVersions, newestCartVersions } from '../use-cases/stream-events.js';

const getDeps = functionDeps('stream-processor', {
  dynamodb: dynamodb(productCartStore, catalogStore, connectionStore, cartStore, discountStore, webhookStore),
  'apigateway-management': apigatewayManagement,
  sqs,
});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function processRecord(record: DynamoDBRecord, newest: NewestVersions): Promise<void> {
  await handleChange(record, await getDeps(), newest, { inCartsCounted: true });
}

/**
 * The stream processor Lambda (Carts, Orders and Products streams): realtime pushes and
 * the "in N carts" aggregate (folded per batch). Records run in stream order (one cart's changes
 * must apply in sequence); failed ones are reported, so the batch is retried
 * from the first failure without losing the others.
 */
export const handler = async (event: DynamoDBStreamEvent, context: Context) => {
  const newest = newestCartVersions(event.Records);
  // The "in N carts" counts of the whole batch first, one update per SKU. Safe to repeat (the
  // membership rows' conditions): if it fails, the invocation fails and the batch comes again.
  await (await getDeps()).productCarts.applyBatch(inCartsChanges(event.Records));
  return processPartialResponse(event, (record: DynamoDBRecord) => processRecord(record, newest), processor, {
    context,
    processInParallel: false,
  });
};
