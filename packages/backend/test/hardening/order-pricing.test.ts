import { randomUUID } from 'node:crypto';
import { DeleteQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Cart, Order, Problem, Product, Quote } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFulfilment } from '../../src/adapters/fulfilment.js';
import { type Deps, setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { handler as orderWorker } from '../../src/handlers/order-worker.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { type ProvisionedQueue, provisionQueue } from '../../src/local/emulators/sqs.js';
import { QUEUES } from '../../src/topology/queues.js';
import { anonymousToken, createUser, eventually, type TestUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import { type CatalogTable, createCatalogTable } from './support/catalog.js';
import { invoke, lambdaContext, type LambdaAnswer, sqsEvent, sqsRecord } from './support/lambda.js';
import { SAMPLE_CHECKOUT, US_ADDRESS } from '../support/checkout.js';

// What the order worker charges, and what it says when it cannot. The
// worker is held: checkout runs in-process against a catalog table and an
// orders queue of this file's own that no poller reads, so the test decides
// when (and how often) the real order-worker handler sees each message, and
// can change the catalog in between.

const product = (sku: string, unitPrice: number, stock: number, name: string): Product => ({
  sku,
  name,
  description: 'A product of the order-pricing suite.',
  unitPrice,
  currency: 'USD',
  image: `/img/${sku}.svg`,
  stock,
});

const PRODUCTS = [
  product('P-REPRICED', 8_400, 50, 'Walnut Desk Organiser'),
  product('P-STEADY', 2_500, 50, 'Steady Mug'),
  product('P-SCARCE', 1_000, 5, 'Scarce Print'),
  product('P-BUSY', 700, 500, 'Busy Tote'),
  product('P-MERGED', 900, 500, 'Merged Socks'),
  product('P-AGAIN', 1_100, 500, 'Again Cap'),
  product('P-RACED-PRICE', 3_000, 50, 'Raced Lamp'),
  product('P-STALE', 1_300, 50, 'Stale Scarf'),
  product('P-AGAIN-FAILED', 2_000, 50, 'Twice Failed Lamp'),
];

let catalog: CatalogTable;
let queue: ProvisionedQueue;
let sqs: SQSClient;
let deps: Deps;
const figures: string[] = [];

beforeAll(async () => {
  const { env } = stackEnv();
  catalog = await createCatalogTable(env.DYNAMODB_ENDPOINT ?? '', PRODUCTS);
  sqs = new SQSClient(localClientConfig(env.SQS_ENDPOINT ?? ''));
  queue = await provisionQueue(sqs, QUEUES[0], `hardening-held-orders-${randomUUID().slice(0, 8)}`);
  deps = await createDeps(
    loadConfig({
      ...process.env,
      PRODUCTS_TABLE: catalog.tableName,
      ORDERS_QUEUE_URL: queue.queue.url,
      MUTATION_RATE_PER_MINUTE: '0',
      CATALOG_TTL_MS: '0',
    }),
  );
  setDeps(deps);
}, 60_000);

afterAll(async () => {
  setDeps(undefined);
  await catalog?.drop();
  await sqs?.send(new DeleteQueueCommand({ QueueUrl: queue.queue.url })).catch(() => undefined);
  await sqs?.send(new DeleteQueueCommand({ QueueUrl: queue.dlq.url })).catch(() => undefined);
  for (const line of figures) console.log(`[hardening] ${line}`);
});

const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.accessToken}` });
const json = { 'content-type': 'application/json' };

async function add(user: TestUser, sku: string, quantity: number): Promise<Cart> {
  const answer = await invoke({
    method: 'POST',
    path: '/cart/items',
    headers: { ...bearer(user), ...json },
    body: JSON.stringify({ sku, quantity }),
  });
  expect(answer.status).toBe(200);
  return answer.json as Cart;
}

/** Checkout as the element does it: quote the cart to an address, then check out at the total shown. */
async function checkout(user: TestUser): Promise<LambdaAnswer> {
  const headers = { ...bearer(user), ...json };
  const quoted = await invoke({
    method: 'POST',
    path: '/checkout/quote',
    headers,
    body: JSON.stringify({ shippingAddress: US_ADDRESS }),
  });
  const quote = quoted.json as Quote;
  const body = { ...SAMPLE_CHECKOUT, shippingOptionId: quote.shippingOptionId, expectedTotal: quote.total };
  return invoke({ method: 'POST', path: '/cart/checkout', headers, body: JSON.stringify(body) });
}

async function cartOf(user: TestUser): Promise<Cart> {
  return (await invoke({ method: 'GET', path: '/cart', headers: bearer(user) })).json as Cart;
}

async function orderOf(user: TestUser, orderId: string): Promise<Order> {
  const answer = await invoke({ method: 'GET', path: `/orders/${orderId}`, headers: bearer(user) });
  expect(answer.status).toBe(200);
  return answer.json as Order;
}

/** Takes the queued `order.placed` messages for these orders off the held queue and runs the real worker on them. */
async function runWorker(orderIds: readonly string[]): Promise<void> {
  const wanted = new Set(orderIds);
  const bodies: string[] = [];
  for (let round = 0; round < 20 && bodies.length < wanted.size; round++) {
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    for (const message of received.Messages ?? []) {
      const body = message.Body ?? '';
      if (wanted.has((JSON.parse(body) as { orderId?: string }).orderId ?? '')) bodies.push(body);
    }
  }
  expect(bodies).toHaveLength(wanted.size);
  const result = await orderWorker(sqsEvent(bodies.map((body) => sqsRecord(body))), lambdaContext);
  expect(result.batchItemFailures).toEqual([]);
}

async function catalogRow(sku: string): Promise<{ unitPrice: number; stock: number }> {
  const found = (await deps.fulfilment.prices([sku])).get(sku);
  if (!found) throw new Error(`no ${sku}`);
  return found;
}

async function setCatalog(sku: string, values: { unitPrice?: number; stock?: number }): Promise<void> {
  const entries = Object.entries(values);
  await deps.db.send(
    new UpdateCommand({
      TableName: catalog.tableName,
      Key: { sku },
      UpdateExpression: `SET ${entries.map(([name]) => `${name} = :${name}`).join(', ')}`,
      ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
    }),
  );
}

describe('the price the shopper checked out at', () => {
  it('fails the order with PRICE_CHANGED, naming the product, when the catalog price changed before confirmation', async () => {
    // Prepare
    const user = await createUser();
    const cart = await add(user, 'P-REPRICED', 1);
    const placed = await checkout(user);
    const pending = placed.json as Order;
    const stockBefore = (await catalogRow('P-REPRICED')).stock;
    // Act: the merchant changes the price between checkout and the worker.
    await setCatalog('P-REPRICED', { unitPrice: 199_998 });
    await runWorker([pending.orderId]);
    const order = await orderOf(user, pending.orderId);
    const after = await catalogRow('P-REPRICED');
    figures.push(
      `re-priced between checkout and worker: cart showed ${cart.subtotal}, order answered ${pending.subtotal} ` +
        `${pending.status}; after the worker: ${order.status} at ${order.subtotal} (reason: ${order.reason ?? 'none'}); ` +
        `stock ${stockBefore} → ${after.stock}`,
    );
    // Assess
    expect(placed.status).toBe(202);
    expect(pending.subtotal).toBe(8_400);
    expect(order.status).toBe('FAILED');
    expect(order.subtotal).toBe(8_400); // never re-priced
    expect(order.items.map((item) => item.unitPrice)).toEqual([8_400]);
    expect((order as Order & { reasonCode?: string }).reasonCode).toBe('PRICE_CHANGED');
    expect(order.reason).toMatch(/price/i);
    expect(order.reason).toContain('Walnut Desk Organiser');
    expect(after.stock).toBe(stockBefore); // nothing reserved
    expect((await cartOf(user)).items.map((item) => [item.sku, item.quantity])).toEqual([['P-REPRICED', 1]]);
  });

  it('confirms at exactly the frozen prices when the catalog did not change', async () => {
    // Prepare
    const user = await createUser();
    await add(user, 'P-STEADY', 3);
    const pending = (await checkout(user)).json as Order;
    // Act
    await runWorker([pending.orderId]);
    const order = await orderOf(user, pending.orderId);
    // Assess
    expect(order.status).toBe('CONFIRMED');
    expect(order.subtotal).toBe(3 * 2_500);
    expect(order.items).toEqual(pending.items);
  });
});

/** Waits until the API prices the user's cart's first line at `unitPrice` (its catalog copy is refreshed). */
async function pricedAt(user: TestUser, unitPrice: number): Promise<void> {
  await eventually(async () => ((await cartOf(user)).items[0]?.unitPrice === unitPrice ? true : undefined));
}

describe('a cart after its order FAILED', () => {
  it('lets a cart be checked out again after its order FAILED, edited or not', async () => {
    // Prepare: the first order fails because the price changes before the worker runs.
    const sku = 'P-AGAIN-FAILED';
    const user = await createUser();
    await add(user, sku, 2);
    const failed = await checkout(user);
    await setCatalog(sku, { unitPrice: 2_100 });
    await runWorker([(failed.json as Order).orderId]);
    // Act: the same cart again (a second FAILED order), then the cart edited.
    await pricedAt(user, 2_100); // the API's catalog copy refreshes in the background: wait for the new price
    const retried = await checkout(user);
    await setCatalog(sku, { unitPrice: 2_200 });
    await runWorker([(retried.json as Order).orderId]);
    await invoke({
      method: 'PUT',
      path: `/cart/items/${sku}`,
      headers: { ...bearer(user), ...json },
      body: '{"quantity":1}',
    });
    const edited = await checkout(user);
    await runWorker([(edited.json as Order).orderId]);
    const stockAfter = (await catalogRow(sku)).stock;
    // Assess
    expect([failed.status, retried.status, edited.status]).toEqual([202, 202, 202]);
    const ids = [failed, retried, edited].map((answer) => (answer.json as Order).orderId);
    expect(new Set(ids).size).toBe(3);
    const statuses = await Promise.all(ids.map(async (id) => (await orderOf(user, id)).status));
    expect(statuses).toEqual(['FAILED', 'FAILED', 'CONFIRMED']);
    expect((await orderOf(user, ids[2] ?? '')).totals?.subtotal).toBe(2_200);
    expect(stockAfter).toBe(49);
  });
});

describe('a price changed while the worker reserves', () => {
  it('fails PRICE_CHANGED and reserves nothing when the price changes between the worker’s read and its reservation', async () => {
    // Prepare
    const user = await createUser();
    await add(user, 'P-RACED-PRICE', 2);
    const pending = (await checkout(user)).json as Order;
    const stockBefore = (await catalogRow('P-RACED-PRICE')).stock;
    const { tables } = deps.config;
    class RacedFulfilment extends DynamoFulfilment {
      override async prices(...args: Parameters<DynamoFulfilment['prices']>) {
        const read = await super.prices(...args);
        await setCatalog('P-RACED-PRICE', { unitPrice: 3_100 }); // the merchant's change commits now
        return read;
      }
    }
    setDeps({ ...deps, fulfilment: new RacedFulfilment(deps.db, tables, deps.carts) });
    // Act
    try {
      await runWorker([pending.orderId]);
    } finally {
      setDeps(deps);
    }
    const order = await orderOf(user, pending.orderId);
    // Assess
    expect(order.status).toBe('FAILED');
    expect((order as Order & { reasonCode?: string }).reasonCode).toBe('PRICE_CHANGED');
    expect(order.reason).toContain('"Raced Lamp" changed from $30.00 to $31.00');
    expect(order.subtotal).toBe(2 * 3_000);
    expect((await catalogRow('P-RACED-PRICE')).stock).toBe(stockBefore);
  });
});

describe('the stock a FAILED order quotes', () => {
  it('is the stock at the time of the failure, not the figure read before the reservation', async () => {
    // Prepare: 4 of the 5 in stock are ordered; another buyer takes 3 between the worker's read and its reservation.
    const user = await createUser();
    await add(user, 'P-SCARCE', 4);
    const pending = (await checkout(user)).json as Order;
    const { tables } = deps.config;
    class RacedFulfilment extends DynamoFulfilment {
      override async prices(...args: Parameters<DynamoFulfilment['prices']>) {
        const read = await super.prices(...args);
        await setCatalog('P-SCARCE', { stock: 2 }); // the other buyer's reservation commits now
        return read;
      }
    }
    setDeps({ ...deps, fulfilment: new RacedFulfilment(deps.db, tables, deps.carts) });
    // Act
    try {
      await runWorker([pending.orderId]);
    } finally {
      setDeps(deps);
    }
    const order = await orderOf(user, pending.orderId);
    figures.push(`stock taken between read and reservation (5 → 2, 4 ordered): reason "${order.reason ?? ''}"`);
    // Assess
    expect(order.status).toBe('FAILED');
    expect((order as Order & { reasonCode?: string }).reasonCode).toBe('OUT_OF_STOCK');
    expect(order.reason).toContain('only 2 of "Scarce Print" left');
    expect(order.reason).not.toContain('5');
    expect((await catalogRow('P-SCARCE')).stock).toBe(2);
  });
});

describe('checkout while an order of the same cart is still being processed', () => {
  it('refuses a checkout of the edited cart with 409 CHECKOUT_IN_PROGRESS, then checks out only what was added', async () => {
    // Prepare
    const user = await createUser();
    await add(user, 'P-BUSY', 2);
    const first = (await checkout(user)).json as Order;
    await add(user, 'P-BUSY', 1); // edited while the first order is PENDING
    // Act
    const during = await checkout(user);
    await runWorker([first.orderId]);
    const afterConfirm = await cartOf(user);
    const second = await checkout(user);
    // Assess
    expect(during.status).toBe(409);
    expect((during.json as Problem).code).toBe('CHECKOUT_IN_PROGRESS');
    expect(Number(during.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(afterConfirm.items.map((item) => [item.sku, item.quantity])).toEqual([['P-BUSY', 1]]);
    expect(second.status).toBe(202);
    expect((second.json as Order).items.map((item) => [item.sku, item.quantity])).toEqual([['P-BUSY', 1]]);
  });

  it('never orders the pending lines twice when an anonymous cart is merged in meanwhile', async () => {
    // Prepare
    const user = await createUser();
    await add(user, 'P-MERGED', 2);
    const first = (await checkout(user)).json as Order;
    const cartToken = await anonymousToken();
    const anon = await invoke({
      method: 'POST',
      path: '/cart/items',
      headers: { 'x-cart-token': cartToken, ...json },
      body: JSON.stringify({ sku: 'P-AGAIN', quantity: 1 }),
    });
    expect(anon.status).toBe(200);
    // Act
    const merged = await invoke({
      method: 'POST',
      path: '/cart/merge',
      headers: { ...bearer(user), 'x-cart-token': cartToken },
    });
    const during = await checkout(user);
    await runWorker([first.orderId]);
    const second = await checkout(user);
    // Assess
    expect(merged.status).toBe(200);
    expect(during.status).toBe(409);
    expect((during.json as Problem).code).toBe('CHECKOUT_IN_PROGRESS');
    expect(second.status).toBe(202);
    expect((second.json as Order).items.map((item) => [item.sku, item.quantity])).toEqual([['P-AGAIN', 1]]);
  });

  it('takes an order’s lines out of the cart once, even when its message comes back after the cart changed', async () => {
    // Prepare
    const user = await createUser();
    await add(user, 'P-STEADY', 1);
    const pending = (await checkout(user)).json as Order;
    const body = JSON.stringify({ type: 'order.placed', orderId: pending.orderId });
    await runWorker([pending.orderId]);
    const stockAfterFirst = (await catalogRow('P-STEADY')).stock;
    await add(user, 'P-STEADY', 1); // the shopper buys another one later
    // Act: SQS delivers the old message again.
    const again = await orderWorker(sqsEvent([sqsRecord(body)]), lambdaContext);
    // Assess
    expect(again.batchItemFailures).toEqual([]);
    expect((await orderOf(user, pending.orderId)).status).toBe('CONFIRMED');
    expect((await catalogRow('P-STEADY')).stock).toBe(stockAfterFirst);
    expect((await cartOf(user)).items.map((item) => [item.sku, item.quantity])).toEqual([['P-STEADY', 1]]);
  });
});

describe('an order that will never be processed', () => {
  it('does not block its cart forever: after 15 minutes PENDING the next checkout fails it and places a new one', async () => {
    // Prepare: the first order's message is never handled (think: dead-lettered); the clock is held.
    let clock = Date.now();
    setDeps({ ...deps, now: () => clock });
    try {
      const user = await createUser();
      await add(user, 'P-STALE', 1);
      const stuck = (await checkout(user)).json as Order;
      await add(user, 'P-STALE', 1);
      const soon = await checkout(user);
      clock += 16 * 60_000;
      // Act
      const later = await checkout(user);
      const stockBefore = (await catalogRow('P-STALE')).stock;
      await runWorker([stuck.orderId]); // the old message turns up after all
      // Assess
      expect(soon.status).toBe(409);
      expect(later.status).toBe(202);
      expect((later.json as Order).items.map((item) => [item.sku, item.quantity])).toEqual([['P-STALE', 2]]);
      const old = await orderOf(user, stuck.orderId);
      expect(old.status).toBe('FAILED');
      expect((old as Order & { reasonCode?: string }).reasonCode).toBe('NOT_PROCESSED');
      expect((await catalogRow('P-STALE')).stock).toBe(stockBefore); // the late message reserved nothing
    } finally {
      setDeps(deps);
    }
  });
});
