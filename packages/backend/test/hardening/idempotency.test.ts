import type { Cart } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { readItem, stackEnv } from '../support/stack.js';
import { invoke, type LambdaAnswer } from './support/lambda.js';

// Idempotency-Key promises of docs/API.md, checked where the store's
// bookkeeping could break them: "a repeat with the same key and body within
// 24 h returns the first result and changes nothing", "keys are remembered
// per cart, for 24 h, the most recent 32 at least".

beforeAll(async () => {
  stackEnv();
  setDeps(await createDeps(loadConfig({ ...process.env, MUTATION_RATE_PER_MINUTE: '0' })));
});

afterAll(() => setDeps(undefined));

async function newCartToken(): Promise<string> {
  const issued = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: '192.0.2.77' });
  return (issued.json as { cartToken: string }).cartToken;
}

function mutate(cartToken: string, method: string, path: string, body?: unknown, key?: string): Promise<LambdaAnswer> {
  return invoke({
    method,
    path,
    headers: {
      'x-cart-token': cartToken,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function cartOf(cartToken: string): Promise<Cart> {
  return (await invoke({ method: 'GET', path: '/cart', headers: { 'x-cart-token': cartToken } })).json as Cart;
}

describe('Idempotency-Key retention', () => {
  it('remembers each of the 32 most recent keys (docs/API.md), so their retries change nothing', async () => {
    // Prepare: 45 distinct keyed changes in quick succession (an offline queue flushing),
    // enough to make the store prune whatever its threshold, all within a second or two.
    const cartToken = await newCartToken();
    const total = 45;
    for (let i = 0; i < total; i++) {
      const response = await mutate(cartToken, 'PUT', '/cart/items/STICKERS', { quantity: (i % 9) + 1 }, `q-${i}`);
      expect(response.status).toBe(200);
    }
    const before = await cartOf(cartToken);
    // Act: retry each of the 32 most recent requests, newest first.
    const forgotten: string[] = [];
    for (let i = total - 1; i >= total - 32; i--) {
      const retry = await mutate(cartToken, 'PUT', '/cart/items/STICKERS', { quantity: (i % 9) + 1 }, `q-${i}`);
      if (retry.headers['idempotent-replayed'] !== 'true') forgotten.push(`q-${i}`);
    }
    // Assess
    expect(forgotten, 'keys among the 32 most recent that were forgotten').toEqual([]);
    expect((await cartOf(cartToken)).version).toBe(before.version);
  });
});

describe('Idempotency-Key on a request that changed nothing', () => {
  it('a retried "remove line" that first found no line does not remove the line another device added since (bug fixed in 5e51141)', async () => {
    // Prepare: the phone removes MUG-STONE (not in the cart: a no-op), and the answer is lost.
    const cartToken = await newCartToken();
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 });
    const first = await mutate(cartToken, 'DELETE', '/cart/items/MUG-STONE', undefined, 'phone-remove-1');
    expect(first.status).toBe(200);
    // The laptop then adds MUG-STONE.
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 2 });
    // Act: the phone retries its request with the same key.
    const retry = await mutate(cartToken, 'DELETE', '/cart/items/MUG-STONE', undefined, 'phone-remove-1');
    // Assess: "a repeat with the same key and body within 24 h ... changes nothing".
    expect(retry.status).toBe(200);
    expect((await cartOf(cartToken)).items.map((line) => [line.sku, line.quantity])).toEqual([
      ['TEE-CLASSIC', 1],
      ['MUG-STONE', 2],
    ]);
  });

  it('a retried "empty the cart" that first found it empty does not wipe what another device added since (bug fixed in 5e51141)', async () => {
    // Prepare: the phone empties an already empty cart; the answer is lost.
    const cartToken = await newCartToken();
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 });
    await mutate(cartToken, 'DELETE', '/cart');
    const first = await mutate(cartToken, 'DELETE', '/cart', undefined, 'phone-clear-1');
    expect(first.status).toBe(200);
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'LAMP-DESK', quantity: 1 });
    // Act
    const retry = await mutate(cartToken, 'DELETE', '/cart', undefined, 'phone-clear-1');
    // Assess
    expect(retry.status).toBe(200);
    expect((await cartOf(cartToken)).items.map((line) => line.sku)).toEqual(['LAMP-DESK']);
  });

  it('a retried change that did apply is answered as a replay and applies once (control for the two above)', async () => {
    const cartToken = await newCartToken();
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 1 });
    await mutate(cartToken, 'DELETE', '/cart/items/MUG-STONE', undefined, 'remove-once');
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 2 });
    const retry = await mutate(cartToken, 'DELETE', '/cart/items/MUG-STONE', undefined, 'remove-once');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await cartOf(cartToken)).items.map((line) => [line.sku, line.quantity])).toEqual([['MUG-STONE', 2]]);
  });
});

describe('Idempotency-Key values that are JavaScript object keys', () => {
  it('after a request keyed "__proto__", refusals and replays on that cart still answer 4xx/200, never 500 (bug fixed in 5e51141)', async () => {
    // Prepare: a line at 60, then one change keyed "__proto__" (a printable-ASCII key the contract allows).
    const cartToken = await newCartToken();
    await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 60 });
    const keyed = await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 1 }, '__proto__');
    expect(keyed.status).toBe(200);
    // Act: every answer that needs the item as it was when a write's condition failed.
    const replay = await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 1 }, '__proto__');
    const overLimit = await mutate(cartToken, 'POST', '/cart/items', { sku: 'MUG-STONE', quantity: 50 });
    const absentLine = await mutate(cartToken, 'DELETE', '/cart/items/LAMP-DESK');
    const stale = await invoke({
      method: 'DELETE',
      path: '/cart',
      headers: { 'x-cart-token': cartToken, 'if-match': '"0"' },
    });
    // Assess
    expect(
      [replay, overLimit, absentLine, stale].map((answer) => answer.status),
      'replay, QUANTITY_LIMIT, no-op remove, stale If-Match',
    ).toEqual([200, 422, 200, 412]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await cartOf(cartToken)).items).toEqual([expect.objectContaining({ sku: 'MUG-STONE', quantity: 61 })]);
  });
});

describe('Idempotency-Key memory stays bounded', () => {
  it('after 520 keyed no-ops and changes the cart item holds at most 32 keys, still takes writes, and replays a recent key', async () => {
    // Prepare: an offline queue (or a hostile client) sending fresh keys: mostly requests that change
    // nothing (remove a line that is not there, empty an empty cart), some that do, four at a time.
    const cartToken = await newCartToken();
    const pk = `anon#${cartToken.split('.')[0]}`;
    const statuses = new Map<number, number>();
    // The first 440 change nothing at all; then every fifth is a change.
    const send = (i: number) =>
      i >= 440 && i % 5 === 0
        ? mutate(cartToken, 'PUT', '/cart/items/STICKERS', { quantity: (i % 9) + 1 }, `mix-${i}`)
        : i % 7 === 0
          ? mutate(cartToken, 'DELETE', '/cart', undefined, `mix-${i}`)
          : mutate(cartToken, 'DELETE', '/cart/items/NOT-IN-CART', undefined, `mix-${i}`);
    const total = 520;
    for (let i = 0; i < total; i += 4) {
      const answers = await Promise.all([i, i + 1, i + 2, i + 3].map(send));
      for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
    // Act: one more keyed no-op and one keyed change, in order.
    const lastNoOp = await mutate(cartToken, 'DELETE', '/cart/items/NOT-IN-CART', undefined, 'last-no-op');
    const lastChange = await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 }, 'last-add');
    const stored = await readItem('Carts', { pk });
    // Compact entries (`ik`) and any left in the format items had before it (`idem`).
    const keys = [
      ...Object.keys((stored?.ik ?? {}) as Record<string, unknown>),
      ...Object.keys((stored?.idem ?? {}) as Record<string, unknown>),
    ];
    const before = await cartOf(cartToken);
    const retryNoOp = await mutate(cartToken, 'DELETE', '/cart/items/NOT-IN-CART', undefined, 'last-no-op');
    const retryChange = await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 }, 'last-add');
    // Assess
    expect(Object.fromEntries(statuses), 'statuses of the 520 requests').toEqual({ 200: total });
    expect([lastNoOp.status, lastChange.status]).toEqual([200, 200]);
    expect(keys.length, 'idempotency keys stored in the cart item').toBeLessThanOrEqual(32);
    expect(JSON.stringify(stored).length, 'stored item size').toBeLessThan(8 * 1024);
    expect([retryNoOp.headers['idempotent-replayed'], retryChange.headers['idempotent-replayed']]).toEqual([
      'true',
      'true',
    ]);
    expect((await cartOf(cartToken)).version).toBe(before.version);
  }, 120_000);
});

describe('carts stored before the compact key memory (issue 17)', () => {
  /** The request hash routes/cart.ts makes, for a request this test sends through `invoke`. */
  const hashOf = (routeKey: string, path: string, body: string) =>
    createHash('sha256').update(`${routeKey}\n${path}\n${body}`).digest('base64url').slice(0, 22);

  it('are read as they are: old keys replay or are refused, new keys are stored compactly and the oldest old ones retire', async () => {
    // Prepare: an item in the old layout (`idem: { 'k:<key>': { h, t } }`, 32 keys, a line), as a deployed table holds it.
    const cartToken = await newCartToken();
    const pk = `anon#${cartToken.split('.')[0]}`;
    const now = Date.now();
    const body = JSON.stringify({ quantity: 4 });
    const idem: Record<string, { h: string; t: number }> = {};
    for (let i = 0; i < 32; i++)
      idem[`k:old-${i}`] = {
        h: hashOf('PUT /api/cart/items/{sku}', '/api/cart/items/MUG-STONE', body),
        t: now - 60_000 + i,
      };
    const { env } = stackEnv();
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: env.DYNAMODB_ENDPOINT,
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
    );
    await documents.send(
      new PutCommand({
        TableName: env.CARTS_TABLE,
        Item: {
          pk,
          kind: 'anonymous',
          version: 40,
          qty: { 'MUG-STONE': 4 },
          added: { 'MUG-STONE': now - 60_000 },
          price: { 'MUG-STONE': 1800 },
          idem,
          updatedAt: new Date(now - 60_000).toISOString(),
          ttl: Math.floor(now / 1000) + 86_400,
        },
      }),
    );

    // Act
    const replay = await mutate(cartToken, 'PUT', '/cart/items/MUG-STONE', { quantity: 4 }, 'old-31');
    const reused = await mutate(cartToken, 'PUT', '/cart/items/MUG-STONE', { quantity: 5 }, 'old-30');
    const fresh = await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 }, 'new-1');
    const second = await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 }, 'new-2');
    const freshRetry = await mutate(cartToken, 'POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 }, 'new-1');
    const stored = await readItem('Carts', { pk });
    documents.destroy();

    // Assess
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(reused.status, 'an old key with another request').toBe(422);
    expect([fresh.status, second.status, freshRetry.status]).toEqual([200, 200, 200]);
    expect(freshRetry.headers['idempotent-replayed']).toBe('true');
    expect((await cartOf(cartToken)).items.map((line) => [line.sku, line.quantity])).toEqual([
      ['MUG-STONE', 4],
      ['TEE-CLASSIC', 2],
    ]);
    const compact = Object.keys((stored?.ik ?? {}) as object);
    const legacy = Object.keys((stored?.idem ?? {}) as object);
    expect(compact, 'new keys, stored compactly').toHaveLength(2);
    expect(legacy, 'old keys: the two oldest retired').toHaveLength(30);
    expect(legacy).not.toContain('k:old-0');
    expect(legacy).not.toContain('k:old-1');
  });
});
