// Journey 5: the API becomes unreachable mid-session (every /api/** request
// is aborted by the browser as a refused connection: "API unreachable", the
// stack itself keeps running). An add rolls back with a visible, polite
// error and the page stays usable; once the API is back the cart the page
// shows is the cart the server holds.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  addFromCard,
  badge,
  closeCart,
  drawer,
  eventually,
  newDevice,
  openShop,
  screenshot,
  serverCartLines,
  settled,
  shownCart,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();

describe('API unreachable mid-session', () => {
  let page;
  let linesBefore;

  before(async () => {
    ({ page } = await newDevice(browser()));
    await openShop(page);
    await addFromCard(page, 'STICKERS');
    await settled(page);
    linesBefore = (await shownCart(page)).lines;
  });

  test('an add rolls back with a visible, polite error, and the page stays usable', async () => {
    // Prepare
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    const errors = [];
    await page.exposeFunction('__onCartError', (message) => errors.push(message));
    await page.evaluate(() =>
      document.addEventListener('cart:error', (e) => window.__onCartError(String(e.detail?.error?.message))),
    );

    // Act
    await page.locator('#products [data-sku="PEN-BRASS"] add-to-cart').getByRole('button').click();

    // Assess: the shopper is told, politely, in the drawer the add opened.
    await drawer(page).waitFor();
    const alert = drawer(page).getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const message = (await alert.textContent())?.trim() ?? '';
    assert.match(
      message,
      /try again|could not|couldn.t|unable|offline|connection/i,
      `a polite message, got "${message}"`,
    );
    assert.doesNotMatch(
      message,
      /TypeError|Failed to fetch|NETWORK_ERROR|stack|undefined/i,
      `no internals: "${message}"`,
    );
    assert.ok(errors.length > 0, 'cart:error was fired for the host page');
    await screenshot(page, '5-api-unreachable-error');

    // The page stays usable: the drawer closes, the card's button is enabled and focusable.
    await closeCart(page);
    const addPen = page.locator('#products [data-sku="PEN-BRASS"] add-to-cart').getByRole('button');
    assert.equal(await addPen.isEnabled(), true);
    await addPen.focus();

    // And the add was rolled back: the cart is what it was before.
    await eventually(
      async () => {
        assert.deepEqual((await shownCart(page)).lines, linesBefore, 'the add was rolled back');
        assert.equal(await badge(page), 1);
      },
      { timeout: 30_000, message: 'the add to roll back' },
    );
  });

  test('when the API is back, the cart shown is the cart the server holds', async () => {
    // Act: the API returns; the shopper adds again.
    await page.unroute('**/api/**');
    await closeCart(page);
    await addFromCard(page, 'PEN-BRASS');

    // Assess: what the page shows is what the server holds, with nothing left pending.
    await eventually(
      async () => {
        const shown = await shownCart(page);
        assert.equal(shown.pending, false);
        assert.deepEqual(shown.lines, await serverCartLines(page));
      },
      { timeout: 20_000, interval: 250, message: 'the shown cart to match the server' },
    );
    const lines = (await shownCart(page)).lines;
    assert.equal(lines.STICKERS, linesBefore.STICKERS, 'the line from before the outage is intact');
    assert.ok((lines['PEN-BRASS'] ?? 0) >= 1, 'the pen added after the API returned is there');
    assert.equal(
      await badge(page),
      Object.values(lines).reduce((a, b) => a + b, 0),
      'the badge agrees',
    );
  });
});
