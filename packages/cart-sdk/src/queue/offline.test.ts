import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCancelledError, isNetworkError } from '../index.js';
import { API } from '../../test/support/fake-api.js';
import { until, useFakeApi } from '../../test/support/setup.js';
import { inspectableStorage } from '../../test/support/storage.js';

const ctx = useFakeApi();

afterEach(() => {
  vi.unstubAllGlobals();
});

const posts = () => ctx.api.requests.filter((r) => r.method === 'POST' && r.path === '/cart/items');
const unavailable = () =>
  HttpResponse.json(
    { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'UNAVAILABLE' },
    { status: 503, headers: { 'content-type': 'application/problem+json' } },
  );

describe('offline: mutations wait for the network and replay in order', () => {
  it('queues mutations while navigator.onLine is false and replays them in order on sync()', async () => {
    const { client } = ctx.make();
    await client.ready();
    vi.stubGlobal('navigator', { onLine: false });

    const a = client.add('TEE', 1);
    const b = client.setQuantity('TEE', 3);
    const c = client.add('MUG', 2);

    const offline = client.getSnapshot();
    expect(offline.status).toBe('offline');
    expect(offline.error).toBeNull();
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

  it('setOnline(false) queues like navigator.onLine, and setOnline(true) replays at once', async () => {
    const { client } = ctx.make();
    await client.ready();
    client.setOnline(false);

    const adding = client.add('TEE', 2);
    expect(client.getSnapshot()).toMatchObject({ status: 'offline', error: null });
    expect(posts()).toHaveLength(0);

    client.setOnline(true); // no sync() call: going online is enough

    await expect(adding).resolves.toMatchObject({ itemCount: 2 });
    expect(client.getSnapshot()).toMatchObject({ status: 'idle', pending: [] });
  });

  it('a request that fails because the browser went offline meanwhile stays queued, without an error', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(
      http.post(`${API}/cart/items`, () => {
        vi.stubGlobal('navigator', { onLine: false });
        return HttpResponse.error();
      }),
    );

    const adding = client.add('TEE', 1);
    await until(() => client.getSnapshot().status === 'offline');

    expect(client.getSnapshot().cart?.items).toMatchObject([{ sku: 'TEE', quantity: 1, pending: true }]);
    expect(client.getSnapshot().pending.map((m) => m.state)).toEqual(['offline']);
    expect(client.getSnapshot().error).toBeNull();

    ctx.server.resetHandlers(...ctx.api.handlers);
    vi.stubGlobal('navigator', { onLine: true });
    await client.sync();

    await expect(adding).resolves.toMatchObject({ itemCount: 1 });
    expect(client.getSnapshot()).toMatchObject({ status: 'idle', error: null, pending: [] });
  });

  it('a replay that finds the server down keeps the offline mutations; a successful request replays them at once', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('MUG', 1);
    vi.stubGlobal('navigator', { onLine: false });
    const adding = client.add('TEE', 1);
    vi.stubGlobal('navigator', { onLine: true });
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));

    await client.sync();

    // Made offline, so it waits: the shopper was already told it is saved.
    expect(client.getSnapshot().status).toBe('offline');
    expect(client.getSnapshot().pending).toMatchObject([{ kind: 'add', sku: 'TEE', state: 'offline' }]);

    // The server is back: the next successful request (any) replays the queue, before the backoff timer (>= 1 s).
    ctx.server.resetHandlers(...ctx.api.handlers);
    await client.listProducts();
    await until(() => client.getSnapshot().pending.length === 0, 800);

    await expect(adding).resolves.toMatchObject({ itemCount: 2 });
  });

  it('survives a reload: the queue is persisted and replayed with the same Idempotency-Key', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('MUG', 1); // creates the anonymous cart, v1
    vi.stubGlobal('navigator', { onLine: false });
    first.add('TEE', 2).catch(() => undefined);
    const key = first.getSnapshot().pending[0]!.idempotencyKey;
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();

    // The page reloads with the network back.
    vi.stubGlobal('navigator', { onLine: true });
    const second = ctx.make({ storage }).client;
    await second.ready();
    await until(() => second.getSnapshot().pending.length === 0);

    expect(second.getSnapshot().cart?.items).toMatchObject([
      { sku: 'MUG', quantity: 1 },
      { sku: 'TEE', quantity: 2 },
    ]);
    expect(posts()).toHaveLength(2);
    expect(posts()[1]!.headers['idempotency-key']).toBe(key);
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

  it('reloading while offline shows the persisted cart with status offline', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 1);
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();
    vi.stubGlobal('navigator', { onLine: false });
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

describe('online, server unreachable: the mutation rolls back with an error', () => {
  it('a network error after the retries rolls the add back, raises NetworkError and queues nothing', async () => {
    const storage = inspectableStorage();
    const { client } = ctx.make({ storage });
    await client.ready();
    await client.add('MUG', 1);
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));

    const adding = client.add('TEE', 1);
    expect(client.getSnapshot().cart?.itemCount).toBe(2); // optimistic first
    const error = await adding.catch((e: unknown) => e);

    expect(isNetworkError(error)).toBe(true);
    expect(posts()).toHaveLength(1 + 3); // the MUG add, then TEE: first attempt + 2 retries
    const s = client.getSnapshot();
    expect(s).toMatchObject({ status: 'error', pending: [] });
    expect(s.error).toBe(error);
    expect(s.cart?.items).toMatchObject([{ sku: 'MUG', quantity: 1 }]);
    await new Promise((r) => setTimeout(r, 0));
    expect([...storage.map.keys()].some((k) => k.endsWith(':queue'))).toBe(false);
  });

  it('503 UNAVAILABLE after the retries rolls back with code UNAVAILABLE', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.post(`${API}/cart/items`, unavailable));

    const error = await client.add('TEE', 1).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'CartError', code: 'UNAVAILABLE', status: 503 });
    expect(client.getSnapshot()).toMatchObject({ status: 'error', pending: [], error });
    expect(client.getSnapshot().cart?.items).toEqual([]);
  });

  it('by default gives up after 2 retries, fast', async () => {
    const { client } = ctx.make({ retry: undefined });
    await client.ready();
    await client.add('MUG', 1);
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));

    const error = await client.add('TEE', 1).catch((e: unknown) => e);

    expect(isNetworkError(error)).toBe(true);
    expect(posts()).toHaveLength(1 + 3);
  });

  it('a later add still goes through once the server is back, and the error clears', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));
    await client.add('TEE', 1).catch(() => undefined);
    ctx.server.resetHandlers(...ctx.api.handlers);

    await client.add('MUG', 2);

    expect(client.getSnapshot()).toMatchObject({ status: 'idle', error: null, pending: [] });
    expect(client.getSnapshot().cart?.items).toMatchObject([{ sku: 'MUG', quantity: 2 }]);
  });

  it('while offline mutations wait on a server that is down, a new add fails instead of queueing behind them', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('MUG', 1);
    vi.stubGlobal('navigator', { onLine: false });
    const offlineAdd = client.add('TEE', 1);
    vi.stubGlobal('navigator', { onLine: true });
    ctx.server.use(http.post(`${API}/cart/items`, () => HttpResponse.error()));
    await client.sync();

    const error = await client.add('MUG', 1).catch((e: unknown) => e);

    expect(isNetworkError(error)).toBe(true);
    expect(client.getSnapshot().pending).toMatchObject([{ sku: 'TEE', state: 'offline' }]);
    expect(client.getSnapshot().error).toBe(error);
    ctx.server.resetHandlers(...ctx.api.handlers);
    await client.sync();
    await expect(offlineAdd).resolves.toMatchObject({ itemCount: 2 });
  });

  it('reloading while the server is unreachable shows the persisted cart and the error', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 1);
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();
    ctx.server.use(http.get(`${API}/cart`, () => HttpResponse.error()));

    const second = ctx.make({ storage }).client;
    const error = await second.ready().catch((e: unknown) => e);

    expect(isNetworkError(error)).toBe(true);
    expect(second.getSnapshot().cart?.items).toMatchObject([{ sku: 'TEE', quantity: 1 }]);
    expect(second.getSnapshot()).toMatchObject({ status: 'error', error });
  });
});
