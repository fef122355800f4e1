// Section 6: checkout to a paid order (issue 14), with online payment on (the
// local Stripe's hosted page and signed webhooks) against a stack in its own
// process. In Chromium, through the storefront's drawer and the stand-in's page:
// "Pay" pressed on the review until the order view shows PAID, split at the
// payment page. Over HTTP: POST /cart/checkout sent until GET /orders/{id} says
// AWAITING_PAYMENT (the order worker reserved the stock and opened the Checkout
// Session). And the element's first load and checkout chunks, gzip.
import { chromium, type Page } from 'playwright-core';
import { cdnSizes } from '../../packages/cart-element/scripts/bench.mjs';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';
import { type Summary, summarize } from '../lib/stats.mjs';
import type { RemoteStack } from '../stack/remote-stack.mjs';

export interface CheckoutResult {
  readonly orders: number;
  /** Browser: "Pay" clicked on the review -> order view `data-status=PAID` back on the shop's page. */
  readonly payToPaid: Summary;
  /** Browser: "Pay" clicked -> the stand-in's payment page loaded (placement, AWAITING_PAYMENT, redirect). */
  readonly payToPaymentPage: Summary;
  /** Browser: the payment page's "Pay" clicked -> order view PAID (webhook, payment worker, return, live update). */
  readonly hostedPayToPaid: Summary;
  /** HTTP: POST /cart/checkout sent -> GET /orders/{id} answers AWAITING_PAYMENT (polled every `pollMs`). */
  readonly placementToAwaiting: Summary;
  /** HTTP: POST /cart/checkout sent -> its 202. */
  readonly placementHttp: Summary;
  readonly pollMs: number;
  readonly elementInitialGzipBytes: number;
  /** The drawer's lazy chunk: lines, the checkout flow (`<cart-checkout>`), the order views. */
  readonly drawerChunkGzipBytes: number;
  /** The SDK's lazy checkout chunk (quote, checkout, orders, their errors). */
  readonly sdkCheckoutChunkGzipBytes: number;
}

const ADDRESS = {
  name: 'Bench Shopper',
  line1: '1 Market St',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
};
const BROWSER_SKU = 'STICKERS';
const API_SKU = 'CABLE-USBC';
const POLL_MS = 10;

/** A guest in a fresh browser context: storefront, one product, through the flow to the review's "Pay". */
async function toReview(page: Page, origin: string, email: string): Promise<void> {
  await page.goto(`${origin}/storefront/`);
  await page.locator('#products[data-state=ready]').waitFor();
  await page.locator(`#products [data-sku="${BROWSER_SKU}"] add-to-cart`).getByRole('button').click();
  const drawer = page.getByRole('dialog');
  const flow = drawer.locator('cart-checkout');
  await drawer.getByRole('button', { name: 'Check out' }).click();
  await flow.getByLabel('Email').fill(email);
  await flow.getByRole('button', { name: 'Continue' }).click();
  await flow.getByLabel('Country').selectOption('US');
  await flow.getByLabel('Full name').fill(ADDRESS.name);
  await flow.getByLabel('Address', { exact: true }).fill(ADDRESS.line1);
  await flow.getByLabel('Town or city').fill(ADDRESS.city);
  await flow.getByLabel(/State, province or region/).fill(ADDRESS.region);
  await flow.getByLabel('Postal code').fill(ADDRESS.postalCode);
  await flow.getByRole('button', { name: 'Continue' }).click();
  await flow.getByRole('radio').first().waitFor();
  await flow.getByRole('button', { name: 'Continue' }).click();
  await flow.getByRole('button', { name: /^Pay / }).waitFor();
}

async function browserOrders(origin: string, count: number, log: (line: string) => void) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const payToPaid: number[] = [];
  const payToPage: number[] = [];
  const hostedToPaid: number[] = [];
  try {
    // One warm-up order first (Chromium's caches, the handlers' first calls), not counted.
    for (let i = 0; i <= count; i += 1) {
      const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await toReview(page, origin, `bench-${Date.now().toString(36)}-${i}@example.com`);
      const pay = page.getByRole('dialog').locator('cart-checkout').getByRole('button', { name: /^Pay / });
      const t0 = performance.now();
      await pay.click();
      await page.waitForURL(/\/c\/pay\/cs_/, { timeout: 30_000, waitUntil: 'load' });
      const t1 = performance.now();
      await page.locator('form[action$="/pay"] button').click();
      const t2 = performance.now();
      await page.locator('[part~=order][data-status=PAID]').waitFor({ timeout: 30_000 });
      const t3 = performance.now();
      if (i > 0) {
        payToPaid.push(t3 - t0);
        payToPage.push(t1 - t0);
        hostedToPaid.push(t3 - t2);
      }
      await context.close();
      if (i % 5 === 0) log(`checkout: browser order ${i}/${count}: Pay -> PAID ${(t3 - t0).toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
  }
  return { payToPaid, payToPage, hostedToPaid };
}

async function apiOrders(api: string, count: number) {
  const awaiting: number[] = [];
  const http: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const anon = await fetch(`${api}/cart/anonymous`, { method: 'POST' });
    if (anon.status !== 201) throw new Error(`POST /cart/anonymous: ${anon.status}`);
    const { cartToken } = (await anon.json()) as { cartToken: string };
    const headers = { 'content-type': 'application/json', 'x-cart-token': cartToken };
    const add = await fetch(`${api}/cart/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sku: API_SKU, quantity: 1 }),
    });
    if (add.status !== 200) throw new Error(`POST /cart/items: ${add.status}`);
    const request = { email: `bench-api-${i}@example.com`, shippingAddress: { ...ADDRESS, country: 'US' } };
    const quoted = await fetch(`${api}/checkout/quote`, { method: 'POST', headers, body: JSON.stringify(request) });
    const quote = (await quoted.json()) as { shippingOptionId: string; total: number };
    const t0 = performance.now();
    const placed = await fetch(`${api}/cart/checkout`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `bench-${Date.now()}-${i}` },
      body: JSON.stringify({ ...request, shippingOptionId: quote.shippingOptionId, expectedTotal: quote.total }),
    });
    const t1 = performance.now();
    if (placed.status !== 202) throw new Error(`POST /cart/checkout: ${placed.status} ${await placed.text()}`);
    const { orderId } = (await placed.json()) as { orderId: string };
    for (;;) {
      const order = (await (await fetch(`${api}/orders/${orderId}`, { headers })).json()) as {
        status: string;
        reason?: string;
      };
      if (order.status === 'AWAITING_PAYMENT') break;
      if (order.status !== 'PENDING') throw new Error(`order ${orderId} went ${order.status}: ${order.reason ?? ''}`);
      if (performance.now() - t0 > 30_000) throw new Error(`order ${orderId} still PENDING after 30 s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    awaiting.push(performance.now() - t0);
    http.push(t1 - t0);
  }
  return { awaiting, http };
}

export async function checkoutSection(options: {
  stack: RemoteStack;
  orders: number;
  log: (line: string) => void;
}): Promise<CheckoutResult> {
  const api = options.stack.apiUrl;
  // The worker's success URL is the page the shopper checked out from (same origin: the cart token stays).
  const origin = new URL(api).origin;
  const sizes = cdnSizes();
  const gzipOf = (pattern: RegExp) =>
    sizes.lazy
      .filter((c: { file: string }) => pattern.test(c.file))
      .reduce((n: number, c: { gzip: number }) => n + c.gzip, 0);
  options.log(`checkout: ${options.orders} orders over HTTP (placement -> AWAITING_PAYMENT)`);
  const fromApi = await apiOrders(api, options.orders);
  options.log(`checkout: ${options.orders} orders in Chromium through the local Stripe page (+1 warm-up)`);
  const fromBrowser = await browserOrders(origin, options.orders, options.log);
  return {
    orders: options.orders,
    payToPaid: summarize(fromBrowser.payToPaid),
    payToPaymentPage: summarize(fromBrowser.payToPage),
    hostedPayToPaid: summarize(fromBrowser.hostedToPaid),
    placementToAwaiting: summarize(fromApi.awaiting),
    placementHttp: summarize(fromApi.http),
    pollMs: POLL_MS,
    elementInitialGzipBytes: sizes.initialGzip,
    drawerChunkGzipBytes: gzipOf(/drawer-body/),
    sdkCheckoutChunkGzipBytes: gzipOf(/\/checkout-/),
  };
}
