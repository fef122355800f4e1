import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Cart, Order, Problem } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, call, createUser, eventually, type TestUser } from '../support/api.js';
import { readItem, stackEnv } from '../support/stack.js';
import { placeOrder } from '../support/checkout.js';

// Item 2 of issue 12: one cart, one order. Every request goes through the
// real HTTP gateway of the shared local stack and its real order worker;
// orders and stock are read straight from DynamoDB Local.

const figures: string[] = [];
let db: DynamoDBDocumentClient;

beforeAll(() => {
  const { env } = stackEnv();
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});

afterAll(() => {
  for (const line of figures) console.log(`[hardening] ${line}`);
});

async function stockOf(sku: string): Promise<number> {
  return Number((await readItem('Products', { sku }))?.stock);
}

function ownerKeyOf(user: TestUser): string {
  const payload = JSON.parse(Buffer.from(user.accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
  };
  return `user#${payload.sub}`;
}

/** Every order of this user, straight from the Orders table. */
async function ordersOf(user: TestUser): Promise<Record<string, unknown>[]> {
  const table = stackEnv().env.ORDERS_TABLE;
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'ownerKey = :k',
        ExpressionAttributeValues: { ':k': ownerKeyOf(user) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    found.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** Waits until the worker has settled every order of the user (none PENDING, confirmed ones cleared from the cart). */
async function settled(user: TestUser): Promise<Record<string, unknown>[]> {
  return eventually(
    async () => {
      const orders = await ordersOf(user);
      const busy = orders.some(
        (order) => order.status === 'PENDING' || (order.status === 'CONFIRMED' && order.cartCleared !== true),
      );
      return busy ? undefined : orders;
    },
    20_000,
    100,
  );
}

function summary(answers: readonly ApiResponse<Order | Problem>[]): string {
  return answers
    .map((answer) =>
      answer.status < 300 ? `${answer.status} ${(answer.body as Order).orderId.slice(0, 14)}…` : `${answer.status}`,
    )
    .join(', ');
}

function orderIds(answers: readonly ApiResponse<Order | Problem>[]): Set<string> {
  return new Set(answers.filter((answer) => answer.status < 300).map((answer) => (answer.body as Order).orderId));
}

async function userWithOneLine(sku: string, quantity = 1): Promise<TestUser> {
  const user = await createUser();
  const added = await call<Cart>('POST', '/cart/items', { token: user.accessToken, body: { sku, quantity } });
  expect(added.status).toBe(200);
  return user;
}

describe('one cart, one order', () => {
  it('places exactly one order for 5 parallel checkouts of a one-line cart, and reserves its stock once', async () => {
    // Prepare
    const sku = 'HOODIE-PULL';
    const before = await stockOf(sku);
    const user = await userWithOneLine(sku);
    // Act
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => placeOrder<Order | Problem>({ token: user.accessToken })),
    );
    const orders = await settled(user);
    const after = await stockOf(sku);
    figures.push(
      `5 parallel checkouts: ${summary(answers)}; orders stored ${orders.length} ` +
        `(${orders.map((order) => order.status).join(', ')}); stock ${before} → ${after}`,
    );
    // Assess
    for (const answer of answers) expect([200, 202, 409]).toContain(answer.status);
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(orderIds(answers).size).toBe(1);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.status).toBe('CONFIRMED');
    expect(after).toBe(before - 1);
  });

  it('answers a second checkout of the same cart with different Idempotency-Keys with the first order', async () => {
    // Prepare
    const sku = 'TEE-LINEN';
    const before = await stockOf(sku);
    const user = await userWithOneLine(sku, 2);
    // Act
    const first = await placeOrder<Order>(
      { token: user.accessToken },
      { headers: { 'idempotency-key': 'checkout-a' } },
    );
    const second = await placeOrder<Order | Problem>(
      { token: user.accessToken },
      { headers: { 'idempotency-key': 'checkout-b' } },
    );
    const orders = await settled(user);
    const after = await stockOf(sku);
    figures.push(
      `sequential checkouts, keys a then b: ${summary([first, second])}; orders stored ${orders.length}; ` +
        `stock ${before} → ${after}`,
    );
    // Assess
    expect(first.status).toBe(202);
    expect([200, 400]).toContain(second.status); // 400: the worker had already emptied the cart
    if (second.status === 200) expect((second.body as Order).orderId).toBe(first.body.orderId);
    expect(orders).toHaveLength(1);
    expect(after).toBe(before - 2);
  });

  it('answers two checkouts carrying the same If-Match with one order', async () => {
    // Prepare
    const sku = 'BEANIE-WOOL';
    const before = await stockOf(sku);
    const user = await userWithOneLine(sku);
    const cart = (await call<Cart>('GET', '/cart', { token: user.accessToken })).body;
    const ifMatch = { 'if-match': `"${cart.version}"` };
    // Act
    const first = await placeOrder<Order>({ token: user.accessToken }, { headers: ifMatch });
    const second = await placeOrder<Order | Problem>({ token: user.accessToken }, { headers: ifMatch });
    const orders = await settled(user);
    const after = await stockOf(sku);
    figures.push(
      `two checkouts with If-Match "${cart.version}": ${summary([first, second])}; orders stored ${orders.length}; ` +
        `stock ${before} → ${after}`,
    );
    // Assess
    expect(first.status).toBe(202);
    if (second.status < 300) expect((second.body as Order).orderId).toBe(first.body.orderId);
    else expect([400, 412]).toContain(second.status); // the worker had already emptied the cart
    expect(orders).toHaveLength(1);
    expect(after).toBe(before - 1);
  });

  // 'lets a cart be checked out again after its order FAILED, edited or not' moved to
  // test/hardening/order-pricing.test.ts: since issue 14 a line past the stock is refused at checkout
  // (422 CHECKOUT_BLOCKED), so a FAILED order needs the catalog to change before the (held) worker runs.
});
