import { randomUUID } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { METER_ENV, type MeterSnapshot, meterSnapshot } from '../../src/runtime/meter.js';
import type { Deps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { sendDueReminders } from '../../src/use-cases/cart-reminders.js';
import { US_ADDRESS } from '../support/checkout.js';

// A shop that did not opt in to abandoned-cart reminders (CART_REMINDER_AFTER_SECONDS=off overrides
// data/shop.json's `abandonedCarts`), on a stack of its own with the cost meter on: a signed-in
// shopper's cart writes what it wrote before reminders existed, and nothing is ever armed.
let stack: LocalStack;
let deps: Deps;
const HOUR = 3600_000;

beforeAll(async () => {
  process.env.CART_REMINDER_AFTER_SECONDS = 'off';
  process.env[METER_ENV] = '1';
  stack = await startLocalStack({ port: 0, quiet: true });
  deps = await createDeps(loadConfig(process.env));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function api<T>(
  method: string,
  path: string,
  options: { cartToken?: string; bearer?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(options.cartToken ? { 'x-cart-token': options.cartToken } : {}),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A confirmed account on this stack's cognito-local, signed in: its access token and cart owner key. */
async function signedInShopper(): Promise<{ accessToken: string; ownerKey: string }> {
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: stack.env.COGNITO_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const email = `member-${randomUUID()}@example.com`;
  const password = 'Correct-horse-9';
  const ClientId = stack.env.USER_POOL_CLIENT_ID;
  await cognito.send(
    new SignUpCommand({
      ClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.env.USER_POOL_ID, Username: email }));
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  cognito.destroy();
  const accessToken = auth.AuthenticationResult?.AccessToken;
  if (!accessToken) throw new Error('cognito-local gave no access token');
  const sub = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()).sub as string;
  return { accessToken, ownerKey: `user#${sub}` };
}

async function reminderItem(ownerKey: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.config.tables.carts, Key: { pk: `remind#${ownerKey}` }, ConsistentRead: true }),
  );
  return Item;
}

const calls = (snapshot: MeterSnapshot, key: string) => snapshot.calls[key]?.calls ?? 0;

/** The DynamoDB writes the HTTP functions made while `act` ran, by command (refused ones as `<command>!failed`). */
async function apiWrites(act: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = meterSnapshot();
  await act();
  const after = meterSnapshot();
  const writes: Record<string, number> = {};
  for (const [key, entry] of Object.entries(after.calls)) {
    const [fn = '', service, command = ''] = key.split('|');
    if (!['cart-api', 'checkout-api'].includes(fn) || service !== 'dynamodb') continue;
    if (!/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command)) continue;
    // A refused write is counted under its command and again as `<command>!failed`: counted once here.
    const failed = command.endsWith('!failed') ? 0 : calls(after, `${key}!failed`) - calls(before, `${key}!failed`);
    const made = entry.calls - (before.calls[key]?.calls ?? 0) - failed;
    if (made > 0) writes[`${fn} ${command}`] = made;
  }
  return writes;
}

describe('abandoned carts in a shop that did not opt in', () => {
  it("arms nothing for a signed-in shopper's cart, and its writes are the cart's alone", async () => {
    expect(deps.config.cartReminderAfterSeconds).toBeNull();
    const member = await signedInShopper();
    const bearer = member.accessToken;
    // The first line into the empty account cart: the refused update, then the new item. Nothing else.
    const first = await apiWrites(async () =>
      expect((await api('POST', '/cart/items', { bearer, body: { sku: 'TEE-CLASSIC', quantity: 1 } })).status).toBe(
        200,
      ),
    );
    expect(first).toEqual({ 'cart-api UpdateItem!failed': 1, 'cart-api PutItem': 1 });
    const ordinary = await apiWrites(async () => {
      await api('POST', '/cart/items', { bearer, body: { sku: 'CAP-CANVAS', quantity: 1 } });
      await api('PUT', '/cart/items/TEE-CLASSIC', { bearer, body: { quantity: 2 } });
    });
    expect(ordinary).toEqual({ 'cart-api UpdateItem': 2 });
    // A quote (the contact step) writes nothing either.
    const quoted = await apiWrites(async () =>
      expect((await api('POST', '/checkout/quote', { bearer, body: { shippingAddress: US_ADDRESS } })).status).toBe(
        200,
      ),
    );
    expect(quoted).toEqual({});
    expect(await reminderItem(member.ownerKey)).toBeUndefined();
  });

  it("arms nothing when a guest's lines merge into an empty account cart at sign-in", async () => {
    const member = await signedInShopper();
    const { cartToken } = (await api<{ cartToken: string }>('POST', '/cart/anonymous')).body;
    await api('POST', '/cart/items', { cartToken, body: { sku: 'TEE-CLASSIC', quantity: 2 } });
    const merged = await apiWrites(async () =>
      expect((await api('POST', '/cart/merge', { bearer: member.accessToken, cartToken })).status).toBe(200),
    );
    // The merge's one transaction (both carts), nothing more.
    expect(merged).toEqual({ 'checkout-api TransactWriteItems': 1 });
    expect(await reminderItem(member.ownerKey)).toBeUndefined();
    expect(await sendDueReminders(deps, { now: Date.now() + 48 * HOUR })).toEqual({
      sent: 0,
      rescheduled: 0,
      cancelled: 0,
      failed: 0,
    });
  });
});
