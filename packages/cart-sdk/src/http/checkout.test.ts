import type { Order, Quote } from '@cartkit/contract';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCheckoutBlockedError, isQuoteChangedError } from '../index.js';
import { API } from '../../test/support/fake-api.js';
import { until, useFakeApi } from '../../test/support/setup.js';

const ctx = useFakeApi();
const address = {
  name: 'Ada Lovelace',
  line1: '12 St James Sq',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

function quoteOf(total: number, problems: Quote['problems'] = []): Quote {
  return {
    items: [],
    subtotal: total - 500,
    discount: 0,
    shipping: 500,
    tax: 0,
    taxIncluded: true,
    total,
    currency: 'EUR',
    shippingOptions: [{ id: 'standard', label: 'Standard', amount: 500 }],
    shippingOptionId: 'standard',
    problems,
  };
}

function orderOf(status: Order['status'], extra: Partial<Order> = {}): Order {
  return {
    orderId: 'o-9',
    status,
    items: [],
    subtotal: 1900,
    currency: 'EUR',
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: `2030-01-01T00:00:0${['PENDING', 'AWAITING_PAYMENT', 'PAID', 'EXPIRED'].indexOf(status)}.000Z`,
    number: 'CK-1234-5678',
    ...extra,
  };
}

function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    { type: 'about:blank', title: code, status, code, ...extra },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

describe('quote', () => {
  it('posts the address with the guest cart token and returns the quote', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('TEE', 1);
    ctx.server.use(http.post(`${API}/checkout/quote`, () => HttpResponse.json(quoteOf(2400))));

    const quote = await client.quote({ email: 'ada@example.com', shippingAddress: address });

    expect(quote.total).toBe(2400);
    const sent = ctx.api.requests.find((r) => r.path === '/checkout/quote')!;
    expect(sent.method).toBe('POST');
    expect(sent.headers['x-cart-token']).toMatch(/.+/);
    expect(sent.body).toEqual({ email: 'ada@example.com', shippingAddress: address });
  });

  it('raises VALIDATION_FAILED with the per-field messages on 400', async () => {
    const { client } = ctx.make();
    await client.ready();
    const errors = [{ path: 'shippingAddress.postalCode', message: 'Enter the postal code.' }];
    ctx.server.use(http.post(`${API}/checkout/quote`, () => problem(400, 'VALIDATION_FAILED', { errors })));

    const error = await client.quote({ shippingAddress: { ...address, postalCode: '' } }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, problem: { errors } });
  });
});

describe('checkout with an address', () => {
  const input = {
    email: 'ada@example.com',
    shippingAddress: address,
    shippingOptionId: 'standard',
    expectedTotal: 2400,
  };

  it('a guest places the order with the cart token, If-Match and an Idempotency-Key', async () => {
    const { client } = ctx.make();
    await client.ready();
    const cart = await client.add('TEE', 1);
    ctx.server.use(http.post(`${API}/cart/checkout`, () => HttpResponse.json(orderOf('PENDING'), { status: 202 })));

    const order = await client.checkout(input);

    expect(order.status).toBe('PENDING');
    expect(client.getSnapshot().orders['o-9']?.number).toBe('CK-1234-5678');
    const sent = ctx.api.requests.find((r) => r.path === '/cart/checkout')!;
    expect(sent.body).toEqual(input);
    expect(sent.headers['x-cart-token']).toMatch(/.+/);
    expect(sent.headers['authorization']).toBeUndefined();
    expect(sent.headers['if-match']).toBe(`"${cart.version}"`);
    expect(sent.headers['idempotency-key']).toMatch(/^checkout-.+/);
  });

  describe('returnUrl', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('in a browser, sends this page without its fragment as the page to return to after payment', async () => {
      vi.stubGlobal('location', { href: 'https://shop.example/prints?size=a3#cartkit-order=old&token=secret' });
      const { client } = ctx.make();
      await client.ready();
      await client.add('TEE', 1);
      ctx.server.use(http.post(`${API}/cart/checkout`, () => HttpResponse.json(orderOf('PENDING'), { status: 202 })));

      await client.checkout(input);

      const sent = ctx.api.requests.find((r) => r.path === '/cart/checkout')!;
      expect(sent.body).toEqual({ ...input, returnUrl: 'https://shop.example/prints?size=a3' });
    });

    it('sends the returnUrl the caller gave instead of the page, and none off an http(s) page', async () => {
      vi.stubGlobal('location', { href: 'https://shop.example/cart' });
      const { client } = ctx.make();
      await client.ready();
      await client.add('TEE', 1);
      ctx.server.use(http.post(`${API}/cart/checkout`, () => HttpResponse.json(orderOf('PENDING'), { status: 202 })));

      await client.checkout({ ...input, returnUrl: 'https://shop.example/thanks' });
      vi.stubGlobal('location', { href: 'file:///tmp/shop.html' });
      await client.checkout(input);

      const sent = ctx.api.requests.filter((r) => r.path === '/cart/checkout');
      expect(sent.map((r) => (r.body as { returnUrl?: string }).returnUrl)).toEqual([
        'https://shop.example/thanks',
        undefined,
      ]);
    });
  });

  it('a signed-in shopper places it with the bearer', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
    ctx.server.use(http.post(`${API}/cart/checkout`, () => HttpResponse.json(orderOf('PENDING'), { status: 202 })));

    await client.checkout(input);

    const sent = ctx.api.requests.find((r) => r.path === '/cart/checkout')!;
    expect(sent.headers['authorization']).toMatch(/^Bearer /);
  });

  it('QUOTE_CHANGED raises a QuoteChangedError carrying the fresh quote, and no order is kept', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('TEE', 1);
    const fresh = quoteOf(2600);
    ctx.server.use(http.post(`${API}/cart/checkout`, () => problem(409, 'QUOTE_CHANGED', { quote: fresh })));

    const error = await client.checkout(input).catch((e: unknown) => e);

    expect(isQuoteChangedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'QUOTE_CHANGED', status: 409, quote: { total: 2600 } });
    expect(client.getSnapshot().orders).toEqual({});
  });

  it('CHECKOUT_BLOCKED raises a CheckoutBlockedError with the blocking problems only', async () => {
    const { client } = ctx.make();
    await client.ready();
    const problems: Quote['problems'] = [
      {
        code: 'PRICE_CHANGED',
        sku: 'TEE',
        name: 'Tee',
        oldUnitPrice: 1800,
        newUnitPrice: 1900,
        message: 'Tee now costs €19.00.',
      },
      { code: 'OVER_STOCK', sku: 'TEE', name: 'Tee', quantity: 3, stock: 1, message: 'Only 1 Tee left.' },
    ];
    ctx.server.use(
      http.post(`${API}/cart/checkout`, () => problem(422, 'CHECKOUT_BLOCKED', { quote: quoteOf(2400, problems) })),
    );

    const error = await client.checkout(input).catch((e: unknown) => e);

    expect(isCheckoutBlockedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CHECKOUT_BLOCKED', status: 422 });
    expect((error as { problems: unknown[] }).problems).toEqual([problems[1]]);
  });

  it('with no arguments keeps the signed-in checkout of today (no body)', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
    await client.add('TEE', 1);

    const order = await client.checkout();

    expect(order.status).toBe('PENDING');
    expect(ctx.api.requests.find((r) => r.path === '/cart/checkout')!.body).toBeUndefined();
  });
});

describe('orders', () => {
  it("listOrders pages the signed-in shopper's orders with the bearer and the cursor", async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
    ctx.server.use(
      http.get(`${API}/orders`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return HttpResponse.json(
          cursor === 'c2'
            ? { items: [orderOf('PAID', { orderId: 'o-1' })], nextCursor: null }
            : { items: [orderOf('PAID', { orderId: 'o-2' })], nextCursor: 'c2' },
        );
      }),
    );

    const first = await client.listOrders();
    const second = await client.listOrders({ cursor: first.nextCursor! });

    expect(first.items.map((o) => o.orderId)).toEqual(['o-2']);
    expect(second).toMatchObject({ items: [{ orderId: 'o-1' }], nextCursor: null });
    const sent = ctx.api.requests.filter((r) => r.path.startsWith('/orders'));
    expect(sent.map((r) => r.path)).toEqual(['/orders', '/orders?cursor=c2']);
    expect(sent[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it('listOrders signed out is UNAUTHORIZED', async () => {
    const { client } = ctx.make();
    await client.ready();
    const error = await client.listOrders().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('getOrder with an access token sends ?token= and no cart credentials', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(
      http.get(`${API}/orders/:id`, ({ request }) =>
        new URL(request.url).searchParams.get('token') === 't-1'
          ? HttpResponse.json(orderOf('PAID'))
          : problem(404, 'NOT_FOUND'),
      ),
    );

    const order = await client.getOrder('o-9', { token: 't-1' });

    expect(order.status).toBe('PAID');
    const sent = ctx.api.requests.find((r) => r.path.startsWith('/orders/o-9'))!;
    expect(sent.path).toBe('/orders/o-9?token=t-1');
    expect(sent.headers['x-cart-token']).toBeUndefined();
    expect(sent.headers['authorization']).toBeUndefined();
  });

  it('getOrder of an unknown order or a wrong token is NOT_FOUND', async () => {
    const { client } = ctx.make();
    await client.ready();
    ctx.server.use(http.get(`${API}/orders/:id`, () => problem(404, 'NOT_FOUND')));
    const error = await client.getOrder('o-9', { token: 'wrong' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('polls AWAITING_PAYMENT until PAID, then stops (PAID is final)', async () => {
    const { client } = ctx.make({ pollOrders: { interval: 5, maxInterval: 5 } });
    await client.ready();
    const statuses: Order['status'][] = ['AWAITING_PAYMENT', 'AWAITING_PAYMENT', 'PAID', 'PENDING'];
    let reads = 0;
    ctx.server.use(http.get(`${API}/orders/:id`, () => HttpResponse.json(orderOf(statuses[Math.min(reads++, 3)]!))));

    await client.getOrder('o-9', { token: 't-1' });
    await until(() => client.getSnapshot().orders['o-9']?.status === 'PAID');
    const readsAtPaid = reads;
    await new Promise((resolve) => setTimeout(resolve, 60));

    expect(reads).toBe(readsAtPaid);
    expect(
      ctx.api.requests.filter((r) => r.path.startsWith('/orders/o-9')).every((r) => r.path.endsWith('token=t-1')),
    ).toBe(true);
  });

  for (const final of ['PAID', 'EXPIRED', 'CONFIRMED', 'FAILED'] as const) {
    it(`an order never moves back from ${final}`, async () => {
      const { client } = ctx.make();
      await client.ready();
      let next: Order = orderOf(final, { updatedAt: '2030-01-01T00:00:05.000Z' });
      ctx.server.use(http.get(`${API}/orders/:id`, () => HttpResponse.json(next)));
      await client.getOrder('o-9');
      next = orderOf('AWAITING_PAYMENT', { updatedAt: '2030-01-01T00:00:09.000Z' });
      await client.getOrder('o-9');
      expect(client.getSnapshot().orders['o-9']?.status).toBe(final);
    });
  }
});
