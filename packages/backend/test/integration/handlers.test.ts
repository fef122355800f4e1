import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, Context, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { cartLine } from '../../../contract/test/support/fake-cart.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Deps, setDeps } from '../../src/runtime/deps.js';
import { createDeps, getDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { freezeCart } from '../../src/domain/order.js';
import { handler as cartApi } from '../../src/handlers/cart-api.js';
import { handler as orderWorker } from '../../src/handlers/order-worker.js';
import { handler as streamProcessor } from '../../src/handlers/stream-processor.js';
import { readItem } from '../support/stack.js';

// These tests call the handler exports in this process, as Lambda would, with
// the local stack's environment: the same real DynamoDB Local, with events
// built by hand where the test needs to control delivery.

const context = {
  functionName: 'test',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

afterEach(() => setDeps(undefined));

function httpEvent(
  method: string,
  path: string,
  routeKey: string,
  options: { sourceIp?: string; body?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '198.51.100.7', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

function sqsRecord(body: string, messageId = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:orders',
    awsRegion: 'us-east-1',
  };
}

describe('rate limits', () => {
  it('answers POST /cart/anonymous past the per-IP limit with 429 and Retry-After', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const limit = loadConfig().anonymousRatePerMinute;
    // Hold the clock inside one minute window, so the count cannot straddle two.
    const heldAt = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
    setDeps({ ...(await getDeps()), now: () => heldAt });
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const result = (await cartApi(
        httpEvent('POST', '/api/cart/anonymous', 'POST /api/cart/anonymous', { sourceIp: ip }),
        context,
      )) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      };
      statuses.push(result.statusCode);
      if (i === limit) {
        expect(result.statusCode).toBe(429);
        expect(Number(result.headers['Retry-After'])).toBeGreaterThan(0);
        expect(JSON.parse(result.body)).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      }
    }
    expect(statuses.slice(0, limit).every((status) => status === 201)).toBe(true);
  });
});

describe('store outages', () => {
  it('answers 503 UNAVAILABLE with Retry-After when DynamoDB cannot be reached', async () => {
    const config = loadConfig({ ...process.env, DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' });
    setDeps(await createDeps(config));
    const result = (await cartApi(httpEvent('GET', '/api/products', 'GET /api/products'), context)) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(result.statusCode).toBe(503);
    expect(result.headers['Retry-After']).toBeDefined();
    expect(JSON.parse(result.body)).toMatchObject({ code: 'UNAVAILABLE' });
    expect(result.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  });

  it('answers an unexpected failure with a bare 500 INTERNAL: no message, no stack', async () => {
    const real = await createDeps(loadConfig());
    setDeps({
      ...real,
      catalog: {
        lookup: () => Promise.reject(new Error('secret internal detail at /var/task/index.js:1')),
        all: () => Promise.reject(new Error('secret internal detail')),
      },
    });
    const result = (await cartApi(httpEvent('GET', '/api/products', 'GET /api/products'), context)) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'INTERNAL', status: 500 });
    expect(result.body).not.toMatch(/secret|var\/task/);
  });
});

describe('order worker', () => {
  async function pendingOrder(deps: Deps, sku: string, quantity: number) {
    const lookup = await deps.catalog.lookup();
    const product = lookup(sku);
    if (!product) throw new Error(`no ${sku}`);
    const order = freezeCart(
      {
        owner: 'user',
        version: 1,
        currency: 'USD',
        items: [cartLine(product, quantity)],
        itemCount: quantity,
        subtotal: product.unitPrice * quantity,
        updatedAt: null,
        expiresAt: null,
      },
      { orderId: `test-${randomUUID()}`.slice(0, 30), ownerKey: `user#${randomUUID()}`, now: Date.now() },
    );
    await deps.orders.create(order);
    return order;
  }

  it('reserves once when the same message is delivered twice', async () => {
    const deps = await getDeps();
    const sku = 'HEADPHONES';
    const before = Number((await readItem('Products', { sku }))?.stock);
    const order = await pendingOrder(deps, sku, 2);
    const body = JSON.stringify({ type: 'order.placed', orderId: order.orderId });
    const first = await orderWorker({ Records: [sqsRecord(body), sqsRecord(body)] } as SQSEvent, context);
    const second = await orderWorker({ Records: [sqsRecord(body)] } as SQSEvent, context);
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(Number((await readItem('Products', { sku }))?.stock)).toBe(before - 2);
    expect((await deps.orders.get(order.orderId))?.status).toBe('CONFIRMED');
  });

  it('reports only the poison message as failed; its batch-mates succeed', async () => {
    const deps = await getDeps();
    const good = await pendingOrder(deps, 'MUG-TRAVEL', 1);
    const poison = sqsRecord('{"type":"order.placed"');
    const unknown = sqsRecord(JSON.stringify({ type: 'order.placed', orderId: 'no-such-order-xyz' }));
    const result = await orderWorker(
      {
        Records: [poison, sqsRecord(JSON.stringify({ type: 'order.placed', orderId: good.orderId })), unknown],
      } as SQSEvent,
      context,
    );
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      [poison.messageId, unknown.messageId].sort(),
    );
    expect((await deps.orders.get(good.orderId))?.status).toBe('CONFIRMED');
  });
});

describe('stream processor', () => {
  it('reports the one failing record and processes the others; a retry counts nothing twice', async () => {
    const real = await getDeps();
    const poisonOwner = `anon#${'P'.repeat(22)}`;
    let failing = true;
    setDeps({
      ...real,
      connections: {
        ...real.connections,
        listByOwner: async (ownerKey: string) => {
          if (ownerKey === poisonOwner && failing) throw new Error('connections table throttled');
          return real.connections.listByOwner(ownerKey);
        },
      },
    });
    const sku = 'POSTER-MAP';
    const inCarts = async () => Number((await readItem('Products', { sku }))?.inCarts ?? 0);
    const start = await inCarts();
    const record = (owner: string, seq: string) => ({
      eventID: seq,
      eventName: 'INSERT' as const,
      eventSource: 'aws:dynamodb',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/Carts/stream/x',
      awsRegion: 'us-east-1',
      dynamodb: {
        Keys: marshall({ pk: owner }) as never,
        NewImage: marshall({
          pk: owner,
          version: 1,
          qty: { [sku]: 1 },
          added: { [sku]: 1 },
          idem: {},
          updatedAt: new Date().toISOString(),
        }) as never,
        SequenceNumber: seq,
        StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
      },
    });
    const a = `anon#${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const b = `anon#${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const event = { Records: [record(a, '100'), record(poisonOwner, '200'), record(b, '300')] } as DynamoDBStreamEvent;
    const first = await streamProcessor(event, context);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: '200' }]);
    expect(await inCarts()).toBe(start + 3); // the aggregate step of the failing record ran before its push failed

    failing = false;
    const retry = await streamProcessor({ Records: event.Records.slice(1) } as DynamoDBStreamEvent, context);
    expect(retry.batchItemFailures).toEqual([]);
    expect(await inCarts()).toBe(start + 3); // nothing counted twice
  });
});

describe('stream processor batching', () => {
  it('pushes only the newest version of a cart that changed several times in one batch', async () => {
    const real = await getDeps();
    const looked: string[] = [];
    setDeps({
      ...real,
      connections: {
        ...real.connections,
        listByOwner: async (ownerKey: string) => {
          looked.push(ownerKey);
          return real.connections.listByOwner(ownerKey);
        },
      },
    });
    const owner = `anon#${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const other = `anon#${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const change = (pk: string, version: number, seq: string) => ({
      eventID: seq,
      eventName: 'MODIFY' as const,
      eventSource: 'aws:dynamodb',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/Carts/stream/x',
      awsRegion: 'us-east-1',
      dynamodb: {
        Keys: marshall({ pk }) as never,
        OldImage: marshall({ pk, version: version - 1, qty: {}, added: {}, idem: {} }) as never,
        NewImage: marshall({ pk, version, qty: {}, added: {}, idem: {}, updatedAt: new Date().toISOString() }) as never,
        SequenceNumber: seq,
        StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
      },
    });
    const result = await streamProcessor(
      {
        Records: [change(owner, 1, '1'), change(other, 7, '2'), change(owner, 2, '3'), change(owner, 3, '4')],
      } as DynamoDBStreamEvent,
      context,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(looked.sort()).toEqual([owner, other].sort());
  });
});

describe('stream processor: "in N carts" folded per batch (issue 17)', () => {
  it('counts a batch exactly with one counter update per SKU, a line moved between carts as 0, and a replayed batch not again', async () => {
    const real = await getDeps();
    const sent: string[] = [];
    // Count the transactions the index sends, by the SKUs they touch.
    const index = real.productCarts as unknown as { applyBatch: typeof real.productCarts.applyBatch };
    const applyBatch = index.applyBatch.bind(index);
    setDeps({
      ...real,
      productCarts: Object.assign(Object.create(Object.getPrototypeOf(real.productCarts)), real.productCarts, {
        applyBatch: async (changes: Parameters<typeof applyBatch>[0]) => {
          for (const [sku, rows] of changes) sent.push(`${sku}:${rows.map((row) => row.delta).join(',')}`);
          return applyBatch(changes);
        },
      }),
    });
    const [moved, added] = ['STICKERS', 'PEN-BRASS'];
    const inCarts = async (sku: string) => Number((await readItem('Products', { sku }))?.inCarts ?? 0);
    const start = { moved: await inCarts(moved), added: await inCarts(added) };
    const owners = Array.from({ length: 3 }, () => `anon#${randomUUID().replaceAll('-', '').slice(0, 22)}`);
    const user = `user#${randomUUID()}`;
    const change = (pk: string, before: string[], after: string[], version: number, seq: string) => ({
      eventID: seq,
      eventName: 'MODIFY' as const,
      eventSource: 'aws:dynamodb',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/Carts/stream/x',
      awsRegion: 'us-east-1',
      dynamodb: {
        Keys: marshall({ pk }) as never,
        OldImage: marshall({
          pk,
          version: version - 1,
          qty: Object.fromEntries(before.map((s) => [s, 1])),
          added: {},
        }) as never,
        NewImage: marshall({
          pk,
          version,
          qty: Object.fromEntries(after.map((s) => [s, 1])),
          added: {},
          updatedAt: new Date().toISOString(),
        }) as never,
        SequenceNumber: seq,
        StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
      },
    });
    // The moved SKU: in the first anonymous cart before (counted by an earlier batch), then merged into the user's.
    await real.productCarts.add(moved, owners[0] ?? '');
    const afterSetup = await inCarts(moved);
    const batch = {
      Records: [
        change(owners[0] ?? '', [moved], [moved, added], 2, '1'), // adds `added`
        change(owners[1] ?? '', [], [added], 1, '2'),
        change(owners[2] ?? '', [], [added], 1, '3'),
        change(owners[2] ?? '', [added], [], 2, '4'), // added and removed within the batch: 0
        change(user, [], [moved], 1, '5'), // merge: the user's cart gains the line ...
        change(owners[0] ?? '', [moved, added], [added], 3, '6'), // ... and the anonymous cart loses it
      ],
    } as DynamoDBStreamEvent;

    const first = await streamProcessor(batch, context);
    const replayed = await streamProcessor(batch, context);

    expect([first.batchItemFailures, replayed.batchItemFailures]).toEqual([[], []]);
    expect(sent.slice(0, 2).sort(), 'one entry per SKU; the line added and removed in the batch is not there').toEqual(
      [`${added}:1,1`, `${moved}:-1,1`].sort(),
    );
    expect(await inCarts(added)).toBe(start.added + 2);
    expect(await inCarts(moved)).toBe(afterSetup); // moved from one cart to another: still the same number of carts
    expect(afterSetup).toBe(start.moved + 1);
    const rows = await Promise.all(
      [owners[0], user].map((ownerKey) => readItem('ProductCarts', { sku: moved, ownerKey })),
    );
    expect(rows.map((row) => row !== undefined)).toEqual([false, true]);
  });
});
