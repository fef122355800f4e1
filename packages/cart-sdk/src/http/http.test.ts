import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isCartError, isNetworkError, isTimeoutError } from '../index.js';
import { API } from '../../test/support/fake-api.js';
import { useFakeApi } from '../../test/support/setup.js';

const ctx = useFakeApi();

/** Make the next `n` calls to `method path` fail with `reply`, then fall through to the fake API. */
function failFirst(n: number, method: 'post' | 'get', path: string, reply: () => Response) {
  let left = n;
  ctx.server.use(
    http[method](`${API}${path}`, () => {
      if (left-- > 0) return reply();
      return undefined;
    }),
  );
}

describe('retries', () => {
  it('retries a network error with the same Idempotency-Key, so the line is added once', async () => {
    const { client } = ctx.make();
    await client.ready();
    failFirst(1, 'post', '/cart/items', () => HttpResponse.error());

    const cart = await client.add('TEE', 2);

    const posts = ctx.api.requests.filter((r) => r.method === 'POST' && r.path === '/cart/items');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['idempotency-key']).toBeTruthy();
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    expect(cart.items).toMatchObject([{ sku: 'TEE', quantity: 2 }]);
  });

  it('a server that applied the first attempt but whose reply was lost still counts it once', async () => {
    const { client } = ctx.make();
    await client.ready();
    let first = true;
    ctx.server.use(
      http.post(`${API}/cart/items`, async ({ request }) => {
        if (!first) return undefined;
        first = false;
        // Apply it through the fake API, then lose the reply.
        const handler = ctx.api.handlers.find((h) => h.info.header === `POST ${API}/cart/items`)!;
        await handler.run({ request: request.clone(), requestId: 'x' });
        return HttpResponse.error();
      }),
    );

    const cart = await client.add('TEE', 1);

    expect(cart.items).toMatchObject([{ sku: 'TEE', quantity: 1 }]);
  });

  it('honours Retry-After on 429', async () => {
    const { client } = ctx.make();
    await client.ready();
    failFirst(1, 'post', '/cart/items', () =>
      HttpResponse.json(
        { type: 'about:blank', title: 'Slow down', status: 429, code: 'RATE_LIMITED' },
        { status: 429, headers: { 'retry-after': '1' } },
      ),
    );
    const started = Date.now();

    await client.add('TEE');

    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('retries 503 and succeeds', async () => {
    const { client } = ctx.make();
    failFirst(2, 'get', '/config', () => new HttpResponse(null, { status: 503 }));

    await client.ready();

    expect(ctx.api.requests.filter((r) => r.path === '/config')).toHaveLength(3);
  });

  it('never retries other 4xx; the error is typed with the problem', async () => {
    const { client } = ctx.make();
    await client.ready();

    const error = await client.add('CAP').catch((e: unknown) => e);

    expect(isCartError(error) && error.code).toBe('OUT_OF_STOCK');
    expect(isCartError(error) && error.status).toBe(422);
    expect(isCartError(error) && error.problem?.code).toBe('OUT_OF_STOCK');
    expect(ctx.api.requests.filter((r) => r.path === '/cart/items')).toHaveLength(1);
  });

  it('gives up after the retry limit with a NetworkError', async () => {
    const { client } = ctx.make({ retry: { limit: 1, delay: () => 1 } });
    ctx.server.use(http.get(`${API}/products`, () => HttpResponse.error()));

    const error = await client.listProducts().catch((e: unknown) => e);

    expect(isNetworkError(error)).toBe(true);
    expect(ctx.api.requests.filter((r) => r.path === '/products')).toHaveLength(2);
  });

  it('caps a long Retry-After at maxRetryAfter', async () => {
    const { client } = ctx.make({ retry: { maxRetryAfter: 20, delay: () => 5 } });
    failFirst(1, 'get', '/products', () =>
      HttpResponse.json(
        { type: 'about:blank', title: 'Unavailable', status: 503, code: 'UNAVAILABLE' },
        { status: 503, headers: { 'retry-after': '3600' } },
      ),
    );

    const page = await client.listProducts();

    expect(page.items.length).toBeGreaterThan(0);
    expect(ctx.api.requests.filter((r) => r.path === '/products')).toHaveLength(2);
  });

  it('a timeout raises TimeoutError and is not retried', async () => {
    const { client } = ctx.make({ timeout: 30 });
    ctx.server.use(
      http.get(`${API}/products`, async () => {
        await delay(500);
        return HttpResponse.json({ items: [], nextCursor: null });
      }),
    );

    const error = await client.listProducts().catch((e: unknown) => e);

    expect(isTimeoutError(error)).toBe(true);
    expect(ctx.api.requests.filter((r) => r.path === '/products')).toHaveLength(1);
  });

  it('sends JSON with its content type, and query parameters', async () => {
    const { client } = ctx.make();
    await client.ready();

    await client.add('TEE', 2);
    await client.listProducts({ limit: 5, cursor: 'abc' });

    const post = ctx.api.requests.find((r) => r.path === '/cart/items')!;
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.body).toEqual({ sku: 'TEE', quantity: 2 });
    expect(ctx.api.requests.some((r) => r.path === '/products?limit=5&cursor=abc')).toBe(true);
  });

  it('rejects quantities outside the limits before any request', async () => {
    const { client } = ctx.make();

    await expect(client.add('TEE', 100)).rejects.toMatchObject({ code: 'QUANTITY_LIMIT' });
    await expect(client.setQuantity('TEE', -1)).rejects.toMatchObject({ code: 'QUANTITY_LIMIT' });
    expect(ctx.api.requests).toHaveLength(0);
    expect(client.getSnapshot().cart).toBeNull();
  });
});
