import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionTable } from '../../src/local/emulators/provision.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { TABLES } from '../../src/topology/tables.js';
import { stackEnv } from '../support/stack.js';

const client = new DynamoDBClient(localClientConfig(stackEnv().env.DYNAMODB_ENDPOINT ?? ''));
afterAll(() => client.destroy());

describe('local provisioning of a persisted database', () => {
  it('adds an index the topology gained since the table was created (Carts reminderDue), keys only', async () => {
    const carts = TABLES.find((table) => table.id === 'Carts');
    if (!carts) throw new Error('no Carts table');
    const name = `persisted-${randomUUID()}`;
    // The Carts table as an older checkout created it: no index.
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const provisioned = await provisionTable(client, carts, name);
    expect(provisioned.created).toBe(false);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.Projection?.ProjectionType]),
    ).toEqual([['reminderDue', 'KEYS_ONLY']]);
    // Provisioning again changes nothing.
    await provisionTable(client, carts, name);
    const again = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(again.Table?.GlobalSecondaryIndexes).toHaveLength(1);
  });
});
