import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterClient } from '../runtime/meter.js';

// The error helpers live apart, so a function with no DynamoDB (an SQS producer) bundles no DynamoDB client.
export { awsErrorName, guardStore, toUnavailable } from './aws-errors.js';

/**
 * A DynamoDB document client. On the local stack `endpoint` points at DynamoDB
 * Local; on AWS it is unset. Few SDK retries: a cart call should fail fast
 * with 503 + Retry-After and let the client retry, not hang a Lambda.
 */
export function createDocumentClient(options: { region: string; endpoint: string | null }): DynamoDBDocumentClient {
  const client = meterClient(
    new DynamoDBClient({
      region: options.region,
      maxAttempts: 3,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    }),
    'dynamodb',
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The per-item codes of a cancelled transaction (`ConditionalCheckFailed`, `None`, ...), in item order. */
export function cancellationCodes(error: unknown): (string | undefined)[] {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code);
}
