import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Cart, Order, Quote } from '@cartkit/contract';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDiscountStore } from '../../src/adapters/discount-store.js';
import { hashOrderAccessToken } from '../../src/domain/order-access.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { US_ADDRESS } from '../support/checkout.js';

// Issue 14's guest sale from where the shopper stands, with the shop's online payment on: a guest (a cart
// token, no account) checks out from a host page, pays on the local Stripe page, comes back to that page
// with the order id and its access token in the fragment, and later opens the order from the receipt's
// link with nothing else. A stack of its own (PAYMENT_PROVIDER=stripe), like test/integration/payment.test.ts.
let stack: LocalStack;
let documents: DynamoDBDocumentClient;
let stripe: Stripe;

/** A page of the shop (any localhost origin is allowed on the local stack). */
const HOST_PAGE = 'http://localhost:5173/prints/index.html?ref=drawer';

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true, paymentProvider: 'stripe' });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb)));
  stripe = new Stripe(stack.stripe.apiKey, { ...stack.stripe.endpoint, maxNetworkRetries: 0 });
  // Load the webhook function once (see payment.test.ts): an unsigned POST is refused with 400.
  expect((await fetch(`${stack.apiUrl}/webhooks/stripe`, { method: 'POST', body: '{}' })).status).toBe(400);
}, 120_000);

afterAll(async () => {
  documents?.destroy();
  await stack?.stop();
});

interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

/** The API as a browser calls it: the guest's cart token, or no credential at all. */
async function api<T>(method: string, path: string, cartToken?: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(cartToken ? { 'x-cart-token': cartToken } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function guestWith(lines: Record<string, number>): Promise<string> {
  const created = await api<{ cartToken: string }>('POST', '/cart/anonymous');
  expect(created.status).toBe(201);
  for (const [sku, quantity] of Object.entries(lines)) {
    expect((await api('POST', '/cart/items', created.body.cartToken, { sku, quantity })).status).toBe(200);
  }
  return created.body.cartToken;
}

/** The checkout the SDK sends from HOST_PAGE: quoted first, at the total the shopper saw. */
/** `returnUrl` null: none sent. */
async function checkOut(cartToken: string, email: string, returnUrl: string | null = `${HOST_PAGE}#top`) {
  const quote = await api<Quote>('POST', '/checkout/quote', cartToken, { shippingAddress: US_ADDRESS });
  expect(quote.status).toBe(200);
  return api<Order & { accessToken?: string }>('POST', '/cart/checkout', cartToken, {
    email,
    shippingAddress: US_ADDRESS,
    shippingOptionId: quote.body.shippingOptionId,
    expectedTotal: quote.body.total,
    ...(returnUrl === null ? {} : { returnUrl }),
  });
}

/** The order as anyone holding the link reads it: the access token, no cart token, no bearer. */
function withToken(orderId: string, token: string) {
  return api<Order>('GET', `/orders/${encodeURIComponent(orderId)}?token=${encodeURIComponent(token)}`);
}

/** The order id and token a return link carries, as the element reads them from the fragment. */
function fragmentOf(link: string): URLSearchParams {
  return new URLSearchParams(new URL(link).hash.slice(1));
}

async function storedOrder(orderId: string): Promise<Record<string, unknown>> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: stack.env.ORDERS_TABLE, Key: { orderId }, ConsistentRead: true }),
  );
  return Item ?? {};
}

async function mailTo(email: string) {
  const store = (await (await fetch(stack.mailbox.storeUrl)).json()) as {
    emails: { destination: { to: string[] }; body: { html?: string; text?: string } }[];
  };
  return store.emails.filter((mail) => mail.destination.to.includes(email));
}

async function submit(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('a guest sale with online payment: return links and the receipt link carry the order access token', () => {
  it('pays on the local page, returns to the host page able to read the order, and the receipt link opens it with nothing else', async () => {
    const email = `guest-${randomUUID()}@example.com`;
    const cartToken = await guestWith({ 'NOTEBOOK-A5': 2 });

    const placed = await checkOut(cartToken, email);
    expect(placed.status).toBe(202);
    const { orderId, accessToken } = placed.body;
    expect(accessToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const awaiting = await eventually(async () => {
      const { body } = await withToken(orderId, accessToken ?? '');
      return body.status === 'AWAITING_PAYMENT' ? body : undefined;
    });
    // Stored: the page without its fragment, and only the token's hash.
    const stored = await storedOrder(orderId);
    expect(stored.returnUrl).toBe(HOST_PAGE);
    expect(stored.accessTokenHash).toBe(hashOrderAccessToken(accessToken ?? ''));
    expect(JSON.stringify(stored)).not.toContain(accessToken);
    const session = await stripe.checkout.sessions.retrieve(String(stored.paymentSessionId));
    expect(session.success_url).toBe(`${HOST_PAGE}#cartkit-order=${orderId}&token=${accessToken}`);
    expect(session.cancel_url).toBe(`${HOST_PAGE}#cartkit-order=${orderId}&token=${accessToken}&payment=cancelled`);

    // Pay on the stand-in's page: it sends the browser back to the host page.
    const paid = await submit(`${awaiting.payment?.url}/pay`);
    expect(paid.status).toBe(303);
    const back = paid.headers.get('location') ?? '';
    expect(back.split('#')[0]).toBe(HOST_PAGE);
    const returned = fragmentOf(back);
    expect(returned.get('cartkit-order')).toBe(orderId);
    const done = await eventually(async () => {
      const { status, body } = await withToken(orderId, returned.get('token') ?? '');
      expect(status).toBe(200);
      return body.status === 'PAID' ? body : undefined;
    });
    expect(done.number).toBe(placed.body.number);

    // The receipt: one email, whose link (in both parts) opens the order with no other credential.
    const [mail, ...more] = await eventually(async () => {
      const mails = await mailTo(email);
      return mails.length > 0 ? mails : undefined;
    });
    const link = /View your order:\n(\S+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    expect(link.split('#')[0]).toBe(HOST_PAGE);
    expect(mail?.body.html).toContain(link.replaceAll('&', '&amp;'));
    const fromMail = fragmentOf(link);
    expect(fromMail.get('cartkit-order')).toBe(orderId);
    const opened = await withToken(fromMail.get('cartkit-order') ?? '', fromMail.get('token') ?? '');
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ orderId, status: 'PAID', number: placed.body.number, email });
    await stack.stripe.webhooksSettled();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(more).toEqual([]);
    expect(await mailTo(email)).toHaveLength(1);
  }, 90_000);

  it('with a 10% code: the Checkout Session charges the discounted total, paid to PAID, and the receipt shows the discount', async () => {
    const code = `TEN${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;
    const discounts = new DynamoDiscountStore(documents, {
      discounts: stack.env.DISCOUNTS_TABLE ?? '',
      orders: stack.env.ORDERS_TABLE ?? '',
    });
    await discounts.put(code, { value: { type: 'percentage', percentOff: 10 } }, Date.now());
    const email = `guest-${randomUUID()}@example.com`;
    const cartToken = await guestWith({ 'NOTEBOOK-A5': 2 });
    const quote = await api<Quote>('POST', '/checkout/quote', cartToken, {
      shippingAddress: US_ADDRESS,
      discountCode: code,
    });
    expect(quote.status).toBe(200);
    expect(quote.body.problems).toEqual([]);
    expect(quote.body.discount).toBe(Math.round(quote.body.subtotal / 10));

    const placed = await api<Order & { accessToken?: string }>('POST', '/cart/checkout', cartToken, {
      email,
      shippingAddress: US_ADDRESS,
      shippingOptionId: quote.body.shippingOptionId,
      expectedTotal: quote.body.total,
      discountCode: code,
      returnUrl: HOST_PAGE,
    });

    expect(placed.status).toBe(202);
    const { orderId, accessToken } = placed.body;
    const awaiting = await eventually(async () => {
      const { body } = await withToken(orderId, accessToken ?? '');
      return body.status === 'AWAITING_PAYMENT' ? body : undefined;
    });
    expect(awaiting.totals).toMatchObject({ discount: quote.body.discount, total: quote.body.total });
    const session = await stripe.checkout.sessions.retrieve(String((await storedOrder(orderId)).paymentSessionId));
    expect(session.amount_total).toBe(quote.body.total);
    expect(session.total_details?.amount_discount).toBe(quote.body.discount);
    const page = await (await fetch(awaiting.payment?.url ?? '')).text();
    expect(page).toMatch(/data-discount>\u2212\$[\d.]+</);

    expect((await submit(`${awaiting.payment?.url}/pay`)).status).toBe(303);
    const paid = await eventually(async () => {
      const { body } = await withToken(orderId, accessToken ?? '');
      return body.status === 'PAID' ? body : undefined;
    });
    expect(paid.totals).toMatchObject({ discount: quote.body.discount, total: quote.body.total });
    const paidSession = await stripe.checkout.sessions.retrieve(session.id);
    expect(paidSession).toMatchObject({ payment_status: 'paid', amount_total: quote.body.total });
    const [mail] = await eventually(async () => {
      const mails = await mailTo(email);
      return mails.length > 0 ? mails : undefined;
    });
    const money = (minor: number) => `$${(minor / 100).toFixed(2)}`;
    expect(mail?.body.text).toContain(`\u2212${money(quote.body.discount)}`);
    expect(mail?.body.text).toMatch(new RegExp(`Discount.*\u2212\\${money(quote.body.discount)}`));
    expect(mail?.body.text).toContain(money(quote.body.total));
  }, 90_000);

  it('cancel returns to the host page with payment=cancelled and a token that reads the (still unpaid) order', async () => {
    const cartToken = await guestWith({ 'PEN-BRASS': 1 });
    const placed = await checkOut(cartToken, `guest-${randomUUID()}@example.com`);
    expect(placed.status).toBe(202);
    const awaiting = await eventually(async () => {
      const { body } = await withToken(placed.body.orderId, placed.body.accessToken ?? '');
      return body.status === 'AWAITING_PAYMENT' ? body : undefined;
    });

    const cancelled = await submit(`${awaiting.payment?.url}/cancel`);

    expect(cancelled.status).toBe(303);
    const back = cancelled.headers.get('location') ?? '';
    expect(back.split('#')[0]).toBe(HOST_PAGE);
    const fragment = fragmentOf(back);
    expect(fragment.get('payment')).toBe('cancelled');
    expect(fragment.get('cartkit-order')).toBe(placed.body.orderId);
    const read = await withToken(placed.body.orderId, fragment.get('token') ?? '');
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('AWAITING_PAYMENT');
    // The token opens this order only.
    const other = await checkOut(await guestWith({ 'PEN-BRASS': 1 }), `guest-${randomUUID()}@example.com`);
    expect((await withToken(other.body.orderId, fragment.get('token') ?? '')).status).toBe(404);
  }, 90_000);

  it('without a returnUrl, returns to the shop order page (ORDER_PAGE_URL)', async () => {
    const placed = await checkOut(await guestWith({ 'PEN-BRASS': 1 }), `guest-${randomUUID()}@example.com`, null);
    expect(placed.status).toBe(202);
    await eventually(async () =>
      (await withToken(placed.body.orderId, placed.body.accessToken ?? '')).body.status === 'AWAITING_PAYMENT'
        ? true
        : undefined,
    );

    const session = await stripe.checkout.sessions.retrieve(
      String((await storedOrder(placed.body.orderId)).paymentSessionId),
    );

    expect(session.success_url).toBe(
      `${stack.env.ORDER_PAGE_URL}#cartkit-order=${placed.body.orderId}&token=${placed.body.accessToken}`,
    );
  }, 60_000);

  it.each([
    ['a foreign origin', 'https://evil.example/phish', /allowed origins; https:\/\/evil\.example is not/],
    ['a relative URL', '/thanks', /absolute http\(s\) URL/],
    ['a javascript: URL', 'javascript:alert(1)', /absolute http\(s\) URL/],
    ['a URL with credentials', 'http://user:pw@localhost:5173/', /credentials/],
  ])(
    'refuses %s as returnUrl with 400 VALIDATION_FAILED and places nothing',
    async (_what, returnUrl, message) => {
      const cartToken = await guestWith({ 'PEN-BRASS': 1 });
      const before = await api<Cart>('GET', '/cart', cartToken);

      const refused = await checkOut(cartToken, `guest-${randomUUID()}@example.com`, returnUrl);

      expect(refused.status).toBe(400);
      const problem = refused.body as unknown as { code: string; detail: string; errors?: { path: string }[] };
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(`${problem.detail} ${JSON.stringify(problem.errors ?? [])}`).toMatch(message);
      expect(JSON.stringify(problem)).toContain('returnUrl');
      const after = await api<Cart>('GET', '/cart', cartToken);
      expect(after.body.version).toBe(before.body.version); // no checkout mark, nothing frozen
      // The same cart checks out at once with an allowed page: nothing was held by the refused call.
      expect((await checkOut(cartToken, `guest-${randomUUID()}@example.com`)).status).toBe(202);
    },
    60_000,
  );
});
