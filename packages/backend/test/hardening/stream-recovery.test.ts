import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { createLogger } from '../../src/local/support/log.js';
import { provisionTable } from '../../src/local/emulators/provision.js';
import { startStreamPoller } from '../../src/local/event-sources/stream-poller.js';
import type { TableDefinition } from '../../src/topology/tables.js';
import { type OwnDynamoDb, startOwnDynamoDb } from './support/own-dynamodb.js';

// The stream poller (Lambda's DynamoDB event source mapping) when DynamoDB Local
// goes away under it, against a DynamoDB Local of this file's own (stopping the
// shared one would fail other files mid-run). Issue 12, item 7.

let ddb: OwnDynamoDb;
let dynamo: DynamoDBClient;
let streams: DynamoDBStreamsClient;
const logLines: string[] = [];
const log = createLogger({ write: (line) => logLines.push(line.trimEnd()) });

beforeAll(async () => {
  ddb = await startOwnDynamoDb();
  dynamo = new DynamoDBClient({ ...localClientConfig(ddb.endpoint), maxAttempts: 1 });
  streams = new DynamoDBStreamsClient({ ...localClientConfig(ddb.endpoint), maxAttempts: 1 });
}, 90_000);

afterAll(async () => {
  dynamo?.destroy();
  streams?.destroy();
  await ddb?.dispose();
}, 30_000);

const definition: TableDefinition = { id: 'Carts', envVar: 'UNUSED', partitionKey: 'pk', stream: true };

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; log:\n${logLines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function recordingPoller(streamArn: string, tableName: string) {
  const seen: string[] = [];
  const poller = startStreamPoller({
    client: streams,
    log,
    subscriptions: [
      {
        streamArn,
        tableName,
        functionName: 'stream-processor',
        startingPosition: 'TRIM_HORIZON',
        handler: async (event: DynamoDBStreamEvent) => {
          for (const record of event.Records) seen.push(record.dynamodb?.Keys?.pk?.S ?? '');
        },
      },
    ],
  });
  return { seen, poller };
}

const put = (tableName: string, pk: string) =>
  dynamo.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));

describe('stream poller after DynamoDB Local goes away', () => {
  it('resumes delivering after DynamoDB Local is stopped and started again, without replaying what it handled', async () => {
    const table = await provisionTable(dynamo, definition, `recover-${randomUUID().slice(0, 8)}`);
    const { seen, poller } = recordingPoller(table.streamArn ?? '', table.tableName);
    await put(table.tableName, 'before');
    await until(() => seen.includes('before'), 10_000);

    await ddb.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the poller's calls fail meanwhile
    await ddb.restart();
    await put(table.tableName, 'after');
    await until(() => seen.includes('after'), 20_000);
    await poller.stop();

    expect(seen).toEqual(['before', 'after']);
  }, 90_000);

  it('follows a table that was deleted and created again to its new stream', async () => {
    const name = `recreate-${randomUUID().slice(0, 8)}`;
    const first = await provisionTable(dynamo, definition, name);
    const { seen, poller } = recordingPoller(first.streamArn ?? '', name);
    await put(name, 'old-table');
    await until(() => seen.includes('old-table'), 10_000);

    await dynamo.send(new DeleteTableCommand({ TableName: name }));
    const second = await provisionTable(dynamo, definition, name);
    await put(name, 'new-table');
    await until(() => seen.includes('new-table'), 20_000);
    await poller.stop();

    expect(second.streamArn).not.toBe(first.streamArn);
    expect(seen).toEqual(['old-table', 'new-table']);
  }, 60_000);
});
