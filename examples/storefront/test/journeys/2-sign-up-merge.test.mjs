// Journey 2: the anonymous lines follow the shopper into a new account, leave
// the device when they sign out, and come back when they sign in again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addFromCard,
  badge,
  drawer,
  drawerLine,
  eventually,
  newDevice,
  openShop,
  screenshot,
  settled,
  shownCart,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();

test('signing up merges the anonymous cart; signing out empties it; signing in brings it back', async () => {
  // Prepare: two lines, added before having an account.
  const { page, pageErrors } = await newDevice(browser());
  const email = uniqueEmail('merge');
  await openShop(page);
  await addFromCard(page, 'CAP-CANVAS');
  await addFromCard(page, 'NOTEBOOK-A5');
  await settled(page);
  assert.equal((await shownCart(page)).owner, 'anonymous');

  // Act: sign up (code confirmation), which signs in and merges.
  await signUp(page, email);

  // Assess: the account's cart holds the anonymous lines.
  await eventually(
    async () => {
      const cart = await shownCart(page);
      assert.equal(cart?.owner, 'user');
      assert.deepEqual(cart.lines, { 'CAP-CANVAS': 1, 'NOTEBOOK-A5': 1 });
    },
    { timeout: 10_000, message: 'the merged cart' },
  );
  await drawerLine(page, 'CAP-CANVAS').waitFor();
  await drawerLine(page, 'NOTEBOOK-A5').waitFor();
  assert.equal(await badge(page), 2);
  await screenshot(page, '2-signed-in-merged-cart');

  // Act: sign out.
  await signOut(page);

  // Assess: nothing of the account's cart is left on the device.
  await drawer(page).getByText('Your cart is empty.').waitFor();
  assert.equal(await badge(page), 0);
  assert.equal((await shownCart(page))?.itemCount ?? 0, 0);

  // Act: sign in again.
  await signIn(page, email);

  // Assess: the account's cart is back.
  await eventually(
    async () => {
      const cart = await shownCart(page);
      assert.equal(cart?.owner, 'user');
      assert.deepEqual(cart.lines, { 'CAP-CANVAS': 1, 'NOTEBOOK-A5': 1 });
    },
    { timeout: 10_000, message: 'the account cart after signing in again' },
  );
  assert.equal(await badge(page), 2);
  assert.deepEqual(pageErrors, []);
});
