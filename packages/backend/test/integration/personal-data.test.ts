import { randomUUID } from 'node:crypto';
import type { Order } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import type { StoredDelivery } from '../../src/adapters/webhook-store.js';
import { loadConfig } from '../../src/config.js';
import type { StoredOrder } from '../../src/domain/order.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { adminOrder } from '../../src/use-cases/admin-orders.js';
import { CartTokenSigner } from '../../src/adapters/cart-token.js';
import { CART_UNSUBSCRIBE_PURPOSE, cartRef, reminderToken } from '../../src/domain/cart-reminder.js';
import { call, createUser, eventually } from '../support/api.js';
import { checkoutBody, US_ADDRESS } from '../support/checkout.js';
import { readItem, stackEnv } from '../support/stack.js';

// Issue 16, "Personal data": GET /me/export returns everything stored about the signed-in shopper,
// and DELETE /me also erases their orders' personal fields, keeping numbers, lines and totals.

interface Export {
  exportedAt: string;
  account: { userId: string; email: string | null };
  carts: { version: number; lines: { sku: string; quantity: number }[]; checkedOutInto?: string }[];
  orders: Order[];
  cartReminder: {
    state: 'pending' | 'sent' | 'unsubscribed' | 'none';
    dueAt: string | null;
    sentAt: string | null;
    unsubscribedAt: string | null;
    cognitoUsername: string | null;
  } | null;
}

async function shopperWithOrder() {
  const user = await createUser();
  const token = user.accessToken;
  expect((await call('POST', '/cart/items', { token, body: { sku: 'STICKERS', quantity: 2 } })).status).toBe(200);
  const placed = await call<Order>('POST', '/cart/checkout', {
    token,
    body: await checkoutBody({ token }, US_ADDRESS, user.email),
  });
  expect(placed.status).toBe(202);
  await eventually(async () => {
    const order = await call<Order>('GET', `/orders/${placed.body.orderId}`, { token });
    return order.body.status === 'CONFIRMED' ? true : undefined;
  }, 15_000);
  // The worker takes the bought lines out of the cart just after CONFIRMED: wait for it, so the line added
  // next is the only one the cart holds (it failed 1 run in 3 CI runs when the add raced the clearing).
  await eventually(async () => {
    const cart = await call<{ items: { sku: string }[] }>('GET', '/cart', { token });
    return cart.body.items.length === 0 ? true : undefined;
  }, 15_000);
  expect((await call('POST', '/cart/items', { token, body: { sku: 'CABLE-USBC', quantity: 1 } })).status).toBe(200);
  return { user, token, orderId: placed.body.orderId, number: placed.body.number };
}

describe('GET /me/export', () => {
  it('returns the account, the cart and every order with its address, as a download', async () => {
    const { user, token, orderId } = await shopperWithOrder();

    const exported = await eventually(async () => {
      const response = await call<Export>('GET', '/me/export', { token });
      return response.body.orders?.length === 1 ? response : undefined;
    });

    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.headers.get('cache-control')).toBe('no-store');
    expect(exported.body.account).toEqual({ userId: expect.any(String), email: user.email });
    expect(exported.body.carts).toHaveLength(1);
    expect(exported.body.carts[0]?.lines).toEqual([expect.objectContaining({ sku: 'CABLE-USBC', quantity: 1 })]);
    expect(exported.body.orders[0]).toMatchObject({
      orderId,
      email: user.email,
      shippingAddress: US_ADDRESS,
      items: [expect.objectContaining({ sku: 'STICKERS', quantity: 2 })],
    });
  });

  it("lists the cart's abandoned-cart reminder record: its state, times and the Cognito username it holds", async () => {
    // The shared stack's shop opts in (data/shop.json, 24 hours): the account cart's first line arms it.
    const user = await createUser();
    const token = user.accessToken;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
      username: string;
    };
    const ownerKey = `user#${claims.sub}`;
    const exportOf = async () => (await call<Export>('GET', '/me/export', { token })).body.cartReminder;
    expect(await exportOf()).toBeNull();

    expect((await call('POST', '/cart/items', { token, body: { sku: 'STICKERS', quantity: 1 } })).status).toBe(200);
    const stored = (await readItem('Carts', { pk: `remind#${ownerKey}` })) as Record<string, unknown>;
    expect(stored).toMatchObject({ remind: '1', remindUser: claims.username });
    expect(await exportOf()).toEqual({
      state: 'pending',
      dueAt: stored.remindAt,
      sentAt: null,
      unsubscribedAt: null,
      cognitoUsername: claims.username,
    });

    // The sweep's claim (the send's first write, on the same store): sent, the username gone with it.
    const deps = await createDeps(loadConfig(process.env));
    const sentAt = new Date().toISOString();
    expect(await deps.cartReminders.claim(ownerKey, String(stored.remindAt), sentAt)).toBe(true);
    expect(await exportOf()).toEqual({
      state: 'sent',
      dueAt: null,
      sentAt,
      unsubscribedAt: null,
      cognitoUsername: null,
    });

    const ref = cartRef(ownerKey);
    const signer = new CartTokenSigner(stackEnv().cartTokenSecret);
    const link = reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref);
    expect((await call('POST', '/cart/reminders/unsubscribe', { body: { cart: ref, token: link } })).status).toBe(204);
    const off = await exportOf();
    expect(off).toEqual({
      state: 'unsubscribed',
      dueAt: null,
      sentAt,
      unsubscribedAt: expect.any(String),
      cognitoUsername: null,
    });
    expect(off?.unsubscribedAt).toBe((await readItem('Carts', { pk: `remind#${ownerKey}` }))?.remindOff);
  });

  it('is for signed-in shoppers only (401 without a token or with a cart token)', async () => {
    expect((await call('GET', '/me/export')).status).toBe(401);
  });
});

describe('DELETE /me and orders', () => {
  it('erases the orders\u2019 email and address, keeping number, lines, totals and the tax country', async () => {
    const { token, orderId, number } = await shopperWithOrder();
    await eventually(async () => {
      const response = await call<Export>('GET', '/me/export', { token });
      return response.body.orders?.length === 1 ? true : undefined;
    });
    const before = (await readItem('Orders', { orderId })) as Record<string, unknown>;

    expect((await call('DELETE', '/me', { token })).status).toBe(204);
    const after = (await readItem('Orders', { orderId })) as Record<string, unknown>;

    expect(before.emailKey).toEqual(expect.any(String));
    expect(after.email).toBeUndefined();
    expect(after.emailKey).toBeUndefined();
    expect(after.shippingAddress).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain(US_ADDRESS.line1);
    expect(JSON.stringify(after)).not.toContain(US_ADDRESS.name);
    expect(after).toMatchObject({
      number,
      items: before.items,
      totals: before.totals,
      status: 'CONFIRMED',
      shippingCountry: 'US',
      shippingRegion: 'CA',
    });
    expect(after.ownerKey).toBe(`erased#${orderId}`);
    expect(after.anonymisedAt).toEqual(expect.any(String));
  });
});

describe('DELETE /me and the merchant webhook log', () => {
  it("erases the shopper's email and address from the payloads of their orders' deliveries, and only those", async () => {
    const { token, orderId } = await shopperWithOrder();
    const deps = await createDeps(loadConfig(process.env));
    const order = (await deps.orders.get(orderId)) as StoredOrder;
    // Delivery rows as the stream processor writes them (order events carry the order id), kept 30 days.
    const delivery = (id: string, type: StoredDelivery['type'], data: unknown, about?: string): StoredDelivery => ({
      id,
      endpointId: 'ep_personal-data-test',
      url: 'https://merchant.example/hooks',
      type,
      status: 'delivered',
      attempts: 1,
      createdAt: new Date().toISOString(),
      replays: 0,
      payload: JSON.stringify({ type, timestamp: new Date().toISOString(), data }),
      ...(about === undefined ? {} : { orderId: about }),
    });
    const run = randomUUID().replaceAll('-', '').slice(0, 16);
    const paid = delivery(`msg_paid${run}`, 'order.paid', { order: adminOrder(order) }, orderId);
    const fulfilled = delivery(`msg_fulf${run}`, 'order.fulfilled', { order: adminOrder(order) }, orderId);
    const someoneElse = delivery(
      `msg_else${run}`,
      'order.paid',
      { order: { ...adminOrder(order), orderId: 'other', email: 'someone@example.com' } },
      `other-${run}`,
    );
    const lowStock = delivery(`msg_stck${run}`, 'product.low_stock', { product: { sku: 'STICKERS', stock: 1 } });
    for (const row of [paid, fulfilled, someoneElse, lowStock])
      expect(await deps.webhooks.createDelivery(row)).toBe(true);
    expect(paid.payload).toContain(US_ADDRESS.line1);

    expect((await call('DELETE', '/me', { token })).status).toBe(204);
    const [paidAfter, fulfilledAfter, elseAfter, stockAfter] = await Promise.all(
      [paid, fulfilled, someoneElse, lowStock].map((row) => deps.webhooks.delivery(row.id)),
    );

    for (const erased of [paidAfter, fulfilledAfter]) {
      const text = erased?.payload ?? '';
      expect(text).not.toContain(order.email ?? 'no email?');
      expect(text).not.toContain(US_ADDRESS.line1);
      expect(text).not.toContain(US_ADDRESS.name);
      expect(text).not.toContain(US_ADDRESS.postalCode ?? 'no postcode?');
      const body = JSON.parse(text) as { type: string; data: { order: Record<string, unknown> } };
      expect(body.data.order).toMatchObject({
        orderId,
        number: order.number,
        totals: order.totals,
        shippingCountry: 'US',
        shippingRegion: 'CA',
        anonymised: true,
      });
      expect(erased?.erasedAt).toEqual(expect.any(String));
      expect(erased?.status).toBe('delivered');
    }
    expect(elseAfter?.payload).toBe(someoneElse.payload);
    expect(stockAfter?.payload).toBe(lowStock.payload);
  });
});
