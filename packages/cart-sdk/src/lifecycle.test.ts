// What a framework binding relies on (issue 15): a failure that is already in the
// snapshot is no unhandled rejection, ready() with the API down does what the README
// says, and destroy() stops every request, with nothing left unhandled.
import { delay, HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCancelledError, isNetworkError } from './index.js';
import { API } from '../test/support/fake-api.js';
import { tick, until, useFakeApi } from '../test/support/setup.js';
import { inspectableStorage } from '../test/support/storage.js';

const ctx = useFakeApi();

/** Every unhandled rejection while a test runs (vitest would fail the run on them too). */
let unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
});
/** Lets pending rejections be reported (Node reports after the microtask queue drains). */
const settle = () => tick(20);

const outOfStock = () =>
  HttpResponse.json(
    { type: 'about:blank', title: 'Out of stock', status: 422, code: 'OUT_OF_STOCK' },
    { status: 422, headers: { 'content-type': 'application/problem+json' } },
  );

/** A fetch that records the signal of every request it sends. */
function recordingFetch() {
  const sent: { url: string; signal: AbortSignal | null | undefined }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    sent.push({ url: String(input), signal: init?.signal });
    return globalThis.fetch(input, init);
  };
  return { fetch, sent };
}

describe('a failed mutation whose error is in the snapshot', () => {
  it('raises no unhandled rejection when nobody awaits it (fire and forget)', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.post(`${API}/cart/items`, outOfStock));

    void client.add('TEE', 1); // what onClick={() => add(sku)} does
    await until(() => client.getSnapshot().error !== null);
    await settle();

    expect(client.getSnapshot().error).toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(client.getSnapshot().cart?.items).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it('still rejects for whoever awaits it (backwards compatible)', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.post(`${API}/cart/items`, outOfStock));

    await expect(client.add('TEE', 1)).rejects.toMatchObject({ name: 'CartError', code: 'OUT_OF_STOCK' });
    await expect(client.setQuantity('TEE', 2).then(() => 'resolved')).resolves.toBe('resolved');
    expect(unhandled).toEqual([]);
  });

  it('a caller chaining .then() without .catch() still sees its own chain reject (that one is theirs)', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.post(`${API}/cart/items`, outOfStock));

    const chained = client.add('TEE', 1).then((cart) => cart.itemCount);

    await expect(chained).rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
  });
});

describe('ready() when the API is down', () => {
  it('keeps the persisted cart, sets status error, rejects with the error; ready() again retries', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 2);
    first.destroy();
    ctx.server.use(http.get(`${API}/cart`, () => HttpResponse.error()));
    ctx.server.use(http.get(`${API}/config`, () => HttpResponse.error()));

    const { client } = ctx.make({ storage });
    const error = await client.ready().catch((e: unknown) => e);

    expect(isNetworkError(error)).toBe(true);
    const down = client.getSnapshot();
    expect(down.status).toBe('error');
    expect(down.error).toBe(error);
    expect(down.cart?.items).toMatchObject([{ sku: 'TEE', quantity: 2 }]);

    ctx.server.resetHandlers(...ctx.api.handlers);
    await client.ready();
    expect(client.getSnapshot()).toMatchObject({ status: 'idle', error: null });
    expect(client.getSnapshot().cart?.items).toMatchObject([{ sku: 'TEE', quantity: 2 }]);
    expect(unhandled).toEqual([]);
  });

  it('`void client.ready()` (what a provider does) raises no unhandled rejection; the error is in the snapshot', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 1);
    first.destroy();
    ctx.server.use(http.get(`${API}/cart`, () => HttpResponse.error()));

    const { client } = ctx.make({ storage });
    void client.ready();
    await until(() => client.getSnapshot().status === 'error');
    await settle();

    expect(isNetworkError(client.getSnapshot().error)).toBe(true);
    expect(unhandled).toEqual([]);
  });
});

describe('destroy()', () => {
  it('mid-add: aborts the request, rejects the add with CancelledError, leaves nothing unhandled', async () => {
    const { fetch, sent } = recordingFetch();
    const { client } = ctx.make({ fetch });
    await client.ready();
    ctx.server.use(
      http.post(`${API}/cart/items`, async () => {
        await delay(5_000);
        return HttpResponse.json({});
      }),
    );

    const adding = client.add('TEE', 1); // not awaited: the component unmounts meanwhile
    await until(() => sent.some((r) => r.url.endsWith('/cart/items')));
    client.destroy();
    await settle();

    const request = sent.find((r) => r.url.endsWith('/cart/items'))!;
    expect(request.signal?.aborted).toBe(true);
    expect(isCancelledError(await adding.catch((e: unknown) => e))).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('mid-ready: aborts GET /cart, ready() rejects with CancelledError, nothing unhandled', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.add('TEE', 1);
    first.destroy();
    ctx.server.use(
      http.get(`${API}/cart`, async () => {
        await delay(5_000);
        return HttpResponse.json({});
      }),
    );
    const { fetch, sent } = recordingFetch();
    const { client } = ctx.make({ storage, fetch });

    const ready = client.ready();
    await until(() => sent.some((r) => r.url.endsWith('/cart')));
    client.destroy();
    await settle();

    expect(sent.find((r) => r.url.endsWith('/cart'))!.signal?.aborted).toBe(true);
    expect(isCancelledError(await ready.catch((e: unknown) => e))).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('afterwards: mutations and reads reject with CancelledError and send nothing', async () => {
    const { fetch, sent } = recordingFetch();
    const { client } = ctx.make({ fetch });
    await client.ready();
    client.destroy();
    const before = sent.length;

    void client.add('TEE', 1);
    expect(isCancelledError(await client.add('MUG', 1).catch((e: unknown) => e))).toBe(true);
    expect(isCancelledError(await client.remove('MUG').catch((e: unknown) => e))).toBe(true);
    expect(isCancelledError(await client.refresh().catch((e: unknown) => e))).toBe(true);
    expect(isCancelledError(await client.listProducts().catch((e: unknown) => e))).toBe(true);
    await settle();

    expect(sent.length).toBe(before);
    expect(client.getSnapshot().pending).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
