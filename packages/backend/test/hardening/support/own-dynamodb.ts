import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../../src/local/support/aws-config.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../src/local/emulators/dynamodb.js';
import { freePort } from '../../../src/local/support/net.js';
import { provisionTables, readCatalog, seedProducts } from '../../../src/local/emulators/provision.js';
import { TABLES, type TableId } from '../../../src/topology/tables.js';

const CATALOG = fileURLToPath(new URL('../../../data/catalog.json', import.meta.url));
const PREFIX = 'hardening-';

/**
 * A DynamoDB Local of this test file's own, on its own port, persisted in a
 * temp folder (`-dbPath`), so it can be stopped and restarted without losing
 * data and without hurting the shared stack other files use.
 */
export interface OwnDynamoDb {
  readonly endpoint: string;
  /** The handlers' environment for it: endpoint and every table name. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  read(table: TableId, key: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  /** Stops it for good and removes its data. */
  dispose(): Promise<void>;
}

export async function startOwnDynamoDb(): Promise<OwnDynamoDb> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cartkit-hardening-ddb-'));
  const port = await freePort();
  let running: DynamoDbLocal | undefined = await startDynamoDbLocal({ dataDir, port });
  const endpoint = running.endpoint;
  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const doc = DynamoDBDocumentClient.from(client);
  const tables = await provisionTables(client, PREFIX);
  const products = tables.find((table) => table.definition.id === 'Products');
  if (products) await seedProducts(client, products.tableName, await readCatalog(CATALOG));
  const env: Record<string, string> = { DYNAMODB_ENDPOINT: endpoint };
  for (const table of tables) env[table.definition.envVar] = table.tableName;
  return {
    endpoint,
    env,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async restart() {
      running ??= await startDynamoDbLocal({ dataDir, port });
    },
    async read(table, key) {
      const definition = TABLES.find((candidate) => candidate.id === table);
      const result = await doc.send(
        new GetCommand({ TableName: `${PREFIX}${definition?.id ?? table}`, Key: key, ConsistentRead: true }),
      );
      return result.Item;
    },
    async dispose() {
      client.destroy();
      await running?.stop();
      running = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
