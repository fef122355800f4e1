import { randomUUID } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Order, Quote } from '@cartkit/contract';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/runtime/every-service.js';
import { US_ADDRESS } from '../support/checkout.js';
import { loadConfig } from '../../src/config.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { StripePayments } from '../../src/adapters/stripe-payments.js';
import { startStripeLocal } from '../../src/local/emulators/stripe/stripe-local.js';
import { silentLogger } from '../../src/local/support/log.js';
import { freePort } from '../../src/local/support/net.js';
import { fulfilOrder } from '../../src/use-cases/fulfil-order.js';
import { sweepExpiredPayments } from '../../src/use-cases/payment-events.js';
import { sendDueReminders } from '../../src/use-cases/cart-reminders.js';

// A stack of its own with the shop's online payment on (PAYMENT_PROVIDER=stripe): the shared
// stack of the run keeps the default shop (no online payment, orders go to CONFIRMED).
let stack: LocalStack;
let documents: DynamoDBDocumentClient;
let stripe: Stripe;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true, paymentProvider: 'stripe' });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb)));
  stripe = new Stripe(stack.stripe.apiKey, { ...stack.stripe.endpoint, maxNetworkRetries: 0 });
  // Load the webhook function once (a cold start on a busy machine can outlast the stand-in's 5 s
  // delivery timeout and its short local retry schedule); an unsigned POST is refused with 400.
  const warm = await fetch(`${stack.apiUrl}/webhooks/stripe`, { method: 'POST', body: '{}' });
  expect(warm.status).toBe(400);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function api<T>(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function signIn(): Promise<{ token: string; email: string }> {
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: stack.endpoints.cognito,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const email = `payer-${randomUUID()}@example.com`;
  const password = 'Correct-horse-9';
  await cognito.send(
    new SignUpCommand({
      ClientId: stack.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  return { token: auth.AuthenticationResult?.AccessToken ?? '', email };
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stockOf(sku: string): Promise<number> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: stack.env.PRODUCTS_TABLE, Key: { sku }, ConsistentRead: true }),
  );
  return Number(Item?.stock);
}

async function storedOrder(orderId: string): Promise<Record<string, unknown>> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: stack.env.ORDERS_TABLE, Key: { orderId }, ConsistentRead: true }),
  );
  return Item ?? {};
}

async function orderIn(token: string, orderId: string, status: string): Promise<Order> {
  return eventually(async () => {
    const { body } = await api<Order>('GET', `/orders/${orderId}`, token);
    return body.status === status ? body : undefined;
  });
}

/** The checkout the element sends: the cart quoted to an address, at the total the shopper saw. */
async function checkOut(user: { token: string; email: string }) {
  const quoted = await api<Quote>('POST', '/checkout/quote', user.token, { shippingAddress: US_ADDRESS });
  expect(quoted.status).toBe(200);
  const placed = await api<Order>('POST', '/cart/checkout', user.token, {
    email: user.email,
    shippingAddress: US_ADDRESS,
    shippingOptionId: quoted.body.shippingOptionId,
    expectedTotal: quoted.body.total,
  });
  return { placed, quote: quoted.body };
}

/** A signed-in shopper's order of `lines`, AWAITING_PAYMENT. */
async function awaitingOrder(lines: Record<string, number>) {
  const user = await signIn();
  for (const [sku, quantity] of Object.entries(lines)) {
    await api('POST', '/cart/items', user.token, { sku, quantity });
  }
  const { placed, quote } = await checkOut(user);
  expect(placed.status).toBe(202);
  const order = await orderIn(user.token, placed.body.orderId, 'AWAITING_PAYMENT');
  expect(order.totals?.total).toBe(quote.total);
  return { user, order, sessionId: String((await storedOrder(order.orderId)).paymentSessionId) };
}

async function postForm(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function receiptsFor(orderId: string): Promise<number> {
  const response = await fetch(stack.mailbox.storeUrl);
  const store = (await response.json()) as { emails: { headers?: { name: string; value: string }[] }[] };
  return store.emails.filter((email) =>
    email.headers?.some((h) => h.name === 'X-Cartkit-Idempotency-Key' && h.value === `receipt-${orderId}`),
  ).length;
}

/** A webhook delivery signed with the stack's secret, as Stripe signs it. */
function signed(payload: string, secret = stack.stripe.webhookSecret): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret });
}

describe('payment (issue 14): Stripe Checkout on the local stack', () => {
  it('takes an order to PAID through the local payment page, charging exactly its total, and mails one receipt', async () => {
    const before = await stockOf('BOTTLE-STEEL');
    const { user, order, sessionId } = await awaitingOrder({ 'BOTTLE-STEEL': 2, 'NOTEBOOK-A5': 1 });

    expect(order.payment?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_test_/);
    expect(Date.parse(order.payment?.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 60_000);
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    expect(session).toMatchObject({
      client_reference_id: order.orderId,
      amount_total: order.totals?.total,
      status: 'open',
    });
    expect(order.totals?.total).toBeGreaterThan(order.subtotal); // shipping and California's tax on top
    expect(session.success_url).toMatch(new RegExp(`#cartkit-order=${order.orderId}&token=[A-Za-z0-9_-]{22}$`));
    expect(await stockOf('BOTTLE-STEEL')).toBe(before - 2);

    const paid = await postForm(`${order.payment?.url}/pay`);
    expect(paid.status).toBe(303);
    const done = await orderIn(user.token, order.orderId, 'PAID');
    expect(done.payment).toBeUndefined();
    expect(await stockOf('BOTTLE-STEEL')).toBe(before - 2);
    const cart = await eventually(async () => {
      const { body } = await api<{ items: unknown[] }>('GET', '/cart', user.token);
      return body.items.length === 0 ? body : undefined;
    });
    expect(cart.items).toEqual([]);
    await eventually(async () => ((await receiptsFor(order.orderId)) === 1 ? true : undefined));
    await stack.stripe.webhooksSettled();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await receiptsFor(order.orderId)).toBe(1);
  }, 60_000);

  it('keeps a declined order AWAITING_PAYMENT, and a cancelled one too (back to the shop, nothing changes)', async () => {
    const { user, order } = await awaitingOrder({ 'MUG-STONE': 1 });

    const declined = await postForm(`${order.payment?.url}/decline`);
    const cancelled = await postForm(`${order.payment?.url}/cancel`);

    expect(declined.status).toBe(402);
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toMatch(/payment=cancelled/);
    await stack.stripe.webhooksSettled();
    const { body } = await api<Order>('GET', `/orders/${order.orderId}`, user.token);
    expect(body.status).toBe('AWAITING_PAYMENT');
  }, 60_000);

  it('expires an order when the session expires (the webhook), giving its stock back once and freeing the cart', async () => {
    const before = await stockOf('MUG-STONE');
    const { user, order, sessionId } = await awaitingOrder({ 'MUG-STONE': 3 });
    expect(await stockOf('MUG-STONE')).toBe(before - 3);

    await stripe.checkout.sessions.expire(sessionId);
    const expired = await orderIn(user.token, order.orderId, 'EXPIRED');
    await stack.stripe.webhooksSettled();

    expect(expired.payment).toBeUndefined();
    expect(expired.reason).toMatch(/payment window closed/);
    expect(await stockOf('MUG-STONE')).toBe(before);
    // A second delivery of the expired event (the stand-in's own retry policy aside) gives nothing back twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await stockOf('MUG-STONE')).toBe(before);
    // The cart is free again: it checks out into a new order.
    const { placed: again } = await checkOut(user);
    expect(again.status).toBe(202);
    expect(again.body.orderId).not.toBe(order.orderId);
  }, 60_000);

  it('has the sweeper expire an order whose window passed with no event, and its session, once', async () => {
    const before = await stockOf('BOTTLE-STEEL');
    const { user, order, sessionId } = await awaitingOrder({ 'BOTTLE-STEEL': 1 });
    const later = { ...(await createDeps(loadConfig(process.env))), now: () => Date.now() + 3 * 3600_000 };

    const first = await sweepExpiredPayments(later);
    const second = await sweepExpiredPayments(later);

    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(second).toEqual({ expired: 0, reconciled: 0 });
    expect((await api<Order>('GET', `/orders/${order.orderId}`, user.token)).body.status).toBe('EXPIRED');
    expect((await stripe.checkout.sessions.retrieve(sessionId)).status).toBe('expired');
    await stack.stripe.webhooksSettled(); // its expired event arrives too, and changes nothing
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await stockOf('BOTTLE-STEEL')).toBe(before);
  }, 60_000);

  it('answers 400 to a bad signature and changes nothing; a replayed completed event pays once and mails once', async () => {
    const { user, order, sessionId } = await awaitingOrder({ 'NOTEBOOK-A5': 2 });
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'checkout.session.completed',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { ...session, status: 'complete', payment_status: 'paid' } },
    });
    const post = (signature: string) =>
      fetch(`${stack.apiUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      });

    const forged = await post(signed(payload, 'whsec_not_the_secret'));
    const missing = await fetch(`${stack.apiUrl}/webhooks/stripe`, { method: 'POST', body: payload });
    expect([forged.status, missing.status]).toEqual([400, 400]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await api<Order>('GET', `/orders/${order.orderId}`, user.token)).body.status).toBe('AWAITING_PAYMENT');

    const answers = await Promise.all([post(signed(payload)), post(signed(payload)), post(signed(payload))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await orderIn(user.token, order.orderId, 'PAID');
    await eventually(async () => ((await receiptsFor(order.orderId)) >= 1 ? true : undefined));
    expect((await post(signed(payload))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await receiptsFor(order.orderId)).toBe(1);
    expect((await storedOrder(order.orderId)).status).toBe('PAID');
  }, 60_000);

  it('has the sweeper make an order PAID whose page was paid but whose completed event never arrived', async () => {
    // A second local Stripe whose webhooks go nowhere (every delivery refused): the event is lost.
    const lost = await startStripeLocal({
      webhookUrl: `http://127.0.0.1:${await freePort()}/nowhere`,
      log: silentLogger,
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10, timeoutMs: 500 },
    });
    try {
      const user = await signIn();
      await api('POST', '/cart/items', user.token, { sku: 'PEN-BRASS', quantity: 1 });
      const cart = (await api<{ items: Order['items']; subtotal: number; version: number }>('GET', '/cart', user.token))
        .body;
      const now = new Date().toISOString();
      const orderId = `rec-${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      await documents.send(
        new PutCommand({
          TableName: stack.env.ORDERS_TABLE,
          Item: {
            orderId,
            ownerKey: `user#reconcile-${orderId}`,
            status: 'PENDING',
            items: cart.items,
            subtotal: cart.subtotal,
            currency: 'USD',
            createdAt: now,
            updatedAt: now,
            cartVersion: cart.version,
          },
        }),
      );
      const deps = {
        ...(await createDeps(loadConfig(process.env))),
        payments: async () =>
          new StripePayments({ secretKey: lost.apiKey, webhookSecret: lost.webhookSecret }, lost.endpoint),
      };
      await fulfilOrder(orderId, deps);
      const awaiting = await storedOrder(orderId);
      expect(awaiting.status).toBe('AWAITING_PAYMENT');

      expect((await postForm(`${(awaiting.payment as { url: string }).url}/pay`)).status).toBe(303);
      await lost.webhooksSettled();
      expect((await storedOrder(orderId)).status).toBe('AWAITING_PAYMENT');
      const result = await sweepExpiredPayments({ ...deps, now: () => Date.now() + 3 * 3600_000 });

      expect(result.reconciled).toBe(1);
      expect(await storedOrder(orderId)).toMatchObject({
        status: 'PAID',
        paymentEventId: expect.stringMatching(/^sweeper:cs_test_/),
      });
    } finally {
      await lost.stop();
    }
  }, 60_000);
});

describe('payment and abandoned-cart reminders (issue 16: one reminder per abandonment)', () => {
  it("a paid order ends the account cart's abandonment: the next cart it fills is reminded again", async () => {
    const deps = await createDeps(loadConfig(process.env));
    const user = await signIn();
    const ownerKey = `user#${JSON.parse(Buffer.from(user.token.split('.')[1] ?? '', 'base64url').toString()).sub}`;
    const reminderItem = async () =>
      (
        await documents.send(
          new GetCommand({ TableName: stack.env.CARTS_TABLE, Key: { pk: `remind#${ownerKey}` }, ConsistentRead: true }),
        )
      ).Item;
    const reminders = async () => {
      const store = (await (await fetch(stack.mailbox.storeUrl)).json()) as {
        emails: { destination: { to: string[] }; subject: string }[];
      };
      return store.emails.filter(
        (mail) => mail.destination.to.includes(user.email) && /cart is waiting/.test(mail.subject),
      ).length;
    };
    // The shop (data/shop.json) opts in at 24 hours: the first line arms it, a sweep a day later sends it.
    await api('POST', '/cart/items', user.token, { sku: 'NOTEBOOK-A5', quantity: 1 });
    await sendDueReminders(deps, { now: Date.now() + 25 * 3600_000 });
    expect(await reminders()).toBe(1);
    expect((await reminderItem())?.reminderSentAt).toEqual(expect.any(String));

    const { placed } = await checkOut(user);
    expect(placed.status).toBe(202);
    const order = await orderIn(user.token, placed.body.orderId, 'AWAITING_PAYMENT');
    // Placed but not paid: the abandonment has not ended yet.
    expect((await reminderItem())?.reminderSentAt).toEqual(expect.any(String));
    expect((await postForm(`${order.payment?.url}/pay`)).status).toBe(303);
    await orderIn(user.token, order.orderId, 'PAID');
    await eventually(async () => ((await reminderItem())?.reminderSentAt === undefined ? true : undefined));

    await api('POST', '/cart/items', user.token, { sku: 'NOTEBOOK-A5', quantity: 2 });
    expect(await reminderItem()).toMatchObject({ remind: '1', remindUser: expect.any(String) });
    await sendDueReminders(deps, { now: Date.now() + 25 * 3600_000 });
    expect(await reminders()).toBe(2);
  }, 60_000);
});
