// Journey 12 (issue 16): the admin page at /admin/. An admin (an account made admin with
// `pnpm admin:grant`) signs in, creates a product with two variants and adjusts a variant's
// stock, creates a discount code and registers a webhook endpoint; a shopper buys one variant
// with the code (through the SDK: the element has no code field yet); the admin fulfils the
// order with a tracking number; the shopper's order view shows "Your order is on its way.", and
// the delivery log shows the order.fulfilled webhook delivered. Every admin section is axe clean.
// Runs on the stack without online payment (orders go CONFIRMED), where discounts apply.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { adminSignIn, axeViolations, grantAdmin, openSection } from '../support/admin.mjs';
import { ADDRESS, orderView, waitForOrderStatus } from '../support/checkout.mjs';
import {
  drawer,
  eventually,
  newDevice,
  openCart,
  openShop,
  PASSWORD,
  RESULTS_DIR,
  screenshot,
  serverProduct,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../admin/screenshots');

/** A webhook receiver on loopback: records each delivery's event type and Standard Webhooks headers. */
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        type: JSON.parse(body).type,
        id: req.headers['webhook-id'],
        signature: req.headers['webhook-signature'],
      });
      res.writeHead(204).end();
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, received, close: () => server.close() };
}

async function keep(page, name, { fullPage = false } = {}) {
  const path = fullPage ? await fullScreenshot(page, name) : await screenshot(page, name);
  await mkdir(SCREENSHOTS, { recursive: true });
  await copyFile(path, join(SCREENSHOTS, `${name}.png`));
}

async function fullScreenshot(page, name) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

async function assertAxeClean(page, where) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe on ${where}:\n${violations.join('\n')}`);
}

test('an admin sets up a product with variants and a code, a shopper buys with it, the admin fulfils it', async () => {
  const tag = Date.now().toString(36).toUpperCase();
  const sku = `E2E-HOODIE-${tag}`;
  const code = `WELCOME${tag}`.slice(0, 32);
  const receiver = await startReceiver();
  try {
    // An admin: an account signed up in the shop, then put in the "admin" group.
    const adminEmail = uniqueEmail('admin');
    const adminDevice = await newDevice(browser(), { viewport: { width: 1360, height: 900 } });
    const admin = adminDevice.page;
    await openShop(admin);
    await signUp(admin, adminEmail);

    // The sign-in form is accessible, and refuses the account while it is only a shopper's.
    await admin.goto('/admin/');
    await admin.getByRole('heading', { name: 'Sign in to the shop admin' }).waitFor();
    await assertAxeClean(admin, 'the sign-in form');
    await admin.getByLabel('Email').fill(adminEmail);
    await admin.getByLabel('Password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').filter({ hasText: 'not a shop admin' }).waitFor();
    assert.equal(await admin.getByRole('navigation', { name: 'Sections' }).count(), 0, 'no sections for a shopper');

    await grantAdmin(adminEmail);
    await adminSignIn(admin, adminEmail, PASSWORD);

    // A product with two variants (size S and M), active; then 3 more M in stock.
    await admin.getByLabel('SKU', { exact: true }).fill(sku);
    await admin.getByLabel('Name', { exact: true }).fill('Harbour hoodie');
    await admin.getByLabel('Visibility').selectOption('active');
    await admin.getByLabel('Options', { exact: true }).fill('size');
    await admin
      .getByLabel('Variants', { exact: true })
      .fill(`${sku}-S | size=S | 40.00 | 5\n${sku}-M | size=M | 42.00 | 5`);
    await admin.getByRole('button', { name: 'Save product' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${sku} created` })
      .waitFor();
    const variants = admin.getByRole('list', { name: 'Variants of Harbour hoodie' });
    assert.equal(await variants.getByRole('listitem').count(), 2);
    await admin.getByLabel(`Stock change for ${sku}-M`).fill('3');
    await admin
      .getByRole('listitem')
      .filter({ hasText: `${sku}-M` })
      .getByRole('button', { name: 'Adjust' })
      .click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${sku}-M: stock is now 8` })
      .waitFor();
    // The public catalog is cached for up to 5 s per function instance (docs/API.md).
    await eventually(async () => assert.equal((await serverProduct(`${sku}-M`)).stock, 8), {
      timeout: 8_000,
      interval: 500,
      message: 'the public catalog to show the variant with its stock',
    });
    await assertAxeClean(admin, 'products');
    // The new product at the top of the screenshot (the seeded catalog is long).
    await admin
      .getByRole('row')
      .filter({ hasText: 'Harbour hoodie' })
      .evaluate((row) => window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY - 260));
    await keep(admin, 'admin-products');

    // A 10% code for this product only.
    await openSection(admin, 'Discount codes');
    await admin.getByLabel('Code', { exact: true }).fill(code);
    await admin.getByLabel('Kind').selectOption('percentage');
    await admin.getByLabel('Amount', { exact: true }).fill('10');
    // Codes match cart lines by SKU, and a cart line of a variant is the variant's SKU.
    await admin.getByLabel('Only these SKUs').fill(`${sku}-S, ${sku}-M`);
    await admin.getByRole('button', { name: 'Save code' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${code} created` })
      .waitFor();
    const codeRow = admin.getByRole('row').filter({ hasText: code });
    assert.match(await codeRow.textContent(), /10% off/);
    await assertAxeClean(admin, 'discount codes');
    await keep(admin, 'admin-discounts');

    // A webhook endpoint for order.fulfilled on loopback.
    await openSection(admin, 'Webhooks');
    await admin.getByLabel('URL', { exact: true }).fill(receiver.url);
    for (const event of ['order.paid', 'order.refunded', 'order.expired']) await admin.getByLabel(event).uncheck();
    await admin.getByLabel('order.fulfilled').check();
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${receiver.url} added` })
      .waitFor();

    // A shopper signs up and buys one M with the code, through the element's SDK client.
    const shopper = (await newDevice(browser())).page;
    const shopperEmail = uniqueEmail('shopper');
    await openShop(shopper);
    await signUp(shopper, shopperEmail);
    const placed = await shopper.locator('shopping-cart').evaluate(
      async (el, { variant, discountCode, email, address }) => {
        const client = el.client;
        await client.add(variant, 1);
        const request = { email, shippingAddress: address, discountCode };
        const quote = await client.quote(request);
        const order = await client.checkout({
          ...request,
          shippingOptionId: quote.shippingOptionId,
          expectedTotal: quote.total,
        });
        return { quote, order };
      },
      { variant: `${sku}-M`, discountCode: code, email: shopperEmail, address: ADDRESS },
    );
    assert.equal(placed.quote.discount, 420, '10% of 42.00');
    assert.deepEqual(placed.quote.problems ?? [], []);
    const orderId = placed.order.orderId;
    const number = await eventually(
      async () => {
        const order = await shopper.locator('shopping-cart').evaluate((el, id) => el.client.getOrder(id), orderId);
        assert.equal(order.status, 'CONFIRMED');
        return order.number;
      },
      { timeout: 20_000, interval: 300, message: 'the order to be CONFIRMED' },
    );

    // The shopper opens it under "Your orders".
    await shopper.reload();
    await openCart(shopper);
    await drawer(shopper).getByRole('button', { name: 'Your orders' }).click();
    await drawer(shopper).locator(`[part="orders-item"][data-order="${orderId}"] button`).click();
    await waitForOrderStatus(shopper, 'CONFIRMED');

    // The admin finds it under CONFIRMED and fulfils it with a tracking number.
    await openSection(admin, 'Orders');
    await admin.getByLabel('Show orders').selectOption('CONFIRMED');
    const row = admin.getByRole('row').filter({ hasText: number });
    await eventually(
      async () => {
        if ((await row.count()) === 0) await admin.getByRole('button', { name: 'Refresh' }).click();
        assert.equal(await row.count(), 1);
      },
      { timeout: 10_000, interval: 500, message: `order ${number} in the CONFIRMED list` },
    );
    assert.match(await row.textContent(), new RegExp(`${code}`), 'the order shows its code');
    await assertAxeClean(admin, 'orders');
    await admin.getByLabel(`Tracking number for ${number}`).fill('TRACK-123');
    await admin.getByRole('button', { name: `Fulfil ${number}` }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${number} is fulfilled` })
      .waitFor();
    await admin.getByLabel('Show orders').selectOption('');
    await keep(admin, 'admin-orders');

    // The admin finds it again by the shopper's email typed in capitals, then by its number in
    // lower case, and exports what the search found as CSV (a file download).
    const search = admin.getByLabel('Search orders by number or email');
    const orderRows = admin.getByRole('region', { name: 'Orders' }).getByRole('row');
    await search.fill(shopperEmail.toUpperCase());
    await admin.getByRole('button', { name: 'Search', exact: true }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `1 order found for “${shopperEmail.toUpperCase()}”` })
      .waitFor();
    assert.equal(await orderRows.count(), 2, 'the header and the one order of that email');
    assert.match(await orderRows.nth(1).textContent(), new RegExp(number));
    await search.fill(number.toLowerCase());
    await admin.getByRole('button', { name: 'Search', exact: true }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `1 order found for “${number.toLowerCase()}”` })
      .waitFor();
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    await admin.getByRole('status').filter({ hasText: 'Exported 1 order to orders-' }).waitFor();
    assert.match(download.suggestedFilename(), /^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, record, end] = (await readFile(await download.path(), 'utf8')).split('\r\n');
    const columns = header.split(',');
    const cells = Object.fromEntries(record.split(',').map((cell, i) => [columns[i], cell]));
    assert.equal(end, '', 'one record, ended by CRLF');
    assert.deepEqual(
      [
        cells.number,
        cells.email,
        cells.status,
        cells.discount_code,
        cells.discount,
        cells.lines,
        cells.tracking_number,
      ],
      [number, shopperEmail, 'FULFILLED', code, '420', '1', 'TRACK-123'],
    );
    assert.match(await orderRows.nth(1).textContent(), new RegExp(cells.total_formatted.replace('$', '\\$')));
    await assertAxeClean(admin, 'orders, searched and exported');
    await keep(admin, 'admin-orders-search');

    // The shopper's open order view says so, live.
    await waitForOrderStatus(shopper, 'FULFILLED');
    assert.equal((await orderView(shopper)).text, 'Your order is on its way.');
    await screenshot(shopper, '12-shopper-order-fulfilled');

    // The webhook reached the receiver, signed, and the log shows it delivered.
    await eventually(
      () => assert.ok(receiver.received.some((r) => r.type === 'order.fulfilled' && r.signature?.startsWith('v1,'))),
      {
        timeout: 15_000,
        message: 'the order.fulfilled webhook',
      },
    );
    await openSection(admin, 'Webhooks');
    const delivery = admin
      .getByRole('region', { name: 'Delivery log, newest first' })
      .getByRole('row')
      .filter({ hasText: 'order.fulfilled' })
      .filter({ hasText: receiver.url });
    await eventually(
      async () => {
        await admin.getByRole('button', { name: 'Refresh the log' }).click();
        assert.match(await delivery.first().textContent(), /delivered/);
      },
      { timeout: 10_000, interval: 500, message: 'the delivery logged as delivered' },
    );
    await assertAxeClean(admin, 'webhooks');
    await keep(admin, 'admin-webhooks', { fullPage: true });
    assert.deepEqual(await admin.evaluate(() => window.__cspViolations), [], 'no CSP violations on the admin page');
    assert.deepEqual(adminDevice.pageErrors, [], 'no uncaught errors on the admin page');
  } finally {
    receiver.close();
  }
});
