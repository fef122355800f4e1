// Journey 4: checkout places an order that goes PENDING then CONFIRMED,
// reserves stock and empties the cart; asking for more than the stock is
// refused at checkout (issue 14: the quote sees the stock) with a message a
// shopper can read, and no order is placed.
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
  screenshot,
  serverProduct,
  settled,
  shownCart,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();

/** The order view's status, as the element renders it. */
async function orderView(page) {
  const order = drawer(page).locator('[part~=order]');
  return {
    status: await order.getAttribute('data-status'),
    text: (await order.locator('[part~=order-status]').textContent())?.trim(),
  };
}

test('checkout shows PENDING then CONFIRMED, takes the stock, and empties the cart', async () => {
  // Prepare
  const { page } = await newDevice(browser());
  const before = await serverProduct('POSTER-MAP');
  await openShop(page);
  await addFromCard(page, 'POSTER-MAP');
  await settled(page);
  await signUp(page, uniqueEmail('checkout'));

  // Act
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Check out' }).click();

  // Assess: the element reported PENDING first, then CONFIRMED.
  await eventually(async () => assert.equal((await orderView(page)).status, 'CONFIRMED'), {
    timeout: 15_000,
    message: 'the order to be confirmed',
  });
  assert.deepEqual(await page.evaluate(() => window.__checkoutStatuses), ['PENDING', 'CONFIRMED']);
  assert.equal((await orderView(page)).text, 'Order confirmed. Thank you!');
  await screenshot(page, '4-order-confirmed');
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
  // Prepare: 3 limited prints in the cart, 2 in stock.
  const { page } = await newDevice(browser());
  const before = await serverProduct('LIMITED-PRINT');
  assert.equal(before.stock, 2, 'the catalog seeds LIMITED-PRINT with 2');
  await openShop(page);
  await addFromCard(page, 'LIMITED-PRINT');
  await openCart(page);
  const increase = drawer(page).getByRole('button', { name: 'Increase quantity of Limited Edition Print' });
  await increase.click();
  await increase.click();
  await settled(page);
  assert.deepEqual((await shownCart(page)).lines, { 'LIMITED-PRINT': 3 });
  await signUp(page, uniqueEmail('oversell'));

  // Act
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Check out' }).click();

  // Assess: a polite alert, no order view, the stock and the cart as they were.
  const alert = drawer(page).getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  const message = (await alert.textContent())?.trim() ?? '';
  assert.match(message, /quantities in your cart/, `a message about the cart, got "${message}"`);
  assert.doesNotMatch(message, /CHECKOUT_BLOCKED|Error|undefined|\{/, `a sentence, not a code or a dump: "${message}"`);
  assert.equal(await drawer(page).locator('[part~=order]').count(), 0, 'no order was placed');
  assert.deepEqual(await page.evaluate(() => window.__checkoutStatuses ?? []), []);
  await screenshot(page, '4-checkout-blocked');
  assert.equal((await serverProduct('LIMITED-PRINT')).stock, 2, 'no stock was taken');
  assert.deepEqual(
    (await shownCart(page)).lines,
    { 'LIMITED-PRINT': 3 },
    'a refused checkout leaves the cart as it was',
  );
});
