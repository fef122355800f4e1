import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TableDefinition } from '../../topology/tables.js';
import { localClientConfig } from '../support/aws-config.js';
import { createLogger, silentLogger } from '../support/log.js';
import { provisionTable } from '../emulators/provision.js';
import { startStreamPoller } from './stream-poller.js';

const { env } = inject('localStack');
const ddb = new DynamoDBClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? ''));
const streams = new DynamoDBStreamsClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? ''));
afterAll(() => {
  ddb.destroy();
  streams.destroy();
});

/** A streamed table of its own per test, which the stack's poller does not watch. */
async function streamedTable(): Promise<{ tableName: string; streamArn: string }> {
  const definition: TableDefinition = { id: 'Carts', envVar: 'UNUSED', partitionKey: 'pk', stream: true };
  const table = await provisionTable(ddb, definition, `stream-test-${randomUUID().slice(0, 8)}`);
  return { tableName: table.tableName, streamArn: table.streamArn ?? '' };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const keyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S ?? '';

describe('stream poller (Lambda DynamoDB event source mapping)', () => {
  it('delivers INSERT, MODIFY and REMOVE records shaped as Lambda sends them, in order', async () => {
    const { tableName, streamArn } = await streamedTable();
    await ddb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'a' }, n: { N: '1' }, b: { B: new Uint8Array([1, 2]) } },
      }),
    );
    await ddb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'a' }, n: { N: '2' } } }));
    await ddb.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'a' } } }));
    const seen: DynamoDBRecord[] = [];
    const poller = startStreamPoller({
      client: streams,
      log: silentLogger,
      subscriptions: [
        {
          streamArn,
          functionName: 'stream-processor',
          startingPosition: 'TRIM_HORIZON',
          handler: async (event: DynamoDBStreamEvent) => {
            seen.push(...event.Records);
          },
        },
      ],
    });
    try {
      await until(() => seen.length === 3);
    } finally {
      await poller.stop();
    }

    expect(seen.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(seen[0]).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventSourceARN: streamArn,
      awsRegion: 'us-east-1',
      dynamodb: {
        Keys: { pk: { S: 'a' } },
        NewImage: { pk: { S: 'a' }, n: { N: '1' }, b: { B: 'AQI=' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(seen[0]?.dynamodb?.OldImage).toBeUndefined();
    expect(typeof seen[0]?.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(seen[1]?.dynamodb).toMatchObject({ OldImage: { n: { N: '1' } }, NewImage: { n: { N: '2' } } });
    expect(seen[2]?.dynamodb).toMatchObject({ OldImage: { n: { N: '2' } } });
    expect(seen[2]?.dynamodb?.NewImage).toBeUndefined();
  });

  it('delivers what is written after polling started on an empty shard (the stack start-up case)', async () => {
    const { tableName, streamArn } = await streamedTable();
    const other = await streamedTable();
    const seen: string[] = [];
    const warnings: string[] = [];
    // Counts the poller's reads, to write only once it has read the empty shard.
    let reads = 0;
    const counting = {
      send: async (...args: Parameters<DynamoDBStreamsClient['send']>) => {
        const result = await streams.send(...args);
        if (args[0] instanceof GetRecordsCommand) reads++;
        return result;
      },
    } as DynamoDBStreamsClient;
    const poller = startStreamPoller({
      client: counting,
      log: createLogger({ quiet: true, write: (line) => warnings.push(line) }),
      subscriptions: [
        {
          streamArn,
          functionName: 'stream-processor',
          startingPosition: 'TRIM_HORIZON',
          handler: async (event: DynamoDBStreamEvent) => {
            seen.push(...event.Records.map(keyOf));
          },
        },
      ],
    });
    try {
      await until(() => reads > 0);
      // Writes elsewhere advance DynamoDB Local's database-wide sequence counter meanwhile.
      await ddb.send(new PutItemCommand({ TableName: other.tableName, Item: { pk: { S: 'elsewhere' } } }));
      for (const pk of ['x', 'y'])
        await ddb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));
      await until(() => seen.length === 2);
    } finally {
      await poller.stop();
    }

    expect(seen).toEqual(['x', 'y']);
    expect(warnings).toEqual([]);
  });

  it('retries from the first reported failure without losing the records around it', async () => {
    const { tableName, streamArn } = await streamedTable();
    for (const pk of ['a', 'b', 'c'])
      await ddb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));
    const batches: string[][] = [];
    const done: string[] = [];
    let failedOnce = false;
    const poller = startStreamPoller({
      client: streams,
      log: silentLogger,
      subscriptions: [
        {
          streamArn,
          functionName: 'stream-processor',
          startingPosition: 'TRIM_HORIZON',
          handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
            batches.push(event.Records.map(keyOf));
            const failures: { itemIdentifier: string }[] = [];
            for (const record of event.Records) {
              if (keyOf(record) === 'b' && !failedOnce) {
                failedOnce = true;
                failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
                break; // sequential processing stops at the first failure, as Powertools does
              }
              done.push(keyOf(record));
            }
            return { batchItemFailures: failures };
          },
        },
      ],
    });
    try {
      await until(() => done.includes('c'));
    } finally {
      await poller.stop();
    }

    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('retries a throwing batch from its first record, and gives a record up after maxAttempts', async () => {
    const { tableName, streamArn } = await streamedTable();
    for (const pk of ['poison', 'after'])
      await ddb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));
    const batches: string[][] = [];
    const warnings: string[] = [];
    const poller = startStreamPoller({
      client: streams,
      log: createLogger({ quiet: true, write: (line) => warnings.push(line) }),
      subscriptions: [
        {
          streamArn,
          functionName: 'stream-processor',
          startingPosition: 'TRIM_HORIZON',
          maxAttempts: 3,
          handler: async (event: DynamoDBStreamEvent) => {
            batches.push(event.Records.map(keyOf));
            if (event.Records.some((record) => keyOf(record) === 'poison')) throw new Error('cannot handle poison');
          },
        },
      ],
    });
    try {
      await until(() => batches.some((batch) => batch[0] === 'after'));
    } finally {
      await poller.stop();
    }

    expect(batches).toEqual([['poison', 'after'], ['poison', 'after'], ['poison', 'after'], ['after']]);
    expect(warnings.join('')).toContain('on-failure destination');
  });
});
