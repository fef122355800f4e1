import { type AddressInfo, createServer } from 'node:net';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../support/log.js';
import { type StripeLocal, startStripeLocal } from './stripe-local.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

// The official client, unchanged, against the stand-in: only host, port and protocol differ.
const lines: string[] = [];
const log = createLogger({ write: (line) => void lines.push(line) });
let receiver: WebhookReceiver;
let local: StripeLocal;
let stripe: Stripe;

const now = () => Math.floor(Date.now() / 1000);

/** What the order worker sends for a frozen total: lines + tax as line items, one fixed shipping rate. */
function orderSession(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    client_reference_id: 'ord_123',
    customer_email: 'ada@example.com',
    expires_at: now() + 3600,
    success_url: 'http://localhost:3000/storefront/?order=ord_123&session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/storefront/?order=ord_123&cancelled=1',
    metadata: { orderId: 'ord_123' },
    line_items: [
      {
        quantity: 2,
        price_data: { currency: 'usd', unit_amount: 1250, product_data: { name: 'Tea <b>"Earl"</b> & co' } },
      },
      { quantity: 1, price_data: { currency: 'usd', unit_amount: 208, product_data: { name: 'Tax' } } },
    ],
    shipping_options: [
      {
        shipping_rate_data: {
          type: 'fixed_amount',
          display_name: 'Standard',
          fixed_amount: { amount: 500, currency: 'usd' },
        },
      },
    ],
    ...overrides,
  };
}

function event(hook: { rawBody: string }): Stripe.Event {
  return JSON.parse(hook.rawBody) as Stripe.Event;
}

/** The id of the session an event is about. */
function sessionOf(hook: { rawBody: string }): string | undefined {
  return (event(hook).data.object as { id?: string }).id;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  local = await startStripeLocal({
    webhookUrl: receiver.url,
    log,
    expiryWindow: { minSeconds: 1, maxSeconds: 86_400 },
    expiryCheckMs: 100,
  });
  stripe = new Stripe(local.apiKey, { ...local.endpoint, maxNetworkRetries: 0 });
});

afterEach(async () => {
  await local.webhooksSettled();
});

afterAll(async () => {
  await local?.stop();
  await receiver?.stop();
});

describe('Checkout Sessions API', () => {
  it('creates a session charging subtotal + shipping + tax, and retrieves it', async () => {
    // Act
    const created = await stripe.checkout.sessions.create(orderSession());
    const fetched = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(created).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 2708,
      amount_total: 3208,
      currency: 'usd',
      client_reference_id: 'ord_123',
      customer_email: 'ada@example.com',
      metadata: { orderId: 'ord_123' },
      mode: 'payment',
      total_details: { amount_shipping: 500, amount_tax: 0, amount_discount: 0 },
    });
    expect(created.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(created.url).toBe(`http://127.0.0.1:${local.endpoint.port}/c/pay/${created.id}`);
    expect(fetched).toEqual(created);
  });

  it('expires an open session, then refuses to expire it again', async () => {
    // Prepare
    const created = await stripe.checkout.sessions.create(orderSession());

    // Act
    const expired = await stripe.checkout.sessions.expire(created.id);
    const again = stripe.checkout.sessions.expire(created.id);

    // Assess
    expect(expired).toMatchObject({ id: created.id, status: 'expired', payment_status: 'unpaid', url: null });
    await expect(again).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
    const hook = await receiver.next(
      (h) => event(h).type === 'checkout.session.expired' && sessionOf(h) === created.id,
    );
    expect(event(hook).request?.id).toMatch(/^req_/);
  });

  it('answers an unknown id with 404 resource_missing', async () => {
    await expect(stripe.checkout.sessions.retrieve('cs_test_nope')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      message: "No such checkout.session: 'cs_test_nope'",
    });
  });

  it('refuses a wrong or missing API key with 401 StripeAuthenticationError', async () => {
    // Prepare
    const wrong = new Stripe('sk_test_wrongwrongwrong1234', { ...local.endpoint, maxNetworkRetries: 0 });

    // Act
    const failed = await wrong.checkout.sessions.create(orderSession()).catch((e: unknown) => e);
    const bare = await fetch(`http://127.0.0.1:${local.endpoint.port}/v1/checkout/sessions/cs_test_x`);

    // Assess
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(failed).toMatchObject({
      statusCode: 401,
      message: expect.stringMatching(/^Invalid API Key provided: sk_test_\*{15}1234$/),
    });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') },
    });
  });

  it.each([
    ['an unknown top-level param', { automatic_tax: { enabled: true } }, 'automatic_tax'],
    [
      'an unknown nested param',
      {
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'usd',
              unit_amount: 100,
              product_data: { name: 'x' },
              recurring: { interval: 'month' },
            },
          },
        ],
      },
      'line_items[0][price_data][recurring]',
    ],
    ['a Price id (no Prices API here)', { line_items: [{ price: 'price_123', quantity: 1 }] }, 'line_items[0][price]'],
    [
      'a missing quantity',
      { line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } }] },
      'line_items[0][quantity]',
    ],
    [
      'a fractional amount',
      { line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 1.5, product_data: { name: 'x' } } }] },
      'line_items[0][price_data][unit_amount]',
    ],
    [
      'mixed currencies',
      {
        line_items: [
          { quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } },
          { quantity: 1, price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'y' } } },
        ],
      },
      'line_items[1][price_data][currency]',
    ],
    ['subscription mode', { mode: 'subscription' }, 'mode'],
    ['a relative success_url', { success_url: '/done' }, 'success_url'],
    ['expires_at in the past', { expires_at: 1000 }, 'expires_at'],
    [
      'two shipping options',
      {
        shipping_options: [
          {
            shipping_rate_data: {
              type: 'fixed_amount',
              display_name: 'A',
              fixed_amount: { amount: 1, currency: 'usd' },
            },
          },
          {
            shipping_rate_data: {
              type: 'fixed_amount',
              display_name: 'B',
              fixed_amount: { amount: 2, currency: 'usd' },
            },
          },
        ],
      },
      'shipping_options',
    ],
    ['a bad customer_email', { customer_email: 'not-an-email' }, 'customer_email'],
  ])('refuses %s with 400 StripeInvalidRequestError naming the param', async (_name, overrides, param) => {
    // Act
    const failed = await stripe.checkout.sessions
      .create(orderSession(overrides as Partial<Stripe.Checkout.SessionCreateParams>))
      .catch((e: unknown) => e);

    // Assess
    expect(failed).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(failed).toMatchObject({ statusCode: 400, param });
  });

  it('replays the first response for the same Idempotency-Key and params, and refuses other params', async () => {
    // Act
    const first = await stripe.checkout.sessions.create(orderSession({ client_reference_id: 'ord_idem' }), {
      idempotencyKey: 'order-ord_idem',
    });
    const replayed = await stripe.checkout.sessions.create(
      orderSession({ client_reference_id: 'ord_idem', expires_at: first.expires_at }),
      {
        idempotencyKey: 'order-ord_idem',
      },
    );
    const other = await stripe.checkout.sessions
      .create(orderSession({ client_reference_id: 'ord_other', expires_at: first.expires_at }), {
        idempotencyKey: 'order-ord_idem',
      })
      .catch((e: unknown) => e);

    // Assess
    expect(replayed.id).toBe(first.id);
    expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
  });
});

describe('hosted payment page (no JavaScript) and webhooks', () => {
  it('shows the lines and total escaped, pays by a plain form POST, redirects to success_url and sends a signed checkout.session.completed', async () => {
    // Prepare
    const session = await stripe.checkout.sessions.create(orderSession());
    const url = session.url as string;

    // Act
    const page = await (await fetch(url)).text();
    const paid = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' });
    const hook = await receiver.next(
      (h) => event(h).type === 'checkout.session.completed' && sessionOf(h) === session.id,
    );

    // Assess
    expect(page).toContain('Tea &lt;b&gt;&quot;Earl&quot;&lt;/b&gt; &amp; co');
    expect(page).not.toContain('<b>"Earl"</b>');
    expect(page).toContain('$32.08');
    expect(page).not.toMatch(/<script/i);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://localhost:3000/storefront/?order=ord_123&session=${session.id}`);
    const verified = stripe.webhooks.constructEvent(hook.rawBody, hook.signature as string, local.webhookSecret);
    expect(verified).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      api_version: '2026-10-28.endive',
      livemode: false,
    });
    expect(verified.id).toMatch(/^evt_/);
    expect(verified.data.object).toMatchObject({
      id: session.id,
      status: 'complete',
      payment_status: 'paid',
      amount_total: 3208,
      client_reference_id: 'ord_123',
    });
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
    });
  });

  it('a tampered body or another secret does not verify', async () => {
    // Prepare
    const session = await stripe.checkout.sessions.create(orderSession());
    await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
    const hook = await receiver.next((h) => sessionOf(h) === session.id);
    const tampered = hook.rawBody.replace('"amount_total": 3208', '"amount_total": 1');

    // Act / Assess
    expect(tampered).not.toBe(hook.rawBody);
    expect(() => stripe.webhooks.constructEvent(tampered, hook.signature as string, local.webhookSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(hook.rawBody, hook.signature as string, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('"Decline card" shows a readable decline and leaves the session open and unpaid', async () => {
    // Prepare
    const session = await stripe.checkout.sessions.create(orderSession());

    // Act
    const declined = await fetch(`${session.url}/decline`, { method: 'POST', redirect: 'manual' });

    // Assess
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'open',
      payment_status: 'unpaid',
    });
  });

  it('"Cancel" redirects to cancel_url and leaves the session open', async () => {
    const session = await stripe.checkout.sessions.create(orderSession());

    const cancelled = await fetch(`${session.url}/cancel`, { method: 'POST', redirect: 'manual' });

    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe('http://localhost:3000/storefront/?order=ord_123&cancelled=1');
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'open' });
  });

  it('expires a session when expires_at passes: sends checkout.session.expired, the page says so and cannot pay', async () => {
    // Prepare
    const session = await stripe.checkout.sessions.create(orderSession({ expires_at: now() + 1 }));

    // Act
    const hook = await receiver.next(
      (h) => event(h).type === 'checkout.session.expired' && sessionOf(h) === session.id,
    );
    const page = await fetch(session.url as string);
    const pay = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });

    // Assess
    const verified = stripe.webhooks.constructEvent(hook.rawBody, hook.signature as string, local.webhookSecret);
    expect(verified.data.object).toMatchObject({ status: 'expired', payment_status: 'unpaid' });
    expect(verified.request).toEqual({ id: null, idempotency_key: null });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This checkout has expired');
    expect(pay.status).toBe(410);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'expired',
      payment_status: 'unpaid',
    });
  });
});

describe('coupons and discounts on sessions', () => {
  it('takes a one-off amount_off coupon off the line items (not shipping): amount_total as Stripe computes it, shown on the page', async () => {
    const coupon = await stripe.coupons.create({
      amount_off: 271,
      currency: 'usd',
      duration: 'once',
      max_redemptions: 1,
    });
    const session = await stripe.checkout.sessions.create(orderSession({ discounts: [{ coupon: coupon.id }] }));

    expect(coupon).toMatchObject({ object: 'coupon', amount_off: 271, currency: 'usd', duration: 'once', valid: true });
    expect(await stripe.coupons.retrieve(coupon.id)).toEqual(coupon);
    expect(session).toMatchObject({
      amount_subtotal: 2708,
      amount_total: 2708 - 271 + 500,
      total_details: { amount_discount: 271, amount_shipping: 500, amount_tax: 0 },
    });
    const page = await (await fetch(session.url ?? '')).text();
    expect(page).toContain('<td class="amount" data-discount>\u2212$2.71</td>');
    expect(page).toContain('<td class="amount" data-total>$29.37</td>');

    // Paid once, the one-redemption coupon is used up: Stripe refuses it on another session.
    await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    await expect(
      stripe.checkout.sessions.create(orderSession({ discounts: [{ coupon: coupon.id }] })),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'discounts[0][coupon]' });
  });

  it('never takes more than the line items, and percent_off rounds to minor units', async () => {
    const big = await stripe.coupons.create({ amount_off: 99_999, currency: 'usd', duration: 'once' });
    const tenth = await stripe.coupons.create({ percent_off: 10, duration: 'once' });

    const all = await stripe.checkout.sessions.create(orderSession({ discounts: [{ coupon: big.id }] }));
    const some = await stripe.checkout.sessions.create(orderSession({ discounts: [{ coupon: tenth.id }] }));

    expect(all.amount_total).toBe(500); // shipping only
    expect(some.total_details?.amount_discount).toBe(271); // 10% of 2708, rounded
  });

  it('refuses what Stripe refuses, creating nothing', async () => {
    const usd = await stripe.coupons.create({ amount_off: 100, currency: 'usd', duration: 'once' });
    const cases: [string, () => Promise<unknown>, string][] = [
      ['both amounts', () => stripe.coupons.create({ amount_off: 1, percent_off: 5, currency: 'usd' }), 'percent_off'],
      ['no amount', () => stripe.coupons.create({ duration: 'once' }), 'amount_off'],
      ['amount without currency', () => stripe.coupons.create({ amount_off: 100 }), 'currency'],
      ['percent over 100', () => stripe.coupons.create({ percent_off: 101 }), 'percent_off'],
      [
        'repeating without months',
        () => stripe.coupons.create({ percent_off: 5, duration: 'repeating' }),
        'duration_in_months',
      ],
      ['a taken id', () => stripe.coupons.create({ id: usd.id, percent_off: 5 }), 'id'],
      [
        'an unknown coupon',
        () => stripe.checkout.sessions.create(orderSession({ discounts: [{ coupon: 'nope' }] })),
        'discounts[0][coupon]',
      ],
      [
        'a coupon in another currency',
        () =>
          stripe.checkout.sessions.create(
            orderSession({
              discounts: [{ coupon: usd.id }],
              line_items: [
                { quantity: 1, price_data: { currency: 'eur', unit_amount: 900, product_data: { name: 'A' } } },
              ],
              shipping_options: [],
            }),
          ),
        'discounts[0][coupon]',
      ],
      [
        'two discounts',
        () => stripe.checkout.sessions.create(orderSession({ discounts: [{ coupon: usd.id }, { coupon: usd.id }] })),
        'discounts',
      ],
      [
        'a promotion code',
        () => stripe.checkout.sessions.create(orderSession({ discounts: [{ promotion_code: 'promo_1' }] })),
        'discounts[0][promotion_code]',
      ],
    ];
    for (const [what, call, param] of cases) {
      await expect(call(), what).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param });
    }
    expect((await stripe.coupons.retrieve(usd.id)).times_redeemed).toBe(0);
  });
});

describe('refunds API', () => {
  async function paidSession(): Promise<Stripe.Checkout.Session> {
    const session = await stripe.checkout.sessions.create(orderSession());
    await fetch(`${session.url as string}/pay`, { method: 'POST', redirect: 'manual' });
    return stripe.checkout.sessions.retrieve(session.id);
  }

  it('refunds part of a paid session, then the rest by default, then refuses a third as already refunded', async () => {
    // Prepare
    const session = await paidSession();
    const paymentIntent = session.payment_intent as string;

    // Act
    const part = await stripe.refunds.create({
      payment_intent: paymentIntent,
      amount: 1000,
      metadata: { orderId: 'o1' },
    });
    const rest = await stripe.refunds.create({ payment_intent: paymentIntent });
    const third = stripe.refunds.create({ payment_intent: paymentIntent });

    // Assess
    expect(part).toMatchObject({
      object: 'refund',
      amount: 1000,
      currency: 'usd',
      status: 'succeeded',
      metadata: { orderId: 'o1' },
    });
    expect(part.id).toMatch(/^re_/);
    expect(rest.amount).toBe(3208 - 1000);
    await expect(third).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'charge_already_refunded' });
    expect(await stripe.refunds.retrieve(part.id)).toMatchObject({ id: part.id, amount: 1000 });
  });

  it('refuses an amount past what is left, an unknown payment and a bad amount, refunding nothing', async () => {
    const session = await paidSession();
    const paymentIntent = session.payment_intent as string;
    const unpaid = await stripe.checkout.sessions.create(orderSession());

    await expect(stripe.refunds.create({ payment_intent: paymentIntent, amount: 3209 })).rejects.toMatchObject({
      code: 'amount_too_large',
    });
    await expect(stripe.refunds.create({ payment_intent: 'pi_nope' })).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    expect(unpaid.payment_intent).toBeNull();
    await expect(stripe.refunds.create({ payment_intent: paymentIntent, amount: 0 })).rejects.toMatchObject({
      param: 'amount',
    });
    // Nothing was taken: the whole amount is still refundable.
    expect((await stripe.refunds.create({ payment_intent: paymentIntent })).amount).toBe(3208);
  });

  it('answers a repeated Idempotency-Key with the first refund, never a second one', async () => {
    const session = await paidSession();
    const params = { payment_intent: session.payment_intent as string, amount: 500 };

    const first = await stripe.refunds.create(params, { idempotencyKey: 'refund-o2-1' });
    const again = await stripe.refunds.create(params, { idempotencyKey: 'refund-o2-1' });

    expect(again.id).toBe(first.id);
    expect((await stripe.refunds.create({ payment_intent: params.payment_intent })).amount).toBe(3208 - 500);
  });
});

describe('webhook retries', () => {
  it('delivers again, with a fresh signature, after the receiver answers 500 once', async () => {
    // Prepare
    const flaky = await startWebhookReceiver((n) => (n === 1 ? 500 : 200));
    const retrying = await startStripeLocal({ webhookUrl: flaky.url, log, retry: { baseDelayMs: 50 } });
    const client = new Stripe(retrying.apiKey, { ...retrying.endpoint, maxNetworkRetries: 0 });
    try {
      const session = await client.checkout.sessions.create(orderSession());

      // Act
      await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
      await retrying.webhooksSettled();

      // Assess
      expect(flaky.received).toHaveLength(2);
      const [first, second] = flaky.received.map((h) =>
        client.webhooks.constructEvent(h.rawBody, h.signature as string, retrying.webhookSecret),
      );
      expect(second?.id).toBe(first?.id);
      expect(second?.type).toBe('checkout.session.completed');
      expect(lines.some((l) => l.includes('webhook delivery failed, will retry') && l.includes('status 500'))).toBe(
        true,
      );
    } finally {
      await retrying.stop();
      await flaky.stop();
    }
  });

  it('retries a receiver that is down, then gives up after the configured attempts', async () => {
    // Prepare: a receiver that drops every connection unanswered (a freed port could be taken by
    // another server of the run before the deliveries, and answer them).
    const dropper = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}/webhooks/stripe`;
    const results: string[] = [];
    const retrying = await startStripeLocal({
      webhookUrl: url,
      log: createLogger({ write: (l) => void results.push(l) }),
      retry: { attempts: 3, baseDelayMs: 20 },
    });
    const client = new Stripe(retrying.apiKey, { ...retrying.endpoint, maxNetworkRetries: 0 });
    try {
      const session = await client.checkout.sessions.create(orderSession());

      // Act
      await client.checkout.sessions.expire(session.id);
      await retrying.webhooksSettled();

      // Assess
      expect(results.filter((l) => l.includes('webhook delivery failed'))).toHaveLength(3);
      expect(results.some((l) => l.includes('giving up') && l.includes('network error'))).toBe(true);
    } finally {
      await retrying.stop();
      await new Promise((resolve) => dropper.close(resolve));
    }
  });

  it('prints the signing secret in the stack log format at start', () => {
    expect(lines.find((l) => l.includes('stripe: ready'))).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} info  stripe: ready api=http://127\\.0\\.0\\.1:\\d+ webhooks=\\S+ webhookSigningSecret=${local.webhookSecret}\\n$`,
      ),
    );
  });
});
