// Journey 3: one account on two devices; a change on one shows on the other
// without a reload (realtime push over the WebSocket).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addFromCard,
  badge,
  drawerLine,
  eventually,
  newDevice,
  openCart,
  openShop,
  screenshot,
  settled,
  shownCart,
  signIn,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';

const browser = useBrowser();

test('a quantity change on one device shows on the other within seconds, without reloading', async () => {
  // Prepare: the account with one line, open on a laptop and a phone.
  const email = uniqueEmail('devices');
  const laptop = await newDevice(browser());
  await openShop(laptop.page);
  await addFromCard(laptop.page, 'BOTTLE-STEEL');
  await settled(laptop.page);
  await signUp(laptop.page, email);

  const phone = await newDevice(browser(), { viewport: { width: 390, height: 844 } });
  await openShop(phone.page);
  await signIn(phone.page, email);
  await eventually(async () => assert.deepEqual((await shownCart(phone.page))?.lines, { 'BOTTLE-STEEL': 1 }), {
    timeout: 10_000,
    message: 'the phone to show the account cart',
  });
  await openCart(phone.page);
  const phoneLoads = [];
  phone.page.on('framenavigated', (frame) => frame === phone.page.mainFrame() && phoneLoads.push(frame.url()));

  // Act: the laptop raises the quantity to 3.
  await openCart(laptop.page);
  const increase = laptop.page.getByRole('button', { name: 'Increase quantity of Steel Water Bottle' });
  await increase.click();
  await increase.click();
  await settled(laptop.page);
  assert.deepEqual((await shownCart(laptop.page)).lines, { 'BOTTLE-STEEL': 3 });

  // Assess: the phone's open drawer follows, with no reload.
  await eventually(
    async () => {
      assert.equal(
        (await drawerLine(phone.page, 'BOTTLE-STEEL').locator('[part~=quantity]').textContent())?.trim(),
        '3',
      );
    },
    { timeout: 5_000, message: 'the phone to show quantity 3' },
  );
  assert.equal(await badge(phone.page), 3);
  assert.deepEqual(phoneLoads, [], 'the phone did not reload');
  await screenshot(phone.page, '3-second-device-updated');
});
