import { randomUUID } from 'node:crypto';
import { type AdminOrderPage, ORDER_CSV_COLUMNS, type Order, type Problem } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/catalog-file/format.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { anonymousToken, call, createAdmin, createUser, eventually, type TestUser } from '../support/api.js';
import { checkoutBody } from '../support/checkout.js';

// Issue 16, "search by order number or email" and "CSV export", through the real gateway against
// DynamoDB Local: the number through its claim row, the email through the `byEmail` index (keys
// only) and a consistent read of the orders, both alongside the status and date filters and paging.

let admin: TestUser;
let shopper: TestUser;
const run = randomUUID().slice(0, 8);
/** Typed the way a shopper might: the search must find it in any case. */
const emailA = `Search-${run}@Example.com`;
/** A real address a spreadsheet would read as a formula. */
const emailB = `+formula-${run}@example.com`;
let startedAt: string;
let orderA1: Order;
let orderA2: Order;
let orderB: Order;

async function buy(email: string): Promise<Order> {
  const cartToken = await anonymousToken();
  expect((await call('POST', '/cart/items', { cartToken, body: { sku: 'GIFT-CARD-25', quantity: 2 } })).status).toBe(
    200,
  );
  const placed = await call<Order>('POST', '/cart/checkout', {
    cartToken,
    body: await checkoutBody({ cartToken }, undefined, email),
  });
  expect(placed.status).toBe(202);
  return eventually(async () => {
    const { body } = await call<Order>('GET', `/orders/${placed.body.orderId}`, { cartToken });
    return body.status === 'CONFIRMED' ? body : undefined;
  }, 15_000);
}

const auth = () => ({ token: admin.accessToken });
const list = (query: string) => call<AdminOrderPage>('GET', `/admin/orders?${query}`, auth());
const ids = (page: { body: AdminOrderPage }) => page.body.items.map((item) => item.orderId);

/** Every order of a query, following `nextCursor` (a page may be short, even empty, and still have one). */
async function all(query: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const answer = await list(`${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status).toBe(200);
    found.push(...ids(answer));
    cursor = answer.body.nextCursor;
    if (cursor === undefined) return found;
  }
  throw new Error('more than 200 pages');
}

beforeAll(async () => {
  [admin, shopper] = await Promise.all([createAdmin(), createUser()]);
  startedAt = new Date(Date.now() - 1_000).toISOString();
  orderA1 = await buy(emailA);
  orderA2 = await buy(emailA);
  orderB = await buy(emailB);
}, 60_000);

describe('GET /admin/orders: search', () => {
  it('finds an order by its number in any case, and nothing for an unknown number or another status', async () => {
    const found = await list(`number=${orderA1.number?.toLowerCase()}`);
    const unknown = await list('number=CK-ZZZZ-ZZZZ');
    const otherStatus = await list(`number=${orderA1.number}&status=FAILED`);

    expect(found.status).toBe(200);
    expect(found.body).toEqual({ items: [expect.objectContaining({ orderId: orderA1.orderId, email: emailA })] });
    expect(unknown.body).toEqual({ items: [] });
    expect(otherStatus.body).toEqual({ items: [] });
  });

  it('finds every order of an email, newest first, whatever its case, and only those', async () => {
    const found = await eventually(async () => {
      const page = await list(`email=${encodeURIComponent(`  ${emailA.toUpperCase()} `)}`);
      return page.body.items.length === 2 ? page : undefined;
    });
    const other = await eventually(async () => {
      const page = await list(`email=${encodeURIComponent(emailB)}`);
      return page.body.items.length === 1 ? page : undefined;
    });

    expect(ids(found)).toEqual([orderA2.orderId, orderA1.orderId]);
    expect(ids(other)).toEqual([orderB.orderId]);
  });

  it('combines the email with status, dates and paging', async () => {
    const email = `email=${encodeURIComponent(emailA)}`;

    const confirmed = await list(`${email}&status=CONFIRMED`);
    const failed = await list(`${email}&status=FAILED`);
    const before = await list(`${email}&to=${encodeURIComponent(startedAt)}`);
    const first = await list(`${email}&limit=1`);
    const second = await list(`${email}&limit=1&cursor=${first.body.nextCursor}`);

    expect(ids(confirmed)).toEqual([orderA2.orderId, orderA1.orderId]);
    expect(ids(failed)).toEqual([]);
    expect(ids(before)).toEqual([]);
    expect(ids(first)).toEqual([orderA2.orderId]);
    expect(ids(second)).toEqual([orderA1.orderId]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('filters by date with and without a status, following cursors through the whole range', async () => {
    const from = `from=${encodeURIComponent(startedAt)}`;
    const mine = [orderA1.orderId, orderA2.orderId, orderB.orderId];

    const byStatus = await all(`status=CONFIRMED&${from}`);
    const everyStatus = await all(from);
    const earlier = await all(`status=CONFIRMED&to=${encodeURIComponent(startedAt)}`);

    expect(byStatus).toEqual(expect.arrayContaining(mine));
    expect(everyStatus).toEqual(expect.arrayContaining(mine));
    for (const id of earlier) expect(mine).not.toContain(id);
  });

  it("refuses bad or conflicting filters with 400 naming them, and another filter's cursor", async () => {
    const first = await list(`email=${encodeURIComponent(emailA)}&limit=1`);

    const both = await call<Problem & { errors?: Record<string, string> }>(
      'GET',
      `/admin/orders?number=${orderA1.number}&email=${encodeURIComponent(emailA)}`,
      auth(),
    );
    const backwards = await list('from=2026-12-02&to=2026-12-01');
    const badEmail = await list('email=nobody');
    const foreignCursor = await list(`status=CONFIRMED&cursor=${first.body.nextCursor}`);

    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('search by number or by email, not both');
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('to must come after from');
    expect(badEmail.status).toBe(400);
    expect(foreignCursor.status).toBe(400);
  });
});

describe('GET /admin/orders/export', () => {
  it('pages the CSV through X-Next-Cursor: a header and one record per order, totals in minor units and formatted', async () => {
    const query = `email=${encodeURIComponent(emailA)}&limit=1`;

    const first = await call<string>('GET', `/admin/orders/export?${query}`, auth());
    const cursor = first.headers.get('x-next-cursor');
    const second = await call<string>('GET', `/admin/orders/export?${query}&cursor=${cursor}`, auth());

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(first.headers.get('content-disposition')).toBe('attachment; filename="orders.csv"');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(cursor).toEqual(expect.any(String));
    expect(second.headers.get('x-next-cursor')).toBeNull();
    const pages = [parseCsv(first.body), parseCsv(second.body)];
    for (const page of pages) expect(page[0]?.fields).toEqual([...ORDER_CSV_COLUMNS]);
    const rows = pages
      .flatMap((page) => page.slice(1))
      .map((row) => Object.fromEntries(ORDER_CSV_COLUMNS.map((column, i) => [column, row.fields[i]])));
    expect(rows.map((row) => row.order_id)).toEqual([orderA2.orderId, orderA1.orderId]);
    const total = orderA1.totals?.total ?? 0;
    expect(rows[1]).toMatchObject({
      number: orderA1.number,
      status: 'CONFIRMED',
      email: emailA,
      currency: 'USD',
      subtotal: '5000',
      total: String(total),
      total_formatted: `$${(total / 100).toFixed(2)}`,
      lines: '1',
      units: '2',
      created_at: orderA1.createdAt,
    });
  });

  it('writes an email a spreadsheet would run as a formula as text', async () => {
    const page = await eventually(async () => {
      const answer = await call<string>('GET', `/admin/orders/export?email=${encodeURIComponent(emailB)}`, auth());
      return parseCsv(answer.body).length === 2 ? answer : undefined;
    });

    const row = parseCsv(page.body)[1]?.fields ?? [];

    expect(row[ORDER_CSV_COLUMNS.indexOf('email')]).toBe(`'${emailB}`);
    expect(page.body).not.toMatch(/(^|,)\+formula/m);
  });

  it('is for admins only (401 without a token, 403 for a shopper) and refuses bad filters with 400', async () => {
    expect((await call('GET', '/admin/orders/export')).status).toBe(401);
    expect((await call('GET', '/admin/orders/export', { token: shopper.accessToken })).status).toBe(403);
    expect((await call('GET', '/admin/orders/export?limit=1001', auth())).status).toBe(400);
    expect((await call('GET', '/admin/orders/export?status=SHIPPED', auth())).status).toBe(400);
  });
});

describe('search after DELETE /me erased an order', () => {
  it('no longer finds the order by its email, still by its number, with the email gone', async () => {
    const deps = await createDeps(loadConfig(process.env));
    await deps.orders.anonymise(orderA1.orderId, Date.now());

    const byEmail = await eventually(async () => {
      const page = await list(`email=${encodeURIComponent(emailA)}`);
      return page.body.items.length === 1 ? page : undefined;
    });
    const byNumber = await list(`number=${orderA1.number}`);

    expect(ids(byEmail)).toEqual([orderA2.orderId]);
    expect(ids(byNumber)).toEqual([orderA1.orderId]);
    expect(byNumber.body.items[0]?.email).toBeUndefined();
  });
});
