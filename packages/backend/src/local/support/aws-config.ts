import { randomBytes } from 'node:crypto';

/**
 * Fixed fake credentials and region for every local client and for the
 * handlers' environment. DynamoDB Local runs with `-sharedDb`, so the values
 * only have to be well-formed.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'AKIALOCALSTACK000000',
  secretAccessKey: 'local-stack-fake-secret',
} as const;
/**
 * The key pair the handlers sign with: LOCAL_CREDENTIALS' access key id and a
 * secret made fresh for each stack, which the `@connections` API checks.
 *
 * @example
 * ```ts
 * const credentials = handlerCredentials();
 * ```
 */
export function handlerCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: randomBytes(30).toString('base64url') };
}

/** The account id the local stack puts into ARNs and API Gateway events. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * Options for an AWS SDK v3 client pointed at a local emulator.
 *
 * @example
 * ```ts
 * const ddb = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
 * ```
 */
export function localClientConfig(endpoint: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}
