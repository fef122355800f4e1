import type { AdminOrder, AdminOrderPage, Discount, DiscountList, Order, Problem } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousToken, call, createAdmin, createUser, eventually, type TestUser } from '../support/api.js';
import { checkoutBody } from '../support/checkout.js';
import { openSocket } from '../support/socket.js';

// Issue 16, "Discount codes" and "Orders" through the real gateway, as the admin (Cognito group
// `admin`) and as a shopper: PUT/GET/list/DELETE discount codes, the order list by status, fulfil
// (the shopper sees FULFILLED on GET /orders/{id} and over the socket) and refusals with 409.

let admin: TestUser;
let shopper: TestUser;

beforeAll(async () => {
  [admin, shopper] = await Promise.all([createAdmin(), createUser()]);
});

const code = () => `ADM${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`;

describe('/admin/discounts', () => {
  it('creates (201), reads in any case, lists, replaces (200, usage kept) and deletes (204, then 404) a code', async () => {
    const name = code();
    const auth = { token: admin.accessToken };

    const created = await call<Discount>('PUT', `/admin/discounts/${name.toLowerCase()}`, {
      ...auth,
      body: {
        value: { type: 'percentage', percentOff: 15 },
        usageLimit: 100,
        perCustomerLimit: 1,
        minimumSubtotal: 2_000,
      },
    });
    const read = await call<Discount>('GET', `/admin/discounts/${name}`, auth);
    const list = await call<DiscountList>('GET', '/admin/discounts', auth);
    const replaced = await call<Discount>('PUT', `/admin/discounts/${name}`, {
      ...auth,
      body: { value: { type: 'fixed', amountOff: 500 }, skus: ['GIFT-CARD-25'] },
    });
    const removed = await call('DELETE', `/admin/discounts/${name}`, auth);
    const gone = await call<Problem>('GET', `/admin/discounts/${name}`, auth);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: name, value: { type: 'percentage', percentOff: 15 }, used: 0 });
    expect(read.body).toEqual(created.body);
    expect(list.body.items.map((item) => item.code)).toContain(name);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      code: name,
      value: { type: 'fixed', amountOff: 500 },
      skus: ['GIFT-CARD-25'],
    });
    expect(replaced.body.usageLimit).toBeUndefined();
    expect(replaced.body.createdAt).toBe(created.body.createdAt);
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('refuses a bad definition with 400 naming the field, creating nothing', async () => {
    const name = code();
    const bad = [
      { value: { type: 'percentage', percentOff: 150 } },
      { value: { type: 'fixed', amountOff: 9.99 } },
      { value: { type: 'fixed', amountOff: 100 }, startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' },
      { value: { type: 'fixed', amountOff: 100 }, usageLimit: 0 },
      { value: { type: 'bogo' } },
    ];
    for (const body of bad) {
      const response = await call<Problem>('PUT', `/admin/discounts/${name}`, { token: admin.accessToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await call('PUT', '/admin/discounts/no%20spaces', { token: admin.accessToken, body: bad[0] })).status).toBe(
      400,
    );
    expect((await call('GET', `/admin/discounts/${name}`, { token: admin.accessToken })).status).toBe(404);
  });

  it('is for admins only: 401 without a token, 403 for a shopper', async () => {
    const body = { value: { type: 'fixed', amountOff: 100 } };
    expect((await call('PUT', `/admin/discounts/${code()}`, { body })).status).toBe(401);
    expect((await call('PUT', `/admin/discounts/${code()}`, { token: shopper.accessToken, body })).status).toBe(403);
    expect((await call('GET', '/admin/orders', { token: shopper.accessToken })).status).toBe(403);
  });
});

describe('/admin/orders', () => {
  it('lists a confirmed order by status, fulfils it with tracking; the shopper sees FULFILLED, also over the socket', async () => {
    const cartToken = await anonymousToken();
    expect((await call('POST', '/cart/items', { cartToken, body: { sku: 'GIFT-CARD-25', quantity: 1 } })).status).toBe(
      200,
    );
    const socket = await openSocket({ cartToken });
    const placed = await call<Order>('POST', '/cart/checkout', { cartToken, body: await checkoutBody({ cartToken }) });
    expect(placed.status).toBe(202);
    const orderId = placed.body.orderId;
    await eventually(async () => {
      const order = await call<Order>('GET', `/orders/${orderId}`, { cartToken });
      return order.body.status === 'CONFIRMED' ? true : undefined;
    }, 15_000);

    const listed = await eventually(async () => {
      const page = await call<AdminOrderPage>('GET', '/admin/orders?status=CONFIRMED&limit=100', {
        token: admin.accessToken,
      });
      return page.body.items.find((item) => item.orderId === orderId);
    });
    const fulfilled = await call<AdminOrder>('POST', `/admin/orders/${orderId}/fulfil`, {
      token: admin.accessToken,
      body: { trackingNumber: '1Z999AA10123456784', carrier: 'UPS' },
    });
    const again = await call<AdminOrder>('POST', `/admin/orders/${orderId}/fulfil`, {
      token: admin.accessToken,
      body: { trackingNumber: '1Z999AA10123456784', carrier: 'UPS' },
    });
    const seen = await call<Order>('GET', `/orders/${orderId}`, { cartToken });
    const pushed = await socket.waitFor((m) => m.type === 'order.updated' && m.order.status === 'FULFILLED', 10_000);
    await socket.close();

    expect(listed).toMatchObject({ status: 'CONFIRMED', ownerKind: 'anonymous', refunds: [] });
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.body).toMatchObject({
      status: 'FULFILLED',
      fulfilment: { trackingNumber: '1Z999AA10123456784', carrier: 'UPS' },
    });
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(fulfilled.body.updatedAt);
    expect(seen.body).toMatchObject({ status: 'FULFILLED', fulfilment: { trackingNumber: '1Z999AA10123456784' } });
    expect(pushed.type === 'order.updated' && pushed.order.fulfilment?.carrier).toBe('UPS');

    // A refund of an order not paid online is refused with a reason, and changes nothing.
    const refund = await call<Problem>('POST', `/admin/orders/${orderId}/refund`, { token: admin.accessToken });
    expect(refund.status).toBe(409);
    expect(refund.body.code).toBe('ORDER_STATE_CONFLICT');
    expect(refund.body.detail).toContain('was not paid online');
    const detail = await call<AdminOrder>('GET', `/admin/orders/${orderId}`, { token: admin.accessToken });
    expect(detail.body).toMatchObject({ status: 'FULFILLED', orderId });
  });

  it('answers 404 for an unknown order, 400 for a bad status filter or cursor', async () => {
    const auth = { token: admin.accessToken };
    expect((await call('GET', '/admin/orders/nope', auth)).status).toBe(404);
    expect((await call('POST', `/admin/orders/${'0'.repeat(10)}-${'A'.repeat(22)}/fulfil`, auth)).status).toBe(404);
    expect((await call<Problem>('GET', '/admin/orders?status=SHIPPED', auth)).status).toBe(400);
    expect((await call<Problem>('GET', '/admin/orders?cursor=bm9wZQ', auth)).status).toBe(400);
    expect((await call<Problem>('POST', `/admin/orders/x/fulfil`, { ...auth, body: { tracking: 1 } })).status).toBe(
      400,
    );
  });

  it('pages through every order without a filter', async () => {
    const first = await call<AdminOrderPage>('GET', '/admin/orders?limit=2', { token: admin.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeLessThanOrEqual(2);
    if (first.body.nextCursor) {
      const next = await call<AdminOrderPage>('GET', `/admin/orders?limit=2&cursor=${first.body.nextCursor}`, {
        token: admin.accessToken,
      });
      expect(next.status).toBe(200);
      const ids = new Set(first.body.items.map((item) => item.orderId));
      for (const item of next.body.items) expect(ids.has(item.orderId)).toBe(false);
    }
  });
});
