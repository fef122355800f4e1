// Journey 6: keyboard only. Open the cart, change a quantity, remove a line,
// close it; focus goes back where it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  drawer,
  eventually,
  newDevice,
  openShop,
  screenshot,
  settled,
  shownCart,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();

/** What has focus, looking through open shadow roots: its accessible label or text. */
function focused(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return '';
    return (active.getAttribute('aria-label') || active.textContent || active.tagName).trim().replace(/\s+/g, ' ');
  });
}

/** Presses Tab (or Shift+Tab) until `match` has focus; fails after `limit` presses. */
async function tabTo(page, match, { limit = 40, key = 'Tab' } = {}) {
  for (let i = 0; i < limit; i++) {
    if (match.test(await focused(page))) return;
    await page.keyboard.press(key);
  }
  assert.fail(`never reached ${match} with ${key}; focus is on "${await focused(page)}"`);
}

test('keyboard only: add, open the cart, change a quantity, remove a line, close; focus returns', async () => {
  // Prepare: a fresh page; focus starts at the top.
  const { page } = await newDevice(browser());
  await openShop(page);

  // Add two products with the keyboard; each add opens the drawer, Esc closes it
  // and focus returns to the add button.
  for (const name of ['Merino Beanie', 'Cedar Candle']) {
    await tabTo(page, new RegExp(`^${name}$`)); // the card's name link
    await page.keyboard.press('Tab'); // its add button
    assert.equal(await focused(page), 'Add to cart');
    await page.keyboard.press('Enter');
    await drawer(page).waitFor();
    await page.keyboard.press('Escape');
    await drawer(page).waitFor({ state: 'hidden' });
    assert.match(await focused(page), /^Add to cart/, 'focus is back on the add button');
  }
  await settled(page);
  assert.deepEqual((await shownCart(page)).lines, { 'BEANIE-WOOL': 1, 'CANDLE-CEDAR': 1 });

  // Open the cart from the header.
  await tabTo(page, /^Open cart, 2 items$/, { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await drawer(page).waitFor();

  // Raise the beanie to 2.
  await tabTo(page, /^Increase quantity of Merino Beanie$/);
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal((await shownCart(page)).lines['BEANIE-WOOL'], 2), {
    message: 'beanie quantity 2',
  });
  assert.equal(await focused(page), 'Increase quantity of Merino Beanie', 'focus stays on the stepper');

  // Remove the candle.
  await tabTo(page, /^Remove Cedar Candle$/);
  await page.keyboard.press('Enter');
  await eventually(async () => assert.deepEqual((await shownCart(page)).lines, { 'BEANIE-WOOL': 2 }), {
    message: 'the candle removed',
  });
  assert.notEqual(await focused(page), 'BODY', 'focus is not lost to the page after removing a line');
  await screenshot(page, '6-keyboard-drawer');

  // Close with the close button (Enter), and focus is back on the toggle.
  await tabTo(page, /^Close cart$/);
  await page.keyboard.press('Enter');
  await drawer(page).waitFor({ state: 'hidden' });
  assert.match(await focused(page), /^Open cart, 2 items$/);
  await settled(page);
  assert.deepEqual((await shownCart(page)).lines, { 'BEANIE-WOOL': 2 });
});
