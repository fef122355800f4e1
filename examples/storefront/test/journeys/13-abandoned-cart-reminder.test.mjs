// e2e-stack: reminders=fast
// Journey 13: an abandoned cart's reminder (issue 16), from the shopper's side. A guest
// reaches checkout with an email, leaves; the reminder arrives in the local mailbox
// (aws-ses-v2-local; this stack reminds after 3 untouched seconds and sweeps every 2);
// its link, opened in another browser that has a cart of its own, adds the left lines into that
// browser's cart (keeping what it held; the reminded cart itself is not handed over), with a
// notice; its unsubscribe link, in another browser, says no reminder will come; and after that
// the reminded cart, changed and taken to checkout again, gets no second reminder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addFromCard,
  closeCart,
  drawer,
  drawerLine,
  eventually,
  newDevice,
  openCart,
  openShop,
  screenshot,
  settled,
  shownCart,
  uniqueEmail,
  useBrowser,
  waitForCart,
} from '../support/e2e.mjs';
import { emailsTo, flow, onStep, typeAddress } from '../support/checkout.mjs';

const browser = useBrowser();

/** From the open cart: "Check out", the email, the address (its quote records the email); not further. */
async function reachShippingWith(page, email) {
  await drawer(page).getByRole('button', { name: 'Check out' }).click();
  await onStep(page, 'Contact');
  await flow(page).getByLabel('Email').fill(email);
  await flow(page).getByRole('button', { name: 'Continue' }).click();
  await onStep(page, 'Shipping address');
  await typeAddress(page);
  await flow(page).getByRole('button', { name: 'Continue' }).click();
  await onStep(page, 'Shipping');
}

const reminderTo = (email) =>
  emailsTo(email).then((emails) => emails.filter((mail) => /your cart is waiting/.test(mail.subject)));

/** Opens `url` (a reminder's link) on `page`; waits for the cart and the notice of the open drawer. */
async function follow(page, url) {
  await page.goto(url);
  await waitForCart(page);
  const notice = drawer(page).locator('[part=link-notice]');
  await notice.waitFor({ timeout: 10_000 });
  return ((await notice.textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\s*Dismiss\s*$/, '')
    .trim();
}

test('a guest who left at checkout gets one reminder; its link adds the lines into another browser’s own cart; unsubscribe stops the next', async () => {
  // Prepare: a guest adds two products and reaches the shipping step with an email, then leaves.
  const email = uniqueEmail('reminder');
  const first = await newDevice(browser());
  await openShop(first.page);
  await addFromCard(first.page, 'TEE-CLASSIC');
  await addFromCard(first.page, 'MUG-STONE');
  await addFromCard(first.page, 'MUG-STONE');
  await settled(first.page);
  const left = (await shownCart(first.page)).lines;
  await openCart(first.page);
  await reachShippingWith(first.page, email);
  // The guest leaves (the tab stays, untouched, for act 4).
  await first.page.goto('about:blank');

  // Act 1: the reminder arrives.
  const [reminder] = await eventually(
    async () => {
      const mails = await reminderTo(email);
      assert.equal(mails.length, 1, `one reminder to ${email}, got ${mails.length}`);
      return mails;
    },
    { timeout: 30_000, interval: 500, message: `the reminder to ${email} in the local mailbox` },
  );

  // Assess 1: what the email says, and its two links to the shop page.
  const text = reminder.body.text ?? '';
  assert.match(text, /1 × Classic Cotton Tee/);
  assert.match(text, /2 × Stoneware Mug/);
  const restoreUrl = text.match(/Pick up where you left off: (\S+)/)?.[1];
  const unsubscribeUrl = text.match(/No more reminders for this cart: (\S+)/)?.[1];
  assert.match(restoreUrl ?? '', /\/storefront\/#cartkit-restore=a\.[^&]+&token=[\w-]{22}$/);
  assert.match(unsubscribeUrl ?? '', /\/storefront\/#cartkit-unsubscribe=a\.[^&]+&token=[\w-]{22}$/);

  // Act 2: the restore link, in another browser whose cart already holds a notebook.
  const second = await newDevice(browser());
  await openShop(second.page);
  await addFromCard(second.page, 'NOTEBOOK-A5');
  await settled(second.page);
  const ownToken = await second.page.evaluate(() =>
    Object.entries(localStorage).find(([key]) => key.endsWith(':cartToken')),
  );
  assert.ok(ownToken, 'the second browser has a cart of its own');
  // The email's link opens the page anew (not a jump within the page already open).
  await second.page.goto('about:blank');
  const restored = await follow(second.page, restoreUrl);

  // Assess 2: the left lines are added to this browser's own cart (nothing it held is lost), said in
  // shopper words, its cart token is still its own, and the token left the address bar.
  assert.equal(restored, 'Welcome back! Here is the cart you left.');
  await eventually(async () => assert.deepEqual((await shownCart(second.page))?.lines, { ...left, 'NOTEBOOK-A5': 1 }), {
    message: 'the restored lines beside the notebook',
  });
  assert.deepEqual(
    await second.page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':cartToken'))),
    ownToken,
    'the link handed this browser no token for the reminded cart',
  );
  await drawerLine(second.page, 'MUG-STONE').getByText('Stoneware Mug').waitFor();
  // Every restored line shows its product's picture, not a grey box.
  for (const sku of Object.keys(left)) {
    const image = drawerLine(second.page, sku).locator('img[part~=line-image]');
    await eventually(
      async () =>
        assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), `${sku}'s image loads`),
      { timeout: 10_000, message: `the restored ${sku} line's image` },
    );
  }
  assert.equal(new URL(second.page.url()).hash, '', 'the link’s token is gone from the address bar');
  assert.doesNotMatch(await second.page.evaluate(() => JSON.stringify(history.state) + location.href), /token/);
  await screenshot(second.page, '13-reminder-restored');

  // Act 3: the unsubscribe link, in a third browser.
  const third = await newDevice(browser());
  const unsubscribed = await follow(third.page, unsubscribeUrl);

  // Assess 3
  assert.equal(unsubscribed, 'You won’t get reminders for this cart.');
  assert.equal(new URL(third.page.url()).hash, '');
  assert.deepEqual((await shownCart(third.page))?.lines, {}, 'unsubscribing adopts no cart');
  await screenshot(third.page, '13-reminder-unsubscribed');

  // Act 4: the second browser goes on shopping; the guest comes back to the reminded cart in the
  // first browser, changes it and goes to checkout with the email again, then leaves again.
  await closeCart(second.page);
  await addFromCard(second.page, 'TEE-CLASSIC');
  await settled(second.page);
  await second.context.close();
  await openShop(first.page);
  await eventually(async () => assert.deepEqual((await shownCart(first.page))?.lines, left), {
    message: 'the reminded cart as the guest left it, none of the second browser’s lines in it',
  });
  await addFromCard(first.page, 'TEE-CLASSIC');
  await settled(first.page);
  await openCart(first.page);
  await reachShippingWith(first.page, email);
  await first.page.goto('about:blank');

  // Assess 4: well past the 3 s and several sweeps (every 2 s), still the one reminder.
  await new Promise((resolve) => setTimeout(resolve, 9_000));
  assert.equal((await reminderTo(email)).length, 1, 'no second reminder');
  for (const device of [first, second, third]) {
    assert.deepEqual(device.pageErrors, [], 'no uncaught error on any page');
  }
  await first.context.close();
  assert.deepEqual(await third.page.evaluate(() => window.__cspViolations), [], "under the storefront's strict CSP");
  await third.context.close();
});
