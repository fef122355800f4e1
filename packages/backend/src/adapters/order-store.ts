import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredOrder } from '../domain/order.js';
import { awsErrorName, guardStore } from './aws.js';

/** Orders persistence. */
export interface OrderStore {
  get(orderId: string): Promise<StoredOrder | undefined>;
  /** Creates the order; false if one with this id exists already (an idempotent repeat). */
  create(order: StoredOrder): Promise<boolean>;
  /** Moves a PENDING order to FAILED with a reason; false if it was no longer PENDING. */
  fail(orderId: string, reason: string, now: number): Promise<boolean>;
}

export class DynamoOrderStore implements OrderStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  get table(): string {
    return this.#table;
  }

  async get(orderId: string): Promise<StoredOrder | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { orderId }, ConsistentRead: true })),
    );
    return result.Item as StoredOrder | undefined;
  }

  async create(order: StoredOrder): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new PutCommand({ TableName: this.#table, Item: order, ConditionExpression: 'attribute_not_exists(orderId)' }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async fail(orderId: string, reason: string, now: number): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { orderId },
            UpdateExpression: 'SET #status = :failed, reason = :reason, updatedAt = :now',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':failed': 'FAILED',
              ':pending': 'PENDING',
              ':reason': reason,
              ':now': new Date(now).toISOString(),
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
