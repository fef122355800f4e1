// Journey 4: checkout goes through the drawer's flow (issue 14: contact, shipping
// address, shipping option, review, "Pay {total}"); the order goes PENDING then
// CONFIRMED with a CK-XXXX-XXXX number, charges the total the review showed,
// reserves stock and empties the cart. A line beyond the stock (another buyer took
// it meanwhile) is refused at checkout with a message naming the product, checkout
// stays blocked, and no order is placed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addFromCard,
  badge,
  drawer,
  eventually,
  newDevice,
  openCart,
  openShop,
  origin,
  screenshot,
  serverProduct,
  settled,
  shownCart,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';
import {
  ADDRESS,
  checkOutToReview,
  flow,
  ORDER_NUMBER,
  orderView,
  reviewTotals,
  shownText,
  usd,
} from '../support/checkout.mjs';

const browser = useBrowser();

/** Records each `cart:checkout` order (the first carries the order's access token). */
async function recordOrders(context) {
  await context.addInitScript(() => {
    window.__orders = [];
    document.addEventListener('cart:checkout', (e) => window.__orders.push(e.detail?.order));
  });
}

/** Another buyer, through the API as a guest: buys `quantity` of `sku` and waits for the order to confirm. */
async function anotherBuyerTakes(sku, quantity) {
  const api = `${origin()}/api`;
  const anon = await fetch(`${api}/cart/anonymous`, { method: 'POST' });
  assert.equal(anon.status, 201, 'POST /cart/anonymous');
  const { cartToken } = await anon.json();
  const headers = { 'content-type': 'application/json', 'x-cart-token': cartToken };
  const add = await fetch(`${api}/cart/items`, { method: 'POST', headers, body: JSON.stringify({ sku, quantity }) });
  assert.equal(add.status, 200, 'the other buyer adds');
  const request = { email: uniqueEmail('other-buyer'), shippingAddress: { ...ADDRESS, country: 'US' } };
  const quoted = await fetch(`${api}/checkout/quote`, { method: 'POST', headers, body: JSON.stringify(request) });
  assert.equal(quoted.status, 200, 'the other buyer is quoted');
  const quote = await quoted.json();
  const placed = await fetch(`${api}/cart/checkout`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...request, shippingOptionId: quote.shippingOptionId, expectedTotal: quote.total }),
  });
  assert.equal(placed.status, 202, `the other buyer's checkout: ${placed.status}`);
  const { orderId } = await placed.json();
  await eventually(
    async () => {
      const order = await (await fetch(`${api}/orders/${orderId}`, { headers })).json();
      assert.equal(order.status, 'CONFIRMED');
    },
    { timeout: 15_000, message: "the other buyer's order to be confirmed" },
  );
}

test('checkout shows PENDING then CONFIRMED, takes the stock, and empties the cart', async () => {
  // Prepare
  const { context, page } = await newDevice(browser());
  await recordOrders(context);
  const before = await serverProduct('POSTER-MAP');
  await openShop(page);
  await addFromCard(page, 'POSTER-MAP');
  await settled(page);
  const email = uniqueEmail('checkout');
  await signUp(page, email);

  // Act: through the flow to the review, express shipping to California.
  await openCart(page);
  await checkOutToReview(page, { email, option: 'Express' });

  // Assess the review: subtotal, shipping (the chosen option), California's 7.25% tax, total.
  const subtotal = before.unitPrice;
  const shipping = 1500;
  const tax = Math.round((subtotal * 725) / 10_000);
  const total = subtotal + shipping + tax;
  assert.deepEqual(await reviewTotals(page), {
    Subtotal: usd(subtotal),
    'Shipping (Express (1-2 business days))': usd(shipping),
    Tax: usd(tax),
    Total: usd(total),
  });
  const pay = flow(page).getByRole('button', { name: `Pay ${usd(total)}` });
  await pay.waitFor();
  await screenshot(page, '4-checkout-review');

  // Act: pay.
  await pay.click();

  // Assess: the element reported PENDING first, then CONFIRMED, with the order's number.
  await eventually(async () => assert.equal((await orderView(page)).status, 'CONFIRMED'), {
    timeout: 15_000,
    message: 'the order to be confirmed',
  });
  assert.deepEqual(await page.evaluate(() => window.__checkoutStatuses), ['PENDING', 'CONFIRMED']);
  assert.equal((await orderView(page)).text, 'Order confirmed. Thank you!');
  const { number } = await orderView(page);
  assert.match(number, ORDER_NUMBER);
  await drawer(page)
    .locator('[part~=order-totals]')
    .getByText(`Total ${usd(total)}`)
    .waitFor();
  await screenshot(page, '4-order-confirmed');
  // The server charged the total the review showed: GET /orders/{id} as the signed-in owner (through the SDK).
  const orderId = await page.evaluate(() => window.__orders.find((o) => o?.orderId)?.orderId);
  assert.equal(typeof orderId, 'string', 'cart:checkout carried the order');
  const order = await page.evaluate((id) => document.querySelector('shopping-cart').client.getOrder(id), orderId);
  assert.equal(order.status, 'CONFIRMED');
  assert.equal(order.number, number);
  assert.equal(order.totals.total, total, 'the order is charged the total the review showed');
  assert.equal(order.email, email);
  assert.deepEqual(
    order.items.map((line) => [line.sku, line.quantity]),
    [['POSTER-MAP', 1]],
  );
  // Product listings may be up to the catalog cache's age (5 s) behind the reservation: poll.
  await eventually(
    async () => assert.equal((await serverProduct('POSTER-MAP')).stock, before.stock - 1, 'one poster reserved'),
    {
      timeout: 10_000,
      message: 'the reserved poster to show in the stock',
    },
  );
  await eventually(
    async () => {
      assert.equal((await shownCart(page)).itemCount, 0);
      assert.equal(await badge(page), 0);
    },
    { timeout: 10_000, message: 'the cart to empty after the confirmed order' },
  );
});

test('buying more than the stock is refused at checkout with a readable message and keeps the cart', async () => {
  // Prepare: both limited prints in the cart (the stepper stops at the stock), the shopper at the review.
  const { page } = await newDevice(browser());
  const before = await serverProduct('LIMITED-PRINT');
  assert.equal(before.stock, 2, 'the catalog seeds LIMITED-PRINT with 2');
  await openShop(page);
  await addFromCard(page, 'LIMITED-PRINT');
  await openCart(page);
  const increase = drawer(page).getByRole('button', { name: 'Increase quantity of Limited Edition Print' });
  await increase.click();
  await settled(page);
  assert.deepEqual((await shownCart(page)).lines, { 'LIMITED-PRINT': 2 });
  assert.equal(await increase.isDisabled(), true, 'the stepper cannot go past the stock');
  const email = uniqueEmail('oversell');
  await signUp(page, email);
  await openCart(page);
  await checkOutToReview(page, { email, option: 'Standard' });
  // Meanwhile another buyer takes one of the two; the shop's stock shows it
  // (product reads may be up to the catalog cache's age, 5 s, behind: poll).
  await anotherBuyerTakes('LIMITED-PRINT', 1);
  await eventually(async () => assert.equal((await serverProduct('LIMITED-PRINT')).stock, 1), {
    timeout: 10_000,
    message: "the other buyer's print to leave the stock",
  });

  // Act: pay for two.
  await flow(page).getByRole('button', { name: /^Pay / }).click();

  // Assess: the review says, by product name, what is wrong; Pay stays disabled; no order.
  const notice = flow(page).locator('[part=notice]').filter({ hasText: 'Limited Edition Print' });
  await notice.waitFor({ timeout: 15_000 }).catch(async (error) => {
    await screenshot(page, '4-checkout-blocked-failed');
    throw new Error(`no stock notice: ${await shownText(page)}`, { cause: error });
  });
  const message = (await notice.textContent())?.trim() ?? '';
  assert.equal(message, 'Only 1 of Limited Edition Print left: lower the quantity to check out.');
  assert.doesNotMatch(
    message,
    /OVER_STOCK|CHECKOUT_BLOCKED|Error|undefined|\{/,
    `a sentence, not a code: "${message}"`,
  );
  assert.equal(await flow(page).locator('[part=pay]').getAttribute('aria-disabled'), 'true', 'Pay is disabled');
  await flow(page).locator('[part=pay]').focus();
  await page.keyboard.press('Enter'); // pressing the disabled Pay places nothing
  assert.equal(await drawer(page).locator('[part~=order]').count(), 0, 'no order was placed');
  assert.deepEqual(await page.evaluate(() => window.__checkoutStatuses ?? []), []);
  await screenshot(page, '4-checkout-blocked');

  // "Back to cart to fix this" leads back to the cart, the lines as they were.
  await flow(page).getByRole('button', { name: 'Back to cart to fix this' }).click();
  await drawer(page).locator('cart-checkout').waitFor({ state: 'detached' });
  assert.equal(await drawer(page).locator('[part~=order]').count(), 0, 'still no order');

  // Only the other buyer's print was taken, and the cart is as the shopper left it.
  await eventually(async () => assert.equal((await serverProduct('LIMITED-PRINT')).stock, 1, 'no more stock taken'), {
    timeout: 10_000,
    message: "the other buyer's reservation only",
  });
  assert.deepEqual(
    (await shownCart(page)).lines,
    { 'LIMITED-PRINT': 2 },
    'a refused checkout leaves the cart as it was',
  );
});
