// Journey 1: a visitor adds two products without an account, reloads, and
// still has them; the badge and the toggle's name agree with the lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addFromCard,
  badge,
  cartToggle,
  drawerLine,
  newDevice,
  openCart,
  openShop,
  screenshot,
  settled,
  shownCart,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();

test('an anonymous visitor keeps two added products across a reload, with the right badge', async () => {
  // Prepare
  const { page, pageErrors } = await newDevice(browser());
  await openShop(page);
  assert.equal(await badge(page), 0, 'a new visitor starts with an empty cart');

  // Act
  await addFromCard(page, 'TEE-CLASSIC');
  await addFromCard(page, 'MUG-STONE');
  await settled(page);
  await page.reload();
  await page.locator('#products[data-state=ready]').waitFor();
  await settled(page);

  // Assess
  assert.deepEqual((await shownCart(page)).lines, { 'TEE-CLASSIC': 1, 'MUG-STONE': 1 });
  assert.equal(await badge(page), 2);
  assert.match((await cartToggle(page).getAttribute('aria-label')) ?? '', /^Open cart, 2 items$/);
  await page.evaluate(() => window.scrollTo(0, 0)); // the reload restored the scroll position; show the page's top
  await openCart(page);
  await drawerLine(page, 'TEE-CLASSIC').getByText('Classic Cotton Tee').waitFor();
  await drawerLine(page, 'MUG-STONE').getByText('Stoneware Mug').waitFor();
  await screenshot(page, '1-anonymous-cart-after-reload');
  assert.deepEqual(
    await page.evaluate(() => window.__cspViolations),
    [],
    "the embed works under the page's strict CSP",
  );
  assert.deepEqual(pageErrors, []);
});

test('the catalog shows prices from cents, stock states, and sold-out items cannot be added', async () => {
  const { page } = await newDevice(browser());
  await openShop(page);

  const tee = page.locator('#products [data-sku="TEE-CLASSIC"]');
  await tee.getByText('$24.00').waitFor();
  const print = page.locator('#products [data-sku="LIMITED-PRINT"]');
  assert.equal(await print.locator('[data-field=stock]').textContent(), 'Only 2 left');
  const soldOut = page.locator('#products [data-sku="SOLD-OUT-TEE"]');
  assert.equal(await soldOut.locator('[data-field=stock]').textContent(), 'Sold out');
  assert.equal(await soldOut.getByRole('button', { name: 'Sold out' }).isDisabled(), true);
  assert.equal(await soldOut.locator('add-to-cart').isVisible(), false, 'no add button on a sold-out product');
});
