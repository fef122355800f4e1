// e2e-stack: payment=stripe
// Journey 10 (issue 14): checkout to a PAID order, with online payment on (the
// local Stripe's hosted page and webhooks, the receipt through aws-ses-v2-local).
// (a) A guest buys two products: address, shipping, review, "Pay", pays on the
//     local payment page, is back on the shop's page on the order view showing
//     PAID with a readable order number; the receipt in the local mailbox has the
//     number, the lines and the totals, and its link opens the order on a device
//     that never saw the cart.
// (b) A signed-in shopper buys twice and finds both orders in "Your orders", newest first.
// (c) Signing in at checkout lands on the review with the merged cart: nothing is placed.
// (d) A declined card stays on the payment page; Cancel comes back to the order, still payable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ADDRESS,
  assertOnlinePayment,
  checkOutToReview,
  emailsTo,
  flow,
  hostedPayButton,
  ORDER_NUMBER,
  onStep,
  orderView,
  payButton,
  reviewLines,
  reviewTotals,
  shownText,
  theReceipt,
  usd,
  waitForOrderStatus,
} from '../support/checkout.mjs';
import {
  addFromCard,
  badge,
  closeCart,
  drawer,
  eventually,
  newDevice,
  openCart,
  openShop,
  origin,
  PASSWORD,
  screenshot,
  serverProduct,
  settled,
  shownCart,
  signOut,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();
const PAID_TEXT = 'Payment received. Thank you!';

/** "Pay" on the review, then "Pay" on the local Stripe's page; resolves back on the shop's page. */
async function payOnHostedPage(page, total) {
  await payButton(page).click();
  await page.waitForURL(/\/c\/pay\/cs_/, { timeout: 20_000 }).catch(async (error) => {
    throw new Error(`not sent to the payment page: ${await shownText(page)}`, { cause: error });
  });
  const hostedPay = hostedPayButton(page);
  assert.equal(
    (await hostedPay.textContent())?.trim(),
    `Pay ${usd(total)}`,
    'the payment page charges the review total',
  );
  return hostedPay;
}

test('a guest buys two products, pays on the payment page, sees PAID, and gets the receipt whose link opens the order', async () => {
  assertOnlinePayment();
  // Prepare: two products in a guest's cart.
  const { page, pageErrors } = await newDevice(browser());
  const tee = await serverProduct('TEE-CLASSIC');
  const notebook = await serverProduct('NOTEBOOK-A5');
  await openShop(page);
  await addFromCard(page, 'TEE-CLASSIC');
  await addFromCard(page, 'NOTEBOOK-A5');
  await settled(page);
  assert.deepEqual((await shownCart(page)).lines, { 'TEE-CLASSIC': 1, 'NOTEBOOK-A5': 1 });
  const email = uniqueEmail('guest-buyer');

  // Act: the flow as a guest (no account), standard shipping to California.
  await openCart(page);
  await checkOutToReview(page, { email, guest: true, option: 'Standard' });

  // Assess the review: both lines, subtotal under the free-shipping threshold, 7.25% tax per line.
  const subtotal = tee.unitPrice + notebook.unitPrice;
  const tax = Math.round((tee.unitPrice * 725) / 10_000) + Math.round((notebook.unitPrice * 725) / 10_000);
  const total = subtotal + 500 + tax;
  assert.deepEqual(await reviewLines(page), {
    [`${tee.name} × 1`]: usd(tee.unitPrice),
    [`${notebook.name} × 1`]: usd(notebook.unitPrice),
  });
  assert.deepEqual(await reviewTotals(page), {
    Subtotal: usd(subtotal),
    'Shipping (Standard (3-5 business days))': usd(500),
    Tax: usd(tax),
    Total: usd(total),
  });
  await screenshot(page, '10-guest-review');

  // Act: "Pay" → the local Stripe's hosted page → its "Pay".
  const hostedPay = await payOnHostedPage(page, total);
  await page.getByText(`Paying as ${email}`).waitFor();
  await screenshot(page, '10-guest-payment-page');
  await hostedPay.click();

  // Assess: back on the shop's page, the order view shows PAID with a readable number.
  await page.waitForURL((url) => url.pathname === '/storefront/', { timeout: 20_000 });
  await waitForOrderStatus(page, 'PAID');
  const view = await orderView(page);
  assert.equal(view.text, PAID_TEXT);
  assert.match(view.number ?? '', ORDER_NUMBER);
  assert.match(view.totals ?? '', new RegExp(`Total ${usd(total).replace('$', '\\$')}`));
  assert.equal(new URL(page.url()).hash, '', 'the order id and token do not stay in the address bar');
  await screenshot(page, '10-guest-order-paid');
  // The paid lines left the cart.
  await eventually(async () => assert.equal(await badge(page), 0), {
    timeout: 15_000,
    message: 'the cart to empty after PAID',
  });

  // Assess the receipt in the local mailbox: one email, with the number, the lines, the totals and a link.
  const receipt = await theReceipt(email);
  assert.match(receipt.subject, new RegExp(view.number));
  const text = receipt.body.text ?? '';
  for (const expected of [view.number, tee.name, notebook.name, usd(subtotal), usd(tax), usd(total), ADDRESS.line1]) {
    assert.ok(text.includes(expected), `the receipt's text has "${expected}":\n${text}`);
  }
  assert.ok((receipt.body.html ?? '').includes(view.number), 'the HTML part has the number too');
  const link = text.match(/https?:\/\/\S+#cartkit-order=\S+/)?.[0];
  assert.ok(link, `the receipt links to the order:\n${text}`);
  assert.match(link, /[#&]token=[^&\s]+/, 'the link carries the order access token');
  assert.equal(new URL(link).origin, origin(), 'the link goes to the shop');

  // Act: the link, on a device that never saw this cart (no cart token, not signed in).
  const other = await newDevice(browser());
  await other.page.goto(link);

  // Assess: the order opens there, PAID, with the same number.
  await waitForOrderStatus(other.page, 'PAID');
  const opened = await orderView(other.page);
  assert.equal(opened.number, view.number);
  assert.equal(opened.text, PAID_TEXT);
  assert.equal(new URL(other.page.url()).hash, '', 'the token leaves the address bar');
  await screenshot(other.page, '10-receipt-link-order');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(other.pageErrors, []);
  await other.context.close();
});

test('a signed-in shopper buys twice and finds both orders in "Your orders", newest first', async () => {
  assertOnlinePayment();
  const { page } = await newDevice(browser());
  await openShop(page);
  const email = uniqueEmail('account-buyer');
  await signUp(page, email);
  await closeCart(page);
  const numbers = [];
  for (const sku of ['MUG-STONE', 'SOCKS-3PK']) {
    await addFromCard(page, sku);
    await settled(page);
    await openCart(page);
    await checkOutToReview(page, { email, guest: false, option: 'Standard' });
    const total = Number.parseInt(((await reviewTotals(page)).Total ?? '').replace(/[^0-9]/g, ''), 10);
    const hostedPay = await payOnHostedPage(page, total);
    await hostedPay.click();
    await page.waitForURL((url) => url.pathname === '/storefront/', { timeout: 20_000 });
    await waitForOrderStatus(page, 'PAID');
    numbers.push((await orderView(page)).number);
    await drawer(page).getByRole('button', { name: 'Continue shopping' }).click();
    await eventually(async () => assert.equal(await badge(page), 0), { timeout: 15_000, message: 'an empty cart' });
    await closeCart(page);
  }

  // Act: "Your orders".
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Your orders' }).click();

  // Assess: both orders, the second (newest) first, each PAID.
  const items = drawer(page).locator('[part~=orders-item]');
  await eventually(async () => assert.equal(await items.count(), 2), { timeout: 10_000, message: 'two orders' }).catch(
    async (error) => {
      await screenshot(page, '10-your-orders-failed');
      const direct = await page
        .evaluate(() =>
          Promise.race([
            document
              .querySelector('shopping-cart')
              .client.listOrders()
              .then((r) => JSON.stringify(r).slice(0, 300)),
            new Promise((r) => setTimeout(() => r('listOrders still pending after 5 s'), 5000)),
          ]),
        )
        .catch((e) => `listOrders failed: ${e.message}`);
      throw new Error(`${error.message}: ${await shownText(page)} | ${direct}`, { cause: error });
    },
  );
  const listed = (await items.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.match(listed[0], new RegExp(`View order ${numbers[1]}`));
  assert.match(listed[1], new RegExp(`View order ${numbers[0]}`));
  for (const line of listed) assert.match(line, /Payment received/);
  await screenshot(page, '10-your-orders');

  // An order opens from the list.
  await drawer(page)
    .getByRole('button', { name: `View order ${numbers[0]}` })
    .click();
  await waitForOrderStatus(page, 'PAID');
  assert.equal((await orderView(page)).number, numbers[0]);
});

test('signing in at checkout lands on the review with the merged cart, address and shipping kept; nothing is placed', async () => {
  assertOnlinePayment();
  // Prepare: an account whose cart holds a line saved on another device.
  const email = uniqueEmail('merge-at-checkout');
  const saved = await newDevice(browser());
  await openShop(saved.page);
  await signUp(saved.page, email);
  await closeCart(saved.page);
  await addFromCard(saved.page, 'CANDLE-CEDAR');
  await settled(saved.page);
  await signOut(saved.page);
  await saved.context.close();

  // A guest on this device: one line, through address and Express shipping to the review.
  const { page, pageErrors } = await newDevice(browser());
  await openShop(page);
  await addFromCard(page, 'STICKERS');
  await settled(page);
  await openCart(page);
  await checkOutToReview(page, { email: 'typed-as-guest@example.com', guest: true, option: 'Express' });
  assert.equal(Object.keys(await reviewLines(page)).length, 1, 'the guest cart has one line');

  // Act: "Have an account? Sign in" on the review, then sign in.
  await flow(page).getByRole('button', { name: 'Have an account? Sign in' }).click();
  await drawer(page).getByText('Sign in to check out.').waitFor();
  await drawer(page).getByLabel('Email').fill(email);
  await drawer(page).getByLabel('Password').fill(PASSWORD);
  await drawer(page).locator('form').getByRole('button', { name: 'Sign in' }).click();

  // Assess: back on the review (not the cart, not an order), with both lines, the address,
  // Express, the account's email, a notice that the cart changed, and nothing placed.
  await onStep(page, 'Review and pay', 20_000);
  await payButton(page).waitFor({ timeout: 15_000 });
  const candle = await serverProduct('CANDLE-CEDAR');
  const stickers = await serverProduct('STICKERS');
  assert.deepEqual(await reviewLines(page), {
    [`${stickers.name} × 1`]: usd(stickers.unitPrice),
    [`${candle.name} × 1`]: usd(candle.unitPrice),
  });
  const totals = await reviewTotals(page);
  assert.equal(totals['Subtotal'], usd(stickers.unitPrice + candle.unitPrice));
  assert.equal(totals['Shipping (Express (1-2 business days))'], usd(1500), 'the shipping choice is kept');
  const review = await flow(page).evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
  assert.match(review, new RegExp(`${ADDRESS.name}, ${ADDRESS.line1}, ${ADDRESS.city}, United States`));
  assert.match(review, new RegExp(`We will send the receipt to ${email.replace(/[.+]/g, '\\$&')}`));
  assert.doesNotMatch(review, /typed-as-guest/);
  assert.match(review, /Your cart changed/);
  assert.equal(await drawer(page).locator('[part~=order]').count(), 0, 'no order view');
  assert.deepEqual(await page.evaluate(() => window.__checkoutStatuses), [], 'no cart:checkout: nothing placed');
  await drawer(page).getByText(`Signed in as ${email}`).waitFor();
  await screenshot(page, '10-sign-in-review');
  assert.deepEqual(pageErrors, []);
  // The account has no order (GET /orders as the owner, through the SDK).
  const orders = await page.evaluate(() => document.querySelector('shopping-cart').client.listOrders());
  assert.deepEqual(orders.items, [], 'signing in placed no order');
  assert.deepEqual(await emailsTo(email), [], 'and sent no receipt');
});

test('a declined card stays on the payment page; Cancel returns to the order awaiting payment, which can still be paid', async () => {
  assertOnlinePayment();
  const { page, pageErrors } = await newDevice(browser());
  await openShop(page);
  await addFromCard(page, 'PEN-BRASS');
  await settled(page);
  const email = uniqueEmail('declined');
  await openCart(page);
  await checkOutToReview(page, { email, guest: true, option: 'Standard' });
  const total = Number.parseInt(((await reviewTotals(page)).Total ?? '').replace(/[^0-9]/g, ''), 10);
  await payOnHostedPage(page, total);

  // Act: "Decline card". Assess: still on the payment page, told so, nothing paid.
  await page.getByRole('button', { name: 'Decline card' }).click();
  await page.getByRole('alert').filter({ hasText: 'Your card was declined' }).waitFor();
  assert.match(page.url(), /\/c\/pay\/cs_/);
  await screenshot(page, '10-declined');

  // Act: "Cancel and return to the shop". Assess: the order view, still awaiting payment, nothing charged.
  await page.getByRole('button', { name: 'Cancel and return to the shop' }).click();
  await page.waitForURL((url) => url.pathname === '/storefront/', { timeout: 20_000 });
  await waitForOrderStatus(page, 'AWAITING_PAYMENT');
  assert.equal((await orderView(page)).text, 'Waiting for your payment…');
  assert.equal(new URL(page.url()).hash, '', 'the fragment leaves the address bar');
  const resume = drawer(page).getByRole('link', { name: 'Continue to payment' });
  await resume.waitFor();
  assert.equal(
    (await drawer(page).locator('[part~=order-payment-cancelled]').textContent())?.trim(),
    'You left the payment page, so nothing was charged. Your items stay reserved until the payment window closes.',
    'the shopper is told why the order waits',
  );
  await screenshot(page, '10-cancelled-order');
  assert.deepEqual(await emailsTo(email), [], 'no receipt for an unpaid order');

  // Act: "Continue to payment", then pay. Assess: PAID, one receipt.
  await resume.click();
  await page.waitForURL(/\/c\/pay\/cs_/, { timeout: 20_000 });
  await hostedPayButton(page).click();
  await page.waitForURL((url) => url.pathname === '/storefront/', { timeout: 20_000 });
  await waitForOrderStatus(page, 'PAID');
  const receipt = await theReceipt(email);
  assert.match(receipt.subject, new RegExp((await orderView(page)).number));
  assert.deepEqual(pageErrors, []);
});
