import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  DeleteCommand,
} from '@aws-sdk/lib-dynamodb';
import { awsErrorName, guardStore } from './aws.js';

/** A cart due for its reminder, as the sparse `reminderDue` index holds it. */
export interface DueReminder {
  readonly ownerKey: string;
  readonly remindAt: string;
}

/** What is recorded about a cart's reminder. */
export interface ReminderState {
  /** A guest's email, from the contact step. */
  readonly email: string | undefined;
  /** A signed-in shopper's Cognito username: the email is read from the account when the reminder goes. */
  readonly user: string | undefined;
  readonly pending: boolean;
  readonly sent: boolean;
  readonly off: boolean;
  /** When a pending reminder is due (ISO). */
  readonly remindAt?: string;
  /** When the reminder of the current abandonment went out (ISO). */
  readonly sentAt?: string;
  /** When the shopper unsubscribed (ISO). */
  readonly offAt?: string;
}

const PREFIX = 'remind#';

/** The partition key of a cart's reminder item, beside the cart in the Carts table (`remind#<owner key>`). */
export function reminderKey(ownerKey: string): string {
  return `${PREFIX}${ownerKey}`;
}

/** A reminder item's `ttl`: a month after its cart's own (epoch seconds), none for a cart that never expires. */
function ttlAfter(cartExpiresAt: number | null | undefined): Record<string, number> {
  return typeof cartExpiresAt === 'number' ? { ':ttl': cartExpiresAt + 30 * 24 * 3600 } : {};
}

/**
 * Abandoned-cart reminder bookkeeping, in an item of its own beside the cart (`remind#<owner key>`
 * in the Carts table), written only for carts with a known email in a shop that opted in. The cart
 * item carries none of it, so a cart with a reminder costs what any cart costs per mutation (within
 * 1 KB, one write unit, at a handful of lines), and a cart mutation never touches the reminder:
 *
 * - `remindEmail`: where a guest's reminder goes, or `remindUser`: the signed-in shopper's Cognito
 *   username, whose email the sweep reads from the account when it sends (access tokens carry no
 *   email; the address the account has then, and none once the account is deleted);
 * - `remind` (= "1") + `remindAt` (ISO time): pending, in the sparse `reminderDue` index;
 * - `reminderSentAt`: the one reminder of this abandonment went out (or is going out): none again
 *   until a purchase ends the abandonment (`endAbandonment`);
 * - `remindOff`: the shopper unsubscribed: never.
 *
 * The address goes once it has served (sent, unsubscribed, cancelled): only the small marker stays,
 * until its `ttl` (a month after the cart's). A cart touched after its `remindAt` is not re-indexed
 * on every write: the sweep reads the cart's `updatedAt` and moves `remindAt` on.
 */
export class DynamoCartReminders {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /** The cart's reminder, if anything was recorded (`consistent`: the sweep's read before it sends). */
  async state(ownerKey: string, options: { consistent?: boolean } = {}): Promise<ReminderState | undefined> {
    const { Item: item } = await guardStore(() =>
      this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: { pk: reminderKey(ownerKey) },
          ConsistentRead: options.consistent === true,
        }),
      ),
    );
    if (!item) return undefined;
    return {
      email: typeof item.remindEmail === 'string' ? item.remindEmail : undefined,
      user: typeof item.remindUser === 'string' ? item.remindUser : undefined,
      pending: item.remind !== undefined,
      sent: item.reminderSentAt !== undefined,
      off: item.remindOff !== undefined,
      ...(typeof item.remindAt === 'string' && item.remind !== undefined ? { remindAt: item.remindAt } : {}),
      ...(typeof item.reminderSentAt === 'string' ? { sentAt: item.reminderSentAt } : {}),
      ...(typeof item.remindOff === 'string' ? { offAt: item.remindOff } : {}),
    };
  }

  /**
   * Records a guest cart's email and schedules its reminder at `remindAt`, unless that email is
   * recorded already (then nothing is written), the shopper unsubscribed or it was sent.
   * Returns whether it wrote.
   */
  async record(ownerKey: string, email: string, remindAt: string, cartExpiresAt?: number | null): Promise<boolean> {
    const ttl = ttlAfter(cartExpiresAt);
    return this.#conditional({
      Key: { pk: reminderKey(ownerKey) },
      UpdateExpression: `SET remindEmail = :email, remind = :one, remindAt = :at${':ttl' in ttl ? ', #ttl = :ttl' : ''}`,
      ConditionExpression:
        'attribute_not_exists(remindOff) AND attribute_not_exists(reminderSentAt) AND ' +
        '(attribute_not_exists(remindEmail) OR remindEmail <> :email OR attribute_not_exists(remind))',
      ExpressionAttributeValues: { ':email': email, ':one': '1', ':at': remindAt, ...ttl },
      ...(':ttl' in ttl ? { ExpressionAttributeNames: { '#ttl': 'ttl' } } : {}),
    });
  }

  /**
   * Schedules the reminder of a signed-in shopper's cart at `remindAt`, its email to be read from the
   * account (`username`) when it goes; nothing is written when one is pending already, was sent, or the
   * shopper unsubscribed. Returns whether it wrote.
   */
  async recordAccount(ownerKey: string, username: string, remindAt: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: reminderKey(ownerKey) },
      UpdateExpression: 'SET remindUser = :user, remind = :one, remindAt = :at',
      ConditionExpression:
        'attribute_not_exists(remindOff) AND attribute_not_exists(reminderSentAt) AND attribute_not_exists(remind)',
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
    const due: DueReminder[] = [];
    for (const item of result.Items ?? []) {
      const pk = String(item.pk);
      if (pk.startsWith(PREFIX)) due.push({ ownerKey: pk.slice(PREFIX.length), remindAt: String(item.remindAt) });
      // Bookkeeping of before the reminder had an item of its own, on a cart item: taken out of the
      // index (that reminder is dropped), so such entries never fill a sweep's page.
      else await this.#dropLegacy(pk);
    }
    return due;
  }

  async #dropLegacy(pk: string): Promise<void> {
    await this.#conditional({
      Key: { pk },
      UpdateExpression: 'REMOVE remind, remindAt, remindEmail',
      ConditionExpression: 'attribute_exists(remind)',
    });
  }

  /** Moves a pending reminder to `remindAt` (the cart was touched since it was scheduled). */
  async reschedule(ownerKey: string, from: string, remindAt: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: reminderKey(ownerKey) },
      UpdateExpression: 'SET remindAt = :at',
      ConditionExpression: 'remind = :one AND remindAt = :from',
      ExpressionAttributeValues: { ':one': '1', ':from': from, ':at': remindAt },
    });
  }

  /** Drops a pending reminder that has no reason any more (cart emptied, checked out, gone), and its address. */
  async cancel(ownerKey: string): Promise<void> {
    await this.#conditional({
      Key: { pk: reminderKey(ownerKey) },
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
      Key: { pk: reminderKey(ownerKey) },
      // The address is not kept once it has served (personal data).
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
      Key: { pk: reminderKey(ownerKey) },
      UpdateExpression: `SET remind = :one, remindAt = :at, ${name} = :to REMOVE reminderSentAt`,
      ConditionExpression: 'reminderSentAt = :sent AND attribute_not_exists(remindOff)',
      ExpressionAttributeValues: { ':one': '1', ':at': retryAt, ':sent': sentAt, ':to': value },
    });
  }

  /**
   * Unsubscribes the cart: no reminder, now or later (also for a cart that has none yet, or is gone:
   * the marker is written all the same, until a month after the cart's own expiry).
   */
  async unsubscribe(ownerKey: string, now: string, cartExpiresAt?: number | null): Promise<void> {
    const ttl = ttlAfter(cartExpiresAt);
    await this.#conditional({
      Key: { pk: reminderKey(ownerKey) },
      UpdateExpression: `SET remindOff = if_not_exists(remindOff, :now)${':ttl' in ttl ? ', #ttl = :ttl' : ''} REMOVE remind, remindAt, remindEmail, remindUser`,
      ExpressionAttributeValues: { ':now': now, ...ttl },
      ...(':ttl' in ttl ? { ExpressionAttributeNames: { '#ttl': 'ttl' } } : {}),
    });
  }

  /**
   * Ends an abandonment with its purchase (the bought lines left the cart): the sent mark goes, so
   * the next abandonment of the same owner gets its own one reminder. An unsubscribe stays in force
   * (nothing is written then), and a pending reminder is left to the sweep (cancelled on an empty
   * cart, moved on for one filled again). Returns whether it wrote.
   */
  async endAbandonment(ownerKey: string): Promise<boolean> {
    return this.#conditional({
      Key: { pk: reminderKey(ownerKey) },
      UpdateExpression: 'REMOVE reminderSentAt',
      ConditionExpression: 'attribute_exists(reminderSentAt) AND attribute_not_exists(remindOff)',
    });
  }

  /** Forgets everything about the cart's reminder (`DELETE /me`). */
  async forget(ownerKey: string): Promise<void> {
    await guardStore(() =>
      this.#client.send(new DeleteCommand({ TableName: this.#table, Key: { pk: reminderKey(ownerKey) } })),
    );
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
