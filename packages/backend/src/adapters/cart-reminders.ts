import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsErrorName, guardStore } from './aws.js';

/** A cart due for its reminder, as the sparse `reminderDue` index holds it. */
export interface DueReminder {
  readonly ownerKey: string;
  readonly remindAt: string;
}

/**
 * Abandoned-cart reminder bookkeeping on the cart item itself (Carts table),
 * written only for carts with a known email in a shop that opted in, never by
 * an ordinary cart mutation (which stays one write of its own attributes):
 *
 * - `remindEmail`: where a guest's reminder goes, or `remindUser`: the signed-in shopper's Cognito
 *   username, whose email the sweep reads from the account when it sends (access tokens carry no
 *   email; the address the account has then, and none once the account is deleted); `remind` (= "1") + `remindAt`
 *   (ISO time): pending, in the sparse `reminderDue` index;
 * - `reminderSentAt`: the one reminder went out (or is going out): never again;
 * - `remindOff`: the shopper unsubscribed: never.
 *
 * The address goes once it has served (sent, unsubscribed, cancelled): only the small marker stays.
 *
 * A cart touched after its `remindAt` is not re-indexed on every write: the
 * sweep reads `updatedAt` and moves `remindAt` on (one write per sweep, not per mutation).
 */
export class DynamoCartReminders {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /**
   * Records the email of an existing cart and schedules its reminder at `remindAt`, unless that
   * email is recorded already (then nothing is written), the shopper unsubscribed or it was sent.
   * Returns whether it wrote.
   */
  async record(ownerKey: string, email: string, remindAt: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: ownerKey },
      UpdateExpression: 'SET remindEmail = :email, remind = :one, remindAt = :at',
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(remindOff) AND attribute_not_exists(reminderSentAt) AND ' +
        '(attribute_not_exists(remindEmail) OR remindEmail <> :email OR attribute_not_exists(remind))',
      ExpressionAttributeValues: { ':email': email, ':one': '1', ':at': remindAt },
    });
  }

  /**
   * Schedules the reminder of a signed-in shopper's cart at `remindAt`, its email to be read from the
   * account (`username`) when it goes; nothing is written when one is pending already, was sent, or the
   * shopper unsubscribed. Returns whether it wrote.
   */
  async recordAccount(ownerKey: string, username: string, remindAt: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: ownerKey },
      UpdateExpression: 'SET remindUser = :user, remind = :one, remindAt = :at',
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(remindOff) AND attribute_not_exists(reminderSentAt) AND ' +
        'attribute_not_exists(remind)',
      ExpressionAttributeValues: { ':user': username, ':one': '1', ':at': remindAt },
    });
  }

  /** Pending reminders due at `now` (ISO), oldest first, at most `limit`. */
  async due(now: string, limit: number): Promise<DueReminder[]> {
    const result = await guardStore(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'reminderDue',
          KeyConditionExpression: 'remind = :one AND remindAt <= :now',
          ExpressionAttributeValues: { ':one': '1', ':now': now },
          Limit: limit,
        }),
      ),
    );
    return (result.Items ?? []).map((item) => ({ ownerKey: String(item.pk), remindAt: String(item.remindAt) }));
  }

  /** Moves a pending reminder to `remindAt` (the cart was touched since it was scheduled). */
  async reschedule(ownerKey: string, from: string, remindAt: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: ownerKey },
      UpdateExpression: 'SET remindAt = :at',
      ConditionExpression: 'remind = :one AND remindAt = :from',
      ExpressionAttributeValues: { ':one': '1', ':from': from, ':at': remindAt },
    });
  }

  /** Drops a pending reminder that has no reason any more (cart emptied, checked out), and its address. */
  async cancel(ownerKey: string): Promise<void> {
    await this.#conditional({
      Key: { pk: ownerKey },
      UpdateExpression: 'REMOVE remind, remindAt, remindEmail, remindUser',
      ConditionExpression: 'attribute_exists(remind)',
    });
  }

  /**
   * Claims the send: takes the cart out of the index and marks it sent, if it is still pending at
   * `remindAt`. Of any number of sweeps, one gets true: the reminder goes out at most once.
   */
  async claim(ownerKey: string, remindAt: string, now: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: ownerKey },
      // The address is not kept once it has served (personal data, and bytes every later cart write pays for).
      UpdateExpression: 'SET reminderSentAt = :now REMOVE remind, remindAt, remindEmail, remindUser',
      ConditionExpression:
        'remind = :one AND remindAt = :at AND attribute_not_exists(reminderSentAt) AND attribute_not_exists(remindOff)',
      ExpressionAttributeValues: { ':one': '1', ':at': remindAt, ':now': now },
    });
  }

  /** Gives a claim back after a send that failed (the next sweep tries again at `retryAt`). */
  async release(
    ownerKey: string,
    to: { email: string } | { user: string },
    sentAt: string,
    retryAt: string,
  ): Promise<void> {
    const [name, value] = 'email' in to ? ['remindEmail', to.email] : ['remindUser', to.user];
    await this.#conditional({
      Key: { pk: ownerKey },
      UpdateExpression: `SET remind = :one, remindAt = :at, ${name} = :to REMOVE reminderSentAt`,
      ConditionExpression: 'reminderSentAt = :sent AND attribute_not_exists(remindOff)',
      ExpressionAttributeValues: { ':one': '1', ':at': retryAt, ':sent': sentAt, ':to': value },
    });
  }

  /** Unsubscribes the cart: no reminder, now or later. False when there is no such cart. */
  async unsubscribe(ownerKey: string, now: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: ownerKey },
      UpdateExpression:
        'SET remindOff = if_not_exists(remindOff, :now) REMOVE remind, remindAt, remindEmail, remindUser',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': now },
    });
  }

  async #conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    try {
      await guardStore(() => this.#client.send(new UpdateCommand({ TableName: this.#table, ...input })));
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
