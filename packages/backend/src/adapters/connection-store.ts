import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { guardStore } from './aws.js';

/** An open realtime connection of one owner. */
export interface Connection {
  readonly ownerKey: string;
  readonly connectionId: string;
}

/** The realtime connections (WebSocket sessions), per owner. */
export interface ConnectionStore {
  put(connection: Connection, ttlSeconds: number, now: number): Promise<void>;
  remove(connection: Connection): Promise<void>;
  /** Finds a connection's owner by its id (for `$disconnect`, which only knows the id). */
  ownerOf(connectionId: string): Promise<string | undefined>;
  listByOwner(ownerKey: string): Promise<Connection[]>;
  /** Forgets every connection of an owner (account deletion). */
  deleteOwner(ownerKey: string): Promise<void>;
}

/** Connections table: `ownerKey` + `connectionId`, GSI `byConnection`, TTL `ttl`. */
export class DynamoConnectionStore implements ConnectionStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async put(connection: Connection, ttlSeconds: number, now: number): Promise<void> {
    await guardStore(() =>
      this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...connection,
            connectedAt: new Date(now).toISOString(),
            ttl: Math.floor(now / 1000) + ttlSeconds,
          },
        }),
      ),
    );
  }

  async remove(connection: Connection): Promise<void> {
    await guardStore(() =>
      this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { ownerKey: connection.ownerKey, connectionId: connection.connectionId },
        }),
      ),
    );
  }

  async ownerOf(connectionId: string): Promise<string | undefined> {
    const result = await guardStore(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'byConnection',
          KeyConditionExpression: 'connectionId = :id',
          ExpressionAttributeValues: { ':id': connectionId },
          Limit: 1,
        }),
      ),
    );
    const owner = result.Items?.[0]?.ownerKey;
    return typeof owner === 'string' ? owner : undefined;
  }

  async listByOwner(ownerKey: string): Promise<Connection[]> {
    const connections: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await guardStore(() =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'ownerKey = :owner',
            ExpressionAttributeValues: { ':owner': ownerKey },
            ProjectionExpression: 'ownerKey, connectionId',
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        connections.push({ ownerKey: String(item.ownerKey), connectionId: String(item.connectionId) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return connections;
  }

  async deleteOwner(ownerKey: string): Promise<void> {
    const connections = await this.listByOwner(ownerKey);
    for (let i = 0; i < connections.length; i += 25) {
      const batch = connections.slice(i, i + 25);
      await guardStore(() =>
        this.#client.send(
          new BatchWriteCommand({
            RequestItems: {
              [this.#table]: batch.map((connection) => ({
                DeleteRequest: { Key: { ownerKey: connection.ownerKey, connectionId: connection.connectionId } },
              })),
            },
          }),
        ),
      );
    }
  }
}
