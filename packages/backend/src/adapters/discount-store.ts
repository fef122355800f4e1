import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DiscountDefinition } from '@cartkit/contract';
import type { DiscountRule } from '../domain/discount.js';
import { awsErrorName, cancellationCodes, guardStore, toUnavailable } from './aws.js';

/** One item of a `TransactWriteItems` request, as the document client takes it. */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** The use of a code an order makes: which code, at which revision, by which customer (`customerKey`). */
export interface DiscountUse {
  readonly code: string;
  readonly revision: number;
  readonly customer: string;
  readonly perCustomerLimit?: number;
}

const RULE = 'rule';
const customerSk = (customer: string) => `customer#${customer}`;
const DEFINITION_FIELDS = [
  'value',
  'minimumSubtotal',
  'startsAt',
  'endsAt',
  'usageLimit',
  'perCustomerLimit',
  'skus',
] as const;

/**
 * Discount codes in the Discounts table. A code's `used` counter and each
 * customer's uses move only inside transactions: checkout's (`useItems`, in
 * the one that places the order, conditioned on the limits) and the release
 * of an order that ended unpaid or failed (`release`, once per order).
 */
export class DynamoDiscountStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ordersTable: string;

  constructor(client: DynamoDBDocumentClient, tables: { discounts: string; orders: string }) {
    this.#client = client;
    this.#table = tables.discounts;
    this.#ordersTable = tables.orders;
  }

  /** The code's rule (`code` in canonical upper case), strongly consistent. */
  async get(code: string): Promise<DiscountRule | undefined> {
    const result = await guardStore(() =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: code, sk: RULE }, ConsistentRead: true })),
    );
    return result.Item ? toRule(result.Item) : undefined;
  }

  /** How many orders this customer placed with the code (that still count). */
  async customerUses(code: string, customer: string): Promise<number> {
    const result = await guardStore(() =>
      this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: code, sk: customerSk(customer) }, ConsistentRead: true }),
      ),
    );
    return Number(result.Item?.uses ?? 0);
  }

  /** Every code, sorted by code (a Scan: a shop has few). */
  async list(): Promise<DiscountRule[]> {
    const rules: DiscountRule[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await guardStore(() =>
        this.#client.send(
          new ScanCommand({
            TableName: this.#table,
            FilterExpression: 'sk = :rule',
            ExpressionAttributeValues: { ':rule': RULE },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) rules.push(toRule(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return rules.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /**
   * Creates or replaces the code's definition: the `used` counter and
   * `createdAt` survive a replacement, `revision` moves on (an order quoted at
   * the old definition is then refused and quoted again). Answers the rule and
   * whether it was new.
   */
  async put(
    code: string,
    definition: DiscountDefinition,
    now: number,
  ): Promise<{ rule: DiscountRule; created: boolean }> {
    const iso = new Date(now).toISOString();
    const set: string[] = [
      'used = if_not_exists(used, :zero)',
      'revision = if_not_exists(revision, :zero) + :one',
      'createdAt = if_not_exists(createdAt, :now)',
      'updatedAt = :now',
    ];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':zero': 0, ':one': 1, ':now': iso };
    for (const field of DEFINITION_FIELDS) {
      const value = normalise(field, definition[field]);
      if (value === undefined) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    const result = await guardStore(() =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: code, sk: RULE },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ExpressionAttributeNames: Object.fromEntries(DEFINITION_FIELDS.map((field) => [`#${field}`, field])),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    const rule = toRule(result.Attributes ?? {});
    return { rule, created: rule.revision === 1 };
  }

  /** Deletes the code; false if there was none. Orders placed with it keep their discount. */
  async delete(code: string): Promise<boolean> {
    try {
      await guardStore(() =>
        this.#client.send(
          new DeleteCommand({
            TableName: this.#table,
            Key: { pk: code, sk: RULE },
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * The two writes that count one use, for checkout's own transaction: the
   * code's `used` goes up only while it is below `usageLimit`, the definition
   * is still at the quoted `revision` and inside its dates at `now`; the
   * customer's uses only while below `perCustomerLimit`. Either condition
   * failing cancels the order with it, so parallel checkouts can never pass a
   * limit.
   */
  useItems(use: DiscountUse, now: number): TransactItem[] {
    const iso = new Date(now).toISOString();
    return [
      {
        Update: {
          TableName: this.#table,
          Key: { pk: use.code, sk: RULE },
          UpdateExpression: 'SET used = used + :one',
          ConditionExpression:
            'revision = :rev AND (attribute_not_exists(usageLimit) OR used < usageLimit) AND ' +
            '(attribute_not_exists(startsAt) OR startsAt <= :now) AND (attribute_not_exists(endsAt) OR endsAt > :now)',
          ExpressionAttributeValues: { ':one': 1, ':rev': use.revision, ':now': iso },
        },
      },
      {
        Update: {
          TableName: this.#table,
          Key: { pk: use.code, sk: customerSk(use.customer) },
          UpdateExpression: 'SET uses = if_not_exists(uses, :zero) + :one',
          ...(use.perCustomerLimit === undefined
            ? {}
            : { ConditionExpression: 'attribute_not_exists(uses) OR uses < :limit' }),
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ...(use.perCustomerLimit === undefined ? {} : { ':limit': use.perCustomerLimit }),
          },
        },
      },
    ];
  }

  /**
   * Gives an ended order's use back, once: marks the order `discountReleased`
   * (conditioned on it being FAILED or EXPIRED and not yet released) and takes
   * one off the code's and the customer's counters in the same transaction.
   * A counter whose row is gone (the code was deleted) is left out. Answers
   * false when the order was released already or is not in an ending state.
   */
  async release(order: { orderId: string; discountCode: string; discountCustomer: string }): Promise<boolean> {
    const counters: TransactItem[] = [
      counterDown(this.#table, { pk: order.discountCode, sk: RULE }, 'used'),
      counterDown(this.#table, { pk: order.discountCode, sk: customerSk(order.discountCustomer) }, 'uses'),
    ];
    let kept = counters;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.#client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.#ordersTable,
                  Key: { orderId: order.orderId },
                  UpdateExpression: 'SET discountReleased = :true',
                  ConditionExpression:
                    'attribute_exists(discountCode) AND attribute_not_exists(discountReleased) AND #status IN (:failed, :expired)',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':true': true, ':failed': 'FAILED', ':expired': 'EXPIRED' },
                },
              },
              ...kept,
            ],
          }),
        );
        return true;
      } catch (error) {
        if (awsErrorName(error) !== 'TransactionCanceledException') throw toUnavailable(error);
        const [orderCode, ...rest] = cancellationCodes(error);
        if (orderCode === 'ConditionalCheckFailed') return false;
        const failed = new Set(rest.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : [])));
        if (failed.size === 0) continue; // a conflicting transaction: try again
        kept = kept.filter((_item, i) => !failed.has(i));
      }
    }
    throw new Error(`Could not release the discount use of order ${order.orderId}`);
  }
}

function counterDown(table: string, key: Record<string, string>, attribute: string): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${attribute} = ${attribute} - :one`,
      ConditionExpression: `${attribute} > :zero`,
      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
    },
  };
}

/** Dates are stored as `toISOString()` so the transaction's conditions compare them as strings. */
function normalise(field: (typeof DEFINITION_FIELDS)[number], value: unknown): unknown {
  if (value === undefined) return undefined;
  if (field === 'startsAt' || field === 'endsAt') return new Date(String(value)).toISOString();
  return value;
}

function toRule(item: Record<string, unknown>): DiscountRule {
  const rule: Record<string, unknown> = {
    code: String(item.pk),
    used: Number(item.used ?? 0),
    revision: Number(item.revision ?? 0),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
  for (const field of DEFINITION_FIELDS) if (item[field] !== undefined) rule[field] = item[field];
  return rule as unknown as DiscountRule;
}
