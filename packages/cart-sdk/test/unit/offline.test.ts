import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCancelledError } from '../../src/index.js';
import { API } from '../helpers/fake-api.js';
import { until, useFakeApi } from '../helpers/setup.js';
import { inspectableStorage } from '../helpers/storage.js';

const ctx = useFakeApi();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('offline queue', () => {
  it('queues mutations while navigator.onLine is false and replays them in order on sync()', async () => {
    const { client } = ctx.make();
    await client.ready();
    vi.stubGlobal('navigator', { onLine: false });

    const a = client.add('TEE', 1);
    const b = client.setQuantity('TEE', 3);
    const c = client.add('MUG', 2);

    const offline = client.getSnapshot();
    expect(offline.status).toBe('offline');
    expect(offline.pending.map((m) => m.state)).toEqual(['offline', 'offline', 'offline']);
    expect(offline.cart?.items).toMatchObject([
      { sku: 'TEE', quantity: 3 },
      { sku: 'MUG', quantity: 2 },
    ]);
    expect(ctx.api.cartRequests()).toHaveLength(0);

    vi.stubGlobal('navigator', { onLine: true });
    await client.sync();
    await Promise.all([a, b, c]);

    expect(ctx.api.cartRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /cart/anonymous',
      'POST /cart/items',
      'PUT /cart/items/TEE',
      'POST /cart/items',
    ]);
    expect(client.getSnapshot()).toMatchObject({ status: 'idle', pending: [] });
    expect(client.getSnapshot().cart?.itemCount).toBe(5);
  });

  it('a network failure after retries pauses the queue instead of rolling back', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));

    const promise = client.add('TEE', 1);
    await until(() => client.getSnapshot().status === 'offline');

    expect(client.getSnapshot().cart?.items).toMatchObject([{ sku: 'TEE', quantity: 1, pending: true }]);
    expect(client.getSnapshot().error?.code).toBe('NETWORK_ERROR');

    ctx.server.resetHandlers(...ctx.api.handlers);
    await client.sync();

    await expect(promise).resolves.toMatchObject({ itemCount: 1 });
    expect(client.getSnapshot()).toMatchObject({ status: 'idle', error: null });
  });

  it('survives a reload: the queue is persisted and replayed with the same Idempotency-Key', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('MUG', 1); // creates the anonymous cart, v1
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));
    first.add('TEE', 2).catch(() => undefined);
    await until(() => first.getSnapshot().status === 'offline');
    const key = first.getSnapshot().pending[0]!.idempotencyKey;
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();

    // The page reloads with the network back.
    ctx.server.resetHandlers(...ctx.api.handlers);
    const second = ctx.make({ storage }).client;
    await second.ready();
    await until(() => second.getSnapshot().pending.length === 0);

    expect(second.getSnapshot().cart?.items).toMatchObject([
      { sku: 'MUG', quantity: 1 },
      { sku: 'TEE', quantity: 2 },
    ]);
    const posts = ctx.api.requests.filter((r) => r.method === 'POST' && r.path === '/cart/items');
    expect(posts.at(-1)!.headers['idempotency-key']).toBe(key);
    expect(new Set(posts.slice(1).map((p) => p.headers['idempotency-key']))).toEqual(new Set([key]));
  });

  it('with a synchronous storage the persisted cart is in the very first snapshot', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 1);
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();

    const second = ctx.make({ storage }).client; // no await at all

    expect(second.getSnapshot().cart?.items).toMatchObject([{ sku: 'TEE', quantity: 1 }]);
  });

  it('shows the persisted cart before the network answers on reload', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 1);
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();
    ctx.server.use(http.get(`${API}/cart`, () => HttpResponse.error()));

    const second = ctx.make({ storage }).client;
    await second.ready();

    expect(second.getSnapshot().cart?.items).toMatchObject([{ sku: 'TEE', quantity: 1 }]);
    expect(second.getSnapshot().status).toBe('offline');
  });

  it('destroy() rejects waiting mutations with CancelledError but keeps them persisted', async () => {
    const storage = inspectableStorage();
    const { client } = ctx.make({ storage });
    await client.ready();
    vi.stubGlobal('navigator', { onLine: false });
    const promise = client.add('TEE').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 0));

    client.destroy();

    expect(isCancelledError(await promise)).toBe(true);
    const queueKey = [...storage.map.keys()].find((k) => k.endsWith(':queue'))!;
    expect(JSON.parse(storage.map.get(queueKey)!)).toMatchObject([{ kind: 'add', sku: 'TEE' }]);
  });
});
