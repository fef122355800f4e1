import { readFile } from 'node:fs/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProductSchema } from '@cartkit/contract';
import * as v from 'valibot';
import { TABLES, type TableDefinition } from '../../topology/tables.js';

/** A table as it exists in DynamoDB Local. */
export interface ProvisionedTable {
  readonly definition: TableDefinition;
  readonly tableName: string;
  /** Set when the definition asks for a stream. */
  readonly streamArn: string | undefined;
  /** False when the table already existed (a persisted database). */
  readonly created: boolean;
}

function attributeDefinitions(table: TableDefinition): AttributeDefinition[] {
  const names = new Set([table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])]);
  for (const index of table.globalSecondaryIndexes ?? []) {
    names.add(index.partitionKey);
    if (index.sortKey) names.add(index.sortKey);
  }
  // Every key in this model is a string.
  return [...names].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
}

function keySchema(partitionKey: string, sortKey: string | undefined) {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}

/**
 * Creates one table as the CDK app does (on-demand, GSIs projecting all,
 * `NEW_AND_OLD_IMAGES` stream when asked, TTL). An existing table (persisted
 * database) is kept as it is, except that an index the topology added since is created.
 *
 * @example
 * ```ts
 * const carts = await provisionTable(ddb, TABLES[0], 'cartkit-local-Carts');
 * ```
 */
export async function provisionTable(
  client: DynamoDBClient,
  table: TableDefinition,
  tableName: string,
): Promise<ProvisionedTable> {
  let created = true;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(table),
        KeySchema: keySchema(table.partitionKey, table.sortKey),
        GlobalSecondaryIndexes: table.globalSecondaryIndexes?.map((index) => ({
          IndexName: index.indexName,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: index.projection ?? 'ALL' },
        })),
        StreamSpecification: table.stream ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
  }
  if (created && table.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  }
  let described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const existing = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = (table.globalSecondaryIndexes ?? []).filter((index) => !existing.has(index.indexName));
  if (!created && missing.length > 0) {
    // A database persisted before the topology added an index (e.g. Carts' `reminderDue`): add it, one per update.
    for (const index of missing) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions(table),
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: index.indexName,
                KeySchema: keySchema(index.partitionKey, index.sortKey),
                Projection: { ProjectionType: index.projection ?? 'ALL' },
              },
            },
          ],
        }),
      );
    }
    described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  }
  return {
    definition: table,
    tableName,
    streamArn: table.stream ? described.Table?.LatestStreamArn : undefined,
    created,
  };
}

/**
 * Creates every table of {@link TABLES} as `${prefix}${id}`.
 *
 * @example
 * ```ts
 * const tables = await provisionTables(ddb, 'cartkit-local-');
 * ```
 */
export function provisionTables(client: DynamoDBClient, prefix: string): Promise<ProvisionedTable[]> {
  return Promise.all(TABLES.map((table) => provisionTable(client, table, `${prefix}${table.id}`)));
}

/**
 * Loads a catalog file (an array of `Product`), validated against the
 * contract so a bad seed fails at start rather than in a handler.
 */
export async function readCatalog(path: string): Promise<v.InferOutput<typeof ProductSchema>[]> {
  const json: unknown = JSON.parse(await readFile(path, 'utf8'));
  return v.parse(v.array(ProductSchema), json);
}

/**
 * Writes the products into the products table (25 per BatchWrite, retrying
 * unprocessed items).
 *
 * @example
 * ```ts
 * await seedProducts(ddb, 'cartkit-local-Products', await readCatalog(catalogPath));
 * ```
 */
export async function seedProducts(
  client: DynamoDBClient,
  tableName: string,
  products: readonly v.InferOutput<typeof ProductSchema>[],
): Promise<void> {
  const doc = DynamoDBDocumentClient.from(client);
  for (let i = 0; i < products.length; i += 25) {
    let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] = products
      .slice(i, i + 25)
      .map((product) => ({ PutRequest: { Item: { ...product } } }));
    while (requests.length > 0) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}
