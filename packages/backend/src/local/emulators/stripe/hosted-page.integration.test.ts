import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../../../../scripts/chromium.mjs';
import { silentLogger } from '../../support/log.js';
import { type StripeLocal, startStripeLocal } from './stripe-local.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

// A shopper in real Chromium with JavaScript turned off pays on the hosted page and lands
// back on the shop, whose page the test serves itself.
const RESULTS_DIR = fileURLToPath(new URL('../../../../test-results/', import.meta.url));
let browser: Browser;
let receiver: WebhookReceiver;
let local: StripeLocal;
let stripe: Stripe;
let shop: Server;
let shopOrigin: string;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  receiver = await startWebhookReceiver();
  local = await startStripeLocal({ webhookUrl: receiver.url, log: silentLogger });
  stripe = new Stripe(local.apiKey, { ...local.endpoint, maxNetworkRetries: 0 });
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Shop</title><h1>${url.pathname === '/paid' ? 'Thanks for your order' : 'Your cart'}</h1>`,
    );
  });
  shop.listen(0, '127.0.0.1');
  await once(shop, 'listening');
  const address = shop.address();
  shopOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await mkdir(RESULTS_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  await receiver?.stop();
  shop?.closeAllConnections();
  shop?.close();
});

function createSession(): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    client_reference_id: 'ord_browser',
    customer_email: 'ada@example.com',
    success_url: `${shopOrigin}/paid?session={CHECKOUT_SESSION_ID}`,
    cancel_url: `${shopOrigin}/cart`,
    line_items: [
      {
        quantity: 2,
        price_data: {
          currency: 'eur',
          unit_amount: 1999,
          product_data: { name: 'Classic tee <script>alert(1)</script>' },
        },
      },
      { quantity: 1, price_data: { currency: 'eur', unit_amount: 760, product_data: { name: 'VAT (19%)' } } },
    ],
    shipping_options: [
      {
        shipping_rate_data: {
          type: 'fixed_amount',
          display_name: 'Standard',
          fixed_amount: { amount: 490, currency: 'eur' },
        },
      },
    ],
  });
}

it('pays through the hosted page with JavaScript disabled and returns to success_url', async () => {
  // Prepare
  const session = await createSession();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    // Act
    await page.goto(session.url as string);
    await expect.poll(() => page.locator('[data-total]').textContent()).toBe('€52.48');
    await page.screenshot({ path: join(RESULTS_DIR, 'stripe-local-checkout.png'), fullPage: true });
    await page.getByRole('button', { name: 'Decline card' }).click();
    const declined = await page.getByRole('alert').textContent();
    await page.screenshot({ path: join(RESULTS_DIR, 'stripe-local-declined.png'), fullPage: true });
    await page.getByRole('button', { name: 'Pay €52.48' }).click();
    await page.waitForURL(`${shopOrigin}/paid?session=${session.id}`);

    // Assess
    expect(declined).toContain('Your card was declined.');
    expect(await page.getByRole('heading').textContent()).toBe('Thanks for your order');
    const hook = await receiver.next((h) => h.rawBody.includes(session.id));
    const event = stripe.webhooks.constructEvent(hook.rawBody, hook.signature as string, local.webhookSecret);
    expect(event.type).toBe('checkout.session.completed');
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
    });
  } finally {
    await context.close();
  }
});

it('"Cancel and return to the shop" goes back to cancel_url with JavaScript disabled', async () => {
  const session = await createSession();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(session.url as string);
    await page.getByRole('button', { name: 'Cancel and return to the shop' }).click();
    await page.waitForURL(`${shopOrigin}/cart`);

    expect(await page.getByRole('heading').textContent()).toBe('Your cart');
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'open' });
  } finally {
    await context.close();
  }
});
