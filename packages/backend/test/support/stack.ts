import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { TABLES, type TableId } from '../../src/topology/tables.js';

/** What the global setup tells each test file about the one local stack of the run. */
export interface StackInfo {
  readonly apiUrl: string;
  readonly wsUrl: string;
  readonly env: Readonly<Record<string, string>>;
  /** The key that signs anonymous cart tokens, for tests that forge or age one. */
  readonly cartTokenSecret: string;
  /** cognito-local's pool file (`.cognito/db/<pool>.json`), for a second hosted sign-in stand-in. */
  readonly cognitoPoolFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: StackInfo;
  }
}

let applied = false;

/**
 * The running stack. The first call also gives this test process the
 * handlers' environment, so tests can call handler exports in-process
 * against the same emulators.
 */
export function stackEnv(): StackInfo {
  const info = inject('localStack');
  if (!applied) {
    Object.assign(process.env, info.env);
    applied = true;
  }
  return info;
}

let client: DynamoDBDocumentClient | undefined;

/** Reads one item straight from DynamoDB Local (for checks the API does not expose). */
export async function readItem(
  table: TableId,
  key: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const { env } = stackEnv();
  client ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    }),
  );
  const definition = TABLES.find((candidate) => candidate.id === table);
  if (!definition) throw new Error(`unknown table ${table}`);
  const name = env[definition.envVar];
  const result = await client.send(new GetCommand({ TableName: name, Key: key, ConsistentRead: true }));
  return result.Item;
}
