import { randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Cart, Problem } from '@cartkit/contract';
import { cartLine } from '../../../contract/test/support/fake-cart.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deps, setDeps } from '../../src/runtime/deps.js';
import { createDeps, getDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { DynamoFulfilment } from '../../src/adapters/fulfilment.js';
import { freezeCart, type StoredOrder } from '../../src/domain/order.js';
import { handler as orderWorker } from '../../src/handlers/order-worker.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { silentLogger } from '../../src/local/support/log.js';
import { provisionQueue } from '../../src/local/emulators/sqs.js';
import { startSqsPoller } from '../../src/local/event-sources/sqs-poller.js';
import type { QueueDefinition } from '../../src/topology/queues.js';
import WebSocket from 'ws';
import { anonymousToken, call, eventually } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import { invoke, lambdaContext, sqsEvent, sqsRecord } from './support/lambda.js';
import { type OwnDynamoDb, startOwnDynamoDb } from './support/own-dynamodb.js';

// Faults, against a DynamoDB Local of this file's own (stopping the shared
// one would fail other files mid-run) and the handlers called in-process
// with deps pointed at it.

let ddb: OwnDynamoDb;
let deps: Deps;

const figures: string[] = [];

beforeAll(async () => {
  stackEnv();
  ddb = await startOwnDynamoDb();
  deps = await createDeps(
    loadConfig({ ...process.env, ...ddb.env, MUTATION_RATE_PER_MINUTE: '0', CATALOG_TTL_MS: '200' }),
  );
  setDeps(deps);
}, 90_000);

afterAll(async () => {
  setDeps(undefined);
  await ddb?.dispose();
  for (const line of figures) console.log(`[hardening] ${line}`);
}, 30_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newCartToken(): Promise<string> {
  const issued = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: '192.0.2.90' });
  expect(issued.status).toBe(201);
  return (issued.json as { cartToken: string }).cartToken;
}

describe('DynamoDB stopped and restarted under load', () => {
  it('answers 503 UNAVAILABLE with Retry-After while it is down, loses no acknowledged write, and recovers by itself', async () => {
    // Prepare: four clients, each adding 1 of its own SKU per request with a fresh
    // Idempotency-Key, re-sending the same key until it is acknowledged (what the SDK does).
    const cartToken = await newCartToken();
    const skus = ['TEE-CLASSIC', 'MUG-STONE', 'SOCKS-3PK', 'CABLE-USBC'];
    const acked = new Map(skus.map((sku) => [sku, 0]));
    let phase: 'up' | 'down' | 'recovered' = 'up';
    const ackedAfterRecovery = new Map(skus.map((sku) => [sku, 0]));
    const unavailable: { status: number; retryAfter: string | undefined; code: string | undefined }[] = [];
    const otherFailures: string[] = [];
    let firstAckAfterRestart: number | undefined;
    let restartedAt = 0;
    let stopping = false;

    async function client(sku: string): Promise<void> {
      for (let i = 0; !stopping && i < 90; i++) {
        const key = `${sku}-${i}`;
        for (;;) {
          const response = await invoke({
            method: 'POST',
            path: '/cart/items',
            headers: { 'x-cart-token': cartToken, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ sku, quantity: 1 }),
          });
          if (response.status === 200) {
            acked.set(sku, (acked.get(sku) ?? 0) + 1);
            if (phase === 'recovered') {
              ackedAfterRecovery.set(sku, (ackedAfterRecovery.get(sku) ?? 0) + 1);
              firstAckAfterRestart ??= Date.now() - restartedAt;
            }
            break;
          }
          if (response.status === 503) {
            const body = response.json as Problem;
            unavailable.push({ status: 503, retryAfter: response.headers['retry-after'], code: body.code });
          } else {
            otherFailures.push(`${response.status} ${response.text.slice(0, 200)}`);
          }
          await pause(100); // client back-off before re-sending the same key
        }
      }
    }

    // Act
    const load = Promise.all(skus.map((sku) => client(sku)));
    await eventually(async () => ([...acked.values()].every((n) => n >= 5) ? true : undefined), 30_000);
    const stoppedAt = Date.now();
    await ddb.stop();
    phase = 'down';
    await eventually(async () => (unavailable.length >= 4 ? true : undefined), 30_000);
    const duringOutage = await invoke({ method: 'GET', path: '/cart', headers: { 'x-cart-token': cartToken } });
    await ddb.restart();
    restartedAt = Date.now();
    const downFor = restartedAt - stoppedAt;
    phase = 'recovered';
    await eventually(async () => ([...ackedAfterRecovery.values()].every((n) => n >= 5) ? true : undefined), 60_000);
    stopping = true;
    await load;

    // Assess
    expect(otherFailures).toEqual([]);
    expect(unavailable.length).toBeGreaterThanOrEqual(4);
    for (const answer of unavailable) {
      expect(answer.code).toBe('UNAVAILABLE');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(duringOutage.status).toBe(503);
    expect(duringOutage.headers['retry-after']).toBeDefined();
    const final = (await invoke({ method: 'GET', path: '/cart', headers: { 'x-cart-token': cartToken } })).json as Cart;
    const totalAcked = [...acked.values()].reduce((a, b) => a + b, 0);
    expect(Object.fromEntries(final.items.map((line) => [line.sku, line.quantity]))).toEqual(Object.fromEntries(acked));
    expect(final.version).toBe(totalAcked);
    const stored = await ddb.read('Carts', { pk: `anon#${cartToken.split('.')[0]}` });
    expect(stored?.qty).toEqual(Object.fromEntries(acked));
    figures.push(
      `outage: ${totalAcked} acknowledged writes kept (${[...acked.values()].join('+')}), ` +
        `${unavailable.length} answers 503 during ~${Math.round(downFor / 100) / 10} s down (stop + restart), ` +
        `first write acknowledged ${firstAckAfterRestart ?? '?'} ms after DynamoDB Local was back, 0 other errors`,
    );
  }, 180_000);
});

describe('the order worker killed mid-batch', () => {
  async function pendingOrder(sku: string, quantity: number): Promise<StoredOrder> {
    const product = (await deps.catalog.lookup())(sku);
    if (!product) throw new Error(`no ${sku}`);
    const line = cartLine(product, quantity);
    const owner = `user#${randomUUID()}`;
    // The owner's cart holds what was ordered (and one extra), so clearing it once is visible.
    await deps.carts.mutate(owner, { type: 'add', sku, quantity: quantity + 1 }, { now: Date.now(), mayCreate: true });
    const order = freezeCart(
      {
        owner: 'user',
        version: 1,
        currency: 'USD',
        items: [line],
        itemCount: quantity,
        subtotal: line.lineTotal,
        updatedAt: null,
        expiresAt: null,
      },
      { orderId: `kill-${randomUUID()}`.slice(0, 40), ownerKey: owner, now: Date.now() },
    );
    await deps.orders.create(order);
    return order;
  }

  it('reserves stock exactly once and clears each cart once when the batch is redelivered after the crash', async () => {
    // Prepare: five orders; the worker "dies" right after the 2nd reservation commits:
    // from then on nothing it calls ever answers (like a Lambda that timed out or was killed).
    const lines: [string, number][] = [
      ['HEADPHONES', 2],
      ['LAMP-DESK', 1],
      ['BACKPACK-DAY', 3],
      ['HEADPHONES', 1],
      ['PEN-BRASS', 2],
    ];
    const stockBefore = new Map<string, number>();
    for (const [sku] of lines) stockBefore.set(sku, Number((await ddb.read('Products', { sku }))?.stock));
    const orders = [];
    for (const [sku, quantity] of lines) orders.push(await pendingOrder(sku, quantity));
    const records = orders.map((order) => sqsRecord(JSON.stringify({ type: 'order.placed', orderId: order.orderId })));
    let dead = false;
    let reservations = 0;
    const never = new Promise<never>(() => {});
    const { tables } = deps.config;
    // Reservations one at a time, so "killed after the 2nd" leaves 3 never attempted.
    let turn: Promise<unknown> = Promise.resolve();
    class DyingFulfilment extends DynamoFulfilment {
      override async reserve(...args: Parameters<DynamoFulfilment['reserve']>) {
        const mine = turn.then(async () => {
          if (dead) return never;
          const result = await super.reserve(...args);
          if (++reservations === 2) dead = true;
          return dead ? never : result;
        });
        turn = mine.catch(() => undefined);
        return mine;
      }
      override async clearOrderedLines(...args: Parameters<DynamoFulfilment['clearOrderedLines']>) {
        return dead ? never : super.clearOrderedLines(...args);
      }
      override async prices(...args: Parameters<DynamoFulfilment['prices']>) {
        return dead ? never : super.prices(...args);
      }
    }
    setDeps({ ...deps, fulfilment: new DyingFulfilment(deps.db, tables, deps.carts) });

    // Act: the first invocation never finishes; SQS redelivers the whole batch to a fresh instance.
    void orderWorker(sqsEvent(records), lambdaContext);
    await eventually(async () => (dead ? true : undefined));
    setDeps(deps);
    const redelivered = await orderWorker(
      sqsEvent(records.map((r) => ({ ...r, attributes: { ...r.attributes, ApproximateReceiveCount: '2' } }))),
      lambdaContext,
    );
    const again = await orderWorker(sqsEvent(records), lambdaContext); // and once more, for good measure

    // Assess
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    const ordered = new Map<string, number>();
    for (const [sku, quantity] of lines) ordered.set(sku, (ordered.get(sku) ?? 0) + quantity);
    for (const [sku, quantity] of ordered) {
      expect(Number((await ddb.read('Products', { sku }))?.stock), sku).toBe((stockBefore.get(sku) ?? 0) - quantity);
    }
    for (const order of orders) {
      const stored = await deps.orders.get(order.orderId);
      expect(stored?.status).toBe('CONFIRMED');
      const cart = await deps.carts.get(order.ownerKey);
      expect(cart?.lines.map((line) => line.quantity)).toEqual([1]); // ordered quantity taken out once
    }
    expect(reservations).toBe(2);
    figures.push(
      `worker crash: killed after ${reservations} of ${orders.length} reservations committed (carts not yet cleared, ` +
        `nothing acknowledged); after redelivery (twice) every order CONFIRMED, stock reserved once, carts cleared once`,
    );
  }, 60_000);
});

describe('a poison message', () => {
  it('ends in the dead-letter queue after maxReceiveCount receives, while its batch-mate is processed', async () => {
    // Prepare: a queue of its own with a short visibility timeout, driven by the stack's SQS poller code
    // and the real order worker.
    const sqs = new SQSClient(localClientConfig(stackEnv().env.SQS_ENDPOINT ?? ''));
    const definition: QueueDefinition = {
      id: 'Orders',
      envVar: 'UNUSED',
      dlqEnvVar: 'UNUSED',
      consumer: 'order-worker',
      visibilityTimeoutSeconds: 1,
      maxReceiveCount: 2,
      batchSize: 10,
      dlqRetentionDays: 1,
    };
    const queue = await provisionQueue(sqs, definition, `hardening-orders-${randomUUID().slice(0, 8)}`);
    const product = (await deps.catalog.lookup())('MUG-TRAVEL');
    if (!product) throw new Error('no MUG-TRAVEL');
    const good = freezeCart(
      {
        owner: 'user',
        version: 1,
        currency: 'USD',
        items: [
          {
            sku: 'MUG-TRAVEL',
            name: product.name,
            unitPrice: product.unitPrice,
            quantity: 1,
            lineTotal: product.unitPrice,
            image: product.image,
          },
        ],
        itemCount: 1,
        subtotal: product.unitPrice,
        updatedAt: null,
        expiresAt: null,
      },
      { orderId: `dlq-${randomUUID()}`.slice(0, 40), ownerKey: `user#${randomUUID()}`, now: Date.now() },
    );
    await deps.orders.create(good);
    const poison = [
      '{"type":"order.placed"',
      JSON.stringify({ type: 'cart.cleanup', ownerKey: 'x', version: 1 }),
      JSON.stringify({ type: 'order.placed', orderId: 'never-existed' }),
    ];
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queue.url,
        Entries: [JSON.stringify({ type: 'order.placed', orderId: good.orderId }), ...poison].map((body, i) => ({
          Id: String(i),
          MessageBody: body,
        })),
      }),
    );
    await getDeps();
    const poller = startSqsPoller({
      client: sqs,
      log: silentLogger,
      subscriptions: [
        {
          queueUrl: queue.queue.url,
          queueArn: queue.queue.arn,
          functionName: 'order-worker',
          batchSize: 10,
          handler: orderWorker as never,
        },
      ],
    });
    try {
      // Act + Assess
      const deadLettered = await eventually(
        async () => {
          const { Attributes } = await sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: queue.dlq.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
          );
          return Number(Attributes?.ApproximateNumberOfMessages ?? 0) >= poison.length ? true : undefined;
        },
        30_000,
        100,
      );
      expect(deadLettered).toBe(true);
      expect((await deps.orders.get(good.orderId))?.status).toBe('CONFIRMED');
    } finally {
      await poller.stop();
    }
    const inDlq = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlq.url, MaxNumberOfMessages: 10 }));
    expect((inDlq.Messages ?? []).map((m) => m.Body).sort()).toEqual([...poison].sort());
    const left = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.queue.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(
      Number(left.Attributes?.ApproximateNumberOfMessages) +
        Number(left.Attributes?.ApproximateNumberOfMessagesNotVisible),
    ).toBe(0);
    sqs.destroy();
  }, 60_000);
});

describe('realtime clients dropped', () => {
  /** A raw socket on the shared stack that records cart versions pushed to it. */
  async function connect(cartToken: string) {
    const url = new URL(stackEnv().wsUrl);
    url.searchParams.set('cartToken', cartToken);
    const socket = new WebSocket(url);
    const versions: number[] = [];
    let pongs = 0;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; cart?: Cart };
      if (message.type === 'cart.updated' && message.cart) versions.push(message.cart.version);
      if (message.type === 'pong') pongs++;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    // The local $connect runs after the upgrade: a pong means the connection is registered.
    socket.send(JSON.stringify({ type: 'ping' }));
    await eventually(async () => (pongs > 0 ? true : undefined), 10_000);
    return { socket, versions };
  }

  it('reconnects after an abrupt drop, resyncs with GET /cart to the latest version, and gets pushes again', async () => {
    // Prepare: a shopper with a socket, through the real gateway and stream pipeline.
    const cartToken = await anonymousToken();
    const add = (sku: string) => call<Cart>('POST', '/cart/items', { cartToken, body: { sku, quantity: 1 } });
    const first = await connect(cartToken);
    await add('TEE-CLASSIC');
    await eventually(async () => (first.versions.includes(1) ? true : undefined), 15_000);
    // Act: the connection dies without a close handshake (train tunnel), changes happen meanwhile.
    first.socket.terminate();
    await add('MUG-STONE');
    await add('SOCKS-3PK');
    const second = await connect(cartToken);
    const resync = await call<Cart>('GET', '/cart', { cartToken });
    await add('CAP-CANVAS');
    // Assess
    expect(resync.body.version).toBe(3);
    expect(resync.body.items.map((line) => line.sku)).toEqual(['TEE-CLASSIC', 'MUG-STONE', 'SOCKS-3PK']);
    await eventually(async () => (second.versions.includes(4) ? true : undefined), 15_000);
    expect(Math.max(...second.versions)).toBe(4);
    second.socket.close();
  }, 60_000);
});
