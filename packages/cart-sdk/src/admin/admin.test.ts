import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AdminClientOptions, createAdminClient, isAuthError, isCartError, isNetworkError } from './index.js';

const API = 'https://admin.test/api';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json({ type: 'about:blank', title: code, status, code, ...extra }, { status });

function make(overrides: Partial<AdminClientOptions> = {}) {
  return createAdminClient({
    apiUrl: API,
    getAccessToken: async () => 'token-1',
    retry: { delay: () => 5, limit: 2 },
    ...overrides,
  });
}

const product = { sku: 'TEE', name: 'Tee', description: '', images: [], unitPrice: 1000, currency: 'EUR', stock: 3 };

describe('admin client', () => {
  it('sends the access token as a Bearer and tells a created product from a replaced one', async () => {
    const seen: { auth: string | null; method: string; body: unknown }[] = [];
    let exists = false;
    server.use(
      http.put(`${API}/admin/products/:sku`, async ({ request, params }) => {
        seen.push({ auth: request.headers.get('authorization'), method: request.method, body: await request.json() });
        const status = exists ? 200 : 201;
        exists = true;
        return HttpResponse.json({ ...product, sku: params.sku }, { status });
      }),
    );
    const admin = make();
    const first = await admin.products.put('TEE', { name: 'Tee', unitPrice: 1000 });
    const second = await admin.products.put('TEE', { name: 'Tee', unitPrice: 1000 });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(seen[0]).toEqual({ auth: 'Bearer token-1', method: 'PUT', body: { name: 'Tee', unitPrice: 1000 } });
  });

  it('sends PATCH in upper case and encodes path segments', async () => {
    let url = '';
    let method = '';
    server.use(
      http.all(`${API}/admin/products/*`, ({ request }) => {
        url = request.url;
        method = request.method;
        return HttpResponse.json(product);
      }),
    );
    await make().products.patch('A/B C', { visibility: 'active' });
    expect(method).toBe('PATCH');
    expect(url).toBe(`${API}/admin/products/A%2FB%20C`);
  });

  it('passes list filters as the query, leaving out what is not given', async () => {
    let search = '';
    server.use(
      http.get(`${API}/admin/orders`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ items: [] });
      }),
    );
    await make().orders.list({ status: 'CONFIRMED', limit: 5 });
    expect(search).toBe('?status=CONFIRMED&limit=5');
    await make().orders.list();
    expect(search).toBe('');
  });

  it('exports the whole CSV page by page, with the filters, one header record, and a retried 503 in between', async () => {
    const header = 'number,order_id\r\n';
    const pages: Record<string, { body: string; next?: string }> = {
      '': { body: `${header}CK-1,o1\r\n"CK-2","a\r\nb"\r\n`, next: 'c2' },
      c2: { body: header, next: 'c3' },
      c3: { body: `${header}CK-3,o3\r\n` },
    };
    const asked: string[] = [];
    let failedOnce = false;
    server.use(
      http.get(`${API}/admin/orders/export`, ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.search);
        const cursor = url.searchParams.get('cursor') ?? '';
        if (cursor === 'c3' && !failedOnce) {
          failedOnce = true;
          return problem(503, 'UNAVAILABLE');
        }
        const page = pages[cursor];
        return new HttpResponse(page?.body, {
          headers: { 'content-type': 'text/csv; charset=utf-8', ...(page?.next ? { 'x-next-cursor': page.next } : {}) },
        });
      }),
    );
    const progress: number[] = [];

    const csv = await make().orders.exportCsv(
      { email: 'ada@example.com', status: 'PAID' },
      { pageSize: 2, onPage: (n) => progress.push(n) },
    );

    expect(csv).toBe(`${header}CK-1,o1\r\n"CK-2","a\r\nb"\r\nCK-3,o3\r\n`);
    expect(asked).toEqual([
      '?email=ada%40example.com&status=PAID&limit=2',
      '?email=ada%40example.com&status=PAID&limit=2&cursor=c2',
      '?email=ada%40example.com&status=PAID&limit=2&cursor=c3',
      '?email=ada%40example.com&status=PAID&limit=2&cursor=c3',
    ]);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('an export refused by the server is a typed error (the problem is read as ever)', async () => {
    server.use(
      http.get(`${API}/admin/orders/export`, () => problem(400, 'VALIDATION_FAILED', { errors: { email: 'bad' } })),
    );
    const error = await make()
      .orders.exportPage({ email: 'x' })
      .catch((e: unknown) => e);
    expect(isCartError(error) && error.code).toBe('VALIDATION_FAILED');
  });

  it('a shopper token gets a typed 403 FORBIDDEN, asked once (no renewal, no retry)', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/admin/discounts`, () => {
        calls++;
        return problem(403, 'FORBIDDEN');
      }),
    );
    const error = await make()
      .discounts.list()
      .catch((e: unknown) => e);
    expect(isCartError(error) && error.code).toBe('FORBIDDEN');
    expect(isCartError(error) && error.status).toBe(403);
    expect(calls).toBe(1);
  });

  it('after a 401 asks for the token again and retries once with the new one', async () => {
    const tokens = ['expired', 'fresh'];
    const sent: (string | null)[] = [];
    server.use(
      http.get(`${API}/admin/webhooks`, ({ request }) => {
        sent.push(request.headers.get('authorization'));
        if (request.headers.get('authorization') === 'Bearer expired') return problem(401, 'UNAUTHORIZED');
        return HttpResponse.json({ endpoints: [] });
      }),
    );
    const admin = make({ getAccessToken: async () => tokens.shift() ?? 'fresh' });
    await expect(admin.webhooks.list()).resolves.toEqual({ endpoints: [] });
    expect(sent).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('signed out: an AuthError before any request is sent', async () => {
    let calls = 0;
    server.use(
      http.all(`${API}/*`, () => {
        calls++;
        return HttpResponse.json({});
      }),
    );
    const error = await make({ getAccessToken: async () => null })
      .products.list()
      .catch((e: unknown) => e);
    expect(isAuthError(error)).toBe(true);
    expect(calls).toBe(0);
  });

  it('a stock decrement beyond what is left is CATALOG_CONFLICT with the stock in the problem', async () => {
    server.use(
      http.post(`${API}/admin/products/TEE/stock`, async ({ request }) => {
        const { delta } = (await request.json()) as { delta: number };
        if (delta < -3) return problem(409, 'CATALOG_CONFLICT', { stock: 3 });
        return HttpResponse.json({ sku: 'TEE', stock: 3 + delta });
      }),
    );
    const admin = make();
    await expect(admin.products.adjustStock('TEE', -2)).resolves.toEqual({ sku: 'TEE', stock: 1 });
    const error = await admin.products.adjustStock('TEE', -5).catch((e: unknown) => e);
    expect(isCartError(error) && error.code).toBe('CATALOG_CONFLICT');
    expect(isCartError(error) && (error.problem as { stock?: number } | undefined)?.stock).toBe(3);
  });

  it('a refused fulfil is ORDER_STATE_CONFLICT; a refund sends its Idempotency-Key on every attempt', async () => {
    const keys: (string | null)[] = [];
    let failures = 1;
    server.use(
      http.post(`${API}/admin/orders/o-1/fulfil`, () =>
        problem(409, 'ORDER_STATE_CONFLICT', { orderStatus: 'EXPIRED', detail: 'the order expired' }),
      ),
      http.post(`${API}/admin/orders/o-1/refund`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (failures-- > 0) return problem(503, 'UNAVAILABLE');
        return HttpResponse.json({ orderId: 'o-1', status: 'REFUNDED' });
      }),
    );
    const admin = make();
    const error = await admin.orders.fulfil('o-1', { trackingNumber: 'T1' }).catch((e: unknown) => e);
    expect(isCartError(error) && error.code).toBe('ORDER_STATE_CONFLICT');
    expect(isCartError(error) && error.status).toBe(409);
    await expect(admin.orders.refund('o-1', { amount: 500 }, { idempotencyKey: 'k-1' })).resolves.toMatchObject({
      status: 'REFUNDED',
    });
    expect(keys).toEqual(['k-1', 'k-1']);
  });

  it('a validation error keeps the field errors; an unknown delivery is NOT_FOUND; a network error is typed', async () => {
    server.use(
      http.put(`${API}/admin/discounts/SAVE10`, () =>
        problem(400, 'VALIDATION_FAILED', { errors: [{ path: 'value.percentOff', message: 'whole percent 1-100' }] }),
      ),
      http.post(`${API}/admin/webhooks/deliveries/nope/replay`, () => problem(404, 'NOT_FOUND')),
      http.get(`${API}/admin/webhooks/deliveries`, () => HttpResponse.error()),
    );
    const admin = make();
    const bad = await admin.discounts
      .put('SAVE10', { value: { type: 'percentage', percentOff: 1000 } })
      .catch((e: unknown) => e);
    expect(isCartError(bad) && bad.code).toBe('VALIDATION_FAILED');
    expect(isCartError(bad) && (bad.problem as { errors?: unknown[] } | undefined)?.errors).toHaveLength(1);
    const missing = await admin.webhooks.replay('nope').catch((e: unknown) => e);
    expect(isCartError(missing) && missing.code).toBe('NOT_FOUND');
    const down = await admin.webhooks.deliveries().catch((e: unknown) => e);
    expect(isNetworkError(down)).toBe(true);
  });

  it('a DELETE answering 204 resolves with nothing', async () => {
    server.use(http.delete(`${API}/admin/products/OLD`, () => new HttpResponse(null, { status: 204 })));
    await expect(make().products.delete('OLD')).resolves.toBeUndefined();
  });

  it('refuses options without apiUrl or getAccessToken', () => {
    expect(() => createAdminClient({ apiUrl: '', getAccessToken: async () => null })).toThrow(/apiUrl/);
    expect(() => createAdminClient({ apiUrl: API } as AdminClientOptions)).toThrow(/getAccessToken/);
  });
});
