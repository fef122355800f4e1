import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Cart, CheckoutRequest, Order, OrderPage, Problem, Quote } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { anonymousToken, call, createUser, eventually, getCart } from '../support/api.js';
import { checkoutBody, quoteFor, US_ADDRESS } from '../support/checkout.js';
import { readItem, stackEnv } from '../support/stack.js';

// The checkout API of issue 14 through the real local gateway: POST /checkout/quote,
// guest POST /cart/checkout with address, shipping and the confirmed total, and the
// orders it places (GET /orders, GET /orders/{id} by owner, cart token or access token).

let documents: DynamoDBDocumentClient;
let productsTable: string;

beforeAll(() => {
  const { env } = stackEnv();
  productsTable = env.PRODUCTS_TABLE ?? '';
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? '')));
});

/** A seeded product's stock now (other tests may reserve some). */
async function stockOf(sku: string): Promise<number> {
  return Number((await readItem('Products', { sku }))?.stock);
}

async function setPrice(sku: string, unitPrice: number): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: productsTable,
      Key: { sku },
      UpdateExpression: 'SET unitPrice = :p',
      ExpressionAttributeValues: { ':p': unitPrice },
    }),
  );
}

async function guestWith(lines: Record<string, number>): Promise<string> {
  const cartToken = await anonymousToken();
  for (const [sku, quantity] of Object.entries(lines)) {
    const added = await call('POST', '/cart/items', { cartToken, body: { sku, quantity } });
    expect(added.status).toBe(200);
  }
  return cartToken;
}

async function settledOrder(auth: { token?: string; cartToken?: string }, orderId: string): Promise<Order> {
  return eventually(async () => {
    const response = await call<Order>('GET', `/orders/${orderId}`, auth);
    return response.status === 200 && response.body.status !== 'PENDING' ? response.body : undefined;
  }, 15_000);
}

describe('POST /checkout/quote', () => {
  it('quotes a guest cart to an address: shipping options, tax and total from the catalog and data/shop.json', async () => {
    const cartToken = await guestWith({ 'BOTTLE-STEEL': 2, 'NOTEBOOK-A5': 1 });
    const before = await getCart({ cartToken });

    const response = await call<Quote>('POST', '/checkout/quote', { cartToken, body: { shippingAddress: US_ADDRESS } });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // 8400 subtotal reaches us-standard's free threshold (5000); California 7.25 % per line: 493 + 116.
    expect(response.body).toMatchObject({
      subtotal: 8400,
      discount: 0,
      shipping: 0,
      tax: 609,
      taxIncluded: false,
      total: 9009,
      currency: 'USD',
      shippingOptionId: 'us-standard',
      shippingOptions: [
        { id: 'us-standard', label: 'Standard (3-5 business days)', amount: 0 },
        { id: 'us-express', label: 'Express (1-2 business days)', amount: 1500 },
      ],
      problems: [],
    });
    expect(response.body.items.map((item) => [item.sku, item.quantity, item.lineTotal])).toEqual([
      ['BOTTLE-STEEL', 2, 6800],
      ['NOTEBOOK-A5', 1, 1600],
    ]);
    // Image URLs resolved like the cart's: absolute, on the origin the request came to.
    expect(response.body.items.map((item) => item.image)).toEqual(before.items.map((item) => item.image));
    expect(response.body.items.every((item) => /^http:\/\//.test(item.image))).toBe(true);
    expect((await getCart({ cartToken })).version).toBe(before.version);

    const express = await quoteFor({ cartToken }, { ...US_ADDRESS, country: 'GB', region: '' }, 'eu-express');
    // Great Britain: prices include 20 % VAT, nothing is added; express 3500 is charged.
    expect(express).toMatchObject({
      shipping: 3500,
      taxIncluded: true,
      total: 8400 + 3500,
      shippingOptionId: 'eu-express',
    });
  });

  it('answers problems as part of the quote: a country not shipped to, a missing region, a line past the stock', async () => {
    const stock = await stockOf('HEADPHONES');
    const cartToken = await guestWith({ HEADPHONES: stock + 1 });

    const france = await quoteFor({ cartToken }, { ...US_ADDRESS, country: 'FR', region: '' });
    const noRegion = await quoteFor({ cartToken }, { ...US_ADDRESS, region: '' });

    expect(france.problems.map((p) => p.code)).toEqual(['OVER_STOCK', 'COUNTRY_NOT_SHIPPED']);
    expect(france.shippingOptions).toEqual([]);
    expect(noRegion.problems).toContainEqual(
      expect.objectContaining({ code: 'OVER_STOCK', sku: 'HEADPHONES', quantity: stock + 1, stock }),
    );
    expect(noRegion.problems).toContainEqual(expect.objectContaining({ code: 'REGION_REQUIRED', country: 'US' }));
  });

  it('refuses a bad body with 400 and the field, and a caller without credentials with 401', async () => {
    const cartToken = await guestWith({ 'MUG-STONE': 1 });

    const bad = await call<Problem>('POST', '/checkout/quote', {
      cartToken,
      body: { shippingAddress: { ...US_ADDRESS, postalCode: '' } },
    });
    const anonymous = await call<Problem>('POST', '/checkout/quote', { body: { shippingAddress: US_ADDRESS } });

    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors?.map((e) => e.path)).toContain('shippingAddress.postalCode');
    expect(anonymous.status).toBe(401);
  });

  it('flags PRICE_CHANGED against the price the shopper saw when adding; checkout then wants the new total', async () => {
    // SPEAKER-MINI: a seeded product no other test prices; its price is put back at the end.
    const sku = 'SPEAKER-MINI';
    const original = Number((await readItem('Products', { sku }))?.unitPrice);
    const cartToken = await guestWith({ [sku]: 1 });
    const seen = await checkoutBody({ cartToken });
    try {
      await setPrice(sku, original + 500);
      const fresh = await eventually(async () => {
        const q = await quoteFor({ cartToken });
        return q.items[0]?.unitPrice === original + 500 ? q : undefined;
      });

      expect(fresh.problems).toEqual([
        expect.objectContaining({ code: 'PRICE_CHANGED', sku, oldUnitPrice: original, newUnitPrice: original + 500 }),
      ]);
      // Checkout runs in its own function, with its own catalog cache (as every Lambda instance has):
      // wait until it prices with the new price too, asking with a second cart and a total no quote
      // has (refused with 409, so nothing is placed), as the quote was waited for above.
      const probe = await guestWith({ [sku]: 1 });
      const probeBody = { ...(await checkoutBody({ cartToken: probe })), expectedTotal: 1 };
      await eventually(async () => {
        const answer = await call<Problem>('POST', '/cart/checkout', { cartToken: probe, body: probeBody });
        expect(answer.status).toBe(409);
        return answer.body.quote?.items[0]?.unitPrice === original + 500 ? answer : undefined;
      });
      const stale = await call<Problem>('POST', '/cart/checkout', { cartToken, body: seen });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('QUOTE_CHANGED');
      expect(stale.body.quote?.total).toBe(fresh.total);
      expect((await getCart({ cartToken })).version).toBe(1); // nothing placed: the cart is not marked
      // Adding again remembers the newer price: the notice goes away.
      await call('POST', '/cart/items', { cartToken, body: { sku, quantity: 1 } });
      const renewed = await quoteFor({ cartToken });
      expect(renewed.problems).toEqual([]);
      const placed = await call<Order>('POST', '/cart/checkout', {
        cartToken,
        body: { ...seen, expectedTotal: renewed.total },
      });
      expect(placed.status).toBe(202);
      expect(placed.body.items[0]?.unitPrice).toBe(original + 500);
    } finally {
      await setPrice(sku, original);
    }
  });
});

describe('carts written before lines remembered their price', () => {
  it('take the price map on their next add, without losing a line or a version', async () => {
    const cartToken = await anonymousToken();
    const pk = `anon#${cartToken.split('.')[0]}`;
    const { env } = stackEnv();
    await documents.send(
      new PutCommand({
        TableName: env.CARTS_TABLE ?? '',
        Item: {
          pk,
          kind: 'anonymous',
          version: 1,
          qty: { 'MUG-STONE': 1 },
          added: { 'MUG-STONE': 1 },
          idem: {},
          updatedAt: new Date().toISOString(),
          ttl: Math.floor(Date.now() / 1000) + 3600,
        },
      }),
    );

    const added = await call<Cart>('POST', '/cart/items', { cartToken, body: { sku: 'NOTEBOOK-A5', quantity: 1 } });

    expect(added.status).toBe(200);
    expect(added.body.version).toBe(2);
    expect(added.body.items.map((item) => [item.sku, item.quantity])).toEqual([
      ['MUG-STONE', 1],
      ['NOTEBOOK-A5', 1],
    ]);
    expect((await readItem('Carts', { pk }))?.price).toEqual({ 'NOTEBOOK-A5': 1600 });
    expect((await quoteFor({ cartToken })).problems).toEqual([]);
  });
});

describe('POST /cart/checkout (guest)', () => {
  it('freezes the quote into a PENDING order with number, email, address, option, totals and a one-time access token', async () => {
    const cartToken = await guestWith({ 'BOTTLE-STEEL': 2, 'NOTEBOOK-A5': 1 });
    const body = await checkoutBody({ cartToken }, US_ADDRESS, 'guest@example.com');

    const placed = await call<Order>('POST', '/cart/checkout', { cartToken, body });

    expect(placed.status).toBe(202);
    expect(placed.headers.get('location')).toBe(`/api/orders/${placed.body.orderId}`);
    expect(placed.body).toMatchObject({
      status: 'PENDING',
      email: 'guest@example.com',
      shippingAddress: US_ADDRESS,
      shippingOption: { id: 'us-standard', label: 'Standard (3-5 business days)', amount: 0 },
      subtotal: 8400,
      totals: { subtotal: 8400, discount: 0, shipping: 0, tax: 609, taxIncluded: false, total: 9009 },
      currency: 'USD',
    });
    expect(placed.body.number).toMatch(/^CK-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(placed.body.accessToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const stored = await readItem('Orders', { orderId: placed.body.orderId });
    expect(JSON.stringify(stored)).not.toContain(placed.body.accessToken);
    expect(stored?.accessTokenHash).toEqual(expect.any(String));

    const order = await settledOrder({ cartToken }, placed.body.orderId);
    expect(order.status).toBe('CONFIRMED');
    expect(order.totals?.total).toBe(9009);
    expect(order.accessToken).toBeUndefined();
  });

  it('opens the order to the cart token that placed it and to its access token; anyone else gets 404', async () => {
    const cartToken = await guestWith({ 'MUG-STONE': 1 });
    const placed = await call<Order>('POST', '/cart/checkout', { cartToken, body: await checkoutBody({ cartToken }) });
    const { orderId, accessToken } = placed.body;
    const stranger = await anonymousToken();
    const user = await createUser();

    const byToken = await call<Order>('GET', `/orders/${orderId}?token=${accessToken}`);
    const byCart = await call<Order>('GET', `/orders/${orderId}`, { cartToken });
    const wrongToken = await call<Problem>('GET', `/orders/${orderId}?token=${'A'.repeat(22)}`);
    const otherCart = await call<Problem>('GET', `/orders/${orderId}`, { cartToken: stranger });
    const otherUser = await call<Problem>('GET', `/orders/${orderId}`, { token: user.accessToken });
    const nothing = await call<Problem>('GET', `/orders/${orderId}`);

    expect([byToken.status, byCart.status]).toEqual([200, 200]);
    expect(byToken.body).toMatchObject({ orderId, number: placed.body.number, email: 'shopper@example.com' });
    expect(byToken.body.accessToken).toBeUndefined();
    expect([wrongToken.status, otherCart.status, otherUser.status]).toEqual([404, 404, 404]);
    expect(JSON.stringify([wrongToken.body, otherCart.body, otherUser.body])).not.toContain('MUG-STONE');
    expect(nothing.status).toBe(401);
  });

  // One order per cart version (a second checkout of it answers 200 with that order) is proven, with bodies,
  // by test/hardening/checkout-once.test.ts; here, what the body adds to the Idempotency-Key.
  it('replays a checkout with the same Idempotency-Key and body, and refuses the key with another body (422)', async () => {
    const cartToken = await guestWith({ 'NOTEBOOK-A5': 2 });
    const body = await checkoutBody({ cartToken });
    const headers = { 'idempotency-key': `chk-${randomUUID()}` };

    const first = await call<Order>('POST', '/cart/checkout', { cartToken, body, headers });
    const replay = await call<Order>('POST', '/cart/checkout', { cartToken, body, headers });
    const otherBody = await call<Problem>('POST', '/cart/checkout', {
      cartToken,
      body: { ...body, email: 'someone-else@example.com' },
      headers,
    });

    expect(first.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.orderId).toBe(first.body.orderId);
    expect(replay.body.accessToken).toBeUndefined(); // answered once, to the checkout that placed it
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('VALIDATION_FAILED');
  });

  it('blocks a line past the stock with 422 CHECKOUT_BLOCKED and the quote, placing nothing', async () => {
    const stock = await stockOf('HEADPHONES');
    const cartToken = await guestWith({ HEADPHONES: stock + 1 });
    const body: CheckoutRequest = { ...(await checkoutBody({ cartToken })) };

    const blocked = await call<Problem>('POST', '/cart/checkout', { cartToken, body });

    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('CHECKOUT_BLOCKED');
    expect(blocked.body.detail).toContain(`Only ${stock} of "`);
    expect(blocked.body.quote?.problems.map((p) => p.code)).toEqual(['OVER_STOCK']);
    const cart = await getCart({ cartToken });
    expect(cart.version).toBe(1);
  });
});

describe('POST /cart/checkout (signed in) and GET /orders', () => {
  it('refuses the old empty body with 400 naming every missing field', async () => {
    const user = await createUser();
    await call('POST', '/cart/items', { token: user.accessToken, body: { sku: 'MUG-STONE', quantity: 1 } });

    const empty = await call<Problem>('POST', '/cart/checkout', { token: user.accessToken });

    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    expect(empty.body.errors?.map((e) => e.path)).toEqual([
      'email',
      'shippingAddress',
      'shippingOptionId',
      'expectedTotal',
    ]);
    expect((await getCart({ token: user.accessToken })).version).toBe(1);
  });

  it("uses the account's email, and lists the owner's orders newest first, paged", async () => {
    const user = await createUser();
    const placed: Order[] = [];
    for (const sku of ['MUG-STONE', 'NOTEBOOK-A5']) {
      await call<Cart>('POST', '/cart/items', { token: user.accessToken, body: { sku, quantity: 1 } });
      const body = await checkoutBody({ token: user.accessToken }, US_ADDRESS, 'typed-by-hand@example.com');
      const answer = await call<Order>('POST', '/cart/checkout', { token: user.accessToken, body });
      expect(answer.status).toBe(202);
      placed.push(answer.body);
      await settledOrder({ token: user.accessToken }, answer.body.orderId);
      await eventually(async () => ((await getCart({ token: user.accessToken })).itemCount === 0 ? true : undefined));
    }
    expect(placed.map((order) => order.email)).toEqual([user.email, user.email]);

    const first = await eventually(async () => {
      const page = await call<OrderPage>('GET', '/orders?limit=1', { token: user.accessToken });
      return page.body.items[0]?.orderId === placed[1]?.orderId ? page : undefined;
    });
    const second = await call<OrderPage>('GET', `/orders?limit=1&cursor=${first.body.nextCursor}`, {
      token: user.accessToken,
    });
    const guest = await call<Problem>('GET', '/orders', { cartToken: await anonymousToken() });

    expect(first.status).toBe(200);
    expect(first.body.items[0]).toMatchObject({ number: placed[1]?.number, status: 'CONFIRMED' });
    expect(second.body.items.map((order) => order.orderId)).toEqual([placed[0]?.orderId]);
    expect(guest.status).toBe(401);
  });
});
