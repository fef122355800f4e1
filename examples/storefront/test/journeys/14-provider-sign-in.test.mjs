// Journey 14: sign in with a provider (issue 18) from a shop on ANOTHER origin. The host page (its
// own server and port, the README's CSP) embeds the CDN build; a visitor adds a tee anonymously,
// opens sign-in, presses "Continue with Local provider", lands on the local hosted sign-in's
// identity page (no JavaScript), types an email and continues; the callback page sends them back
// to the shop page, signed in, the anonymous line merged into the account's cart, the code gone
// from the address bar. Signing out also ends the hosted session: the next "Continue with" shows
// the identity page again instead of signing straight back in.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  closeCart,
  drawer,
  drawerLine,
  eventually,
  openCart,
  origin,
  screenshot,
  settled,
  shownCart,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';
import { embedCsp, recordingPage, startHostSite } from '../support/host-site.mjs';
import { continueAtLocalProvider, hostedSessionEnded, localOAuth } from '../support/hosted-sign-in.mjs';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#2a9d8f"/></svg>`;

/** The host page: the README's embed snippet pointed at the stack, nothing of the shop's own script. */
function hostPage(api) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Faraway Goods</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<script type="module" src="${api}/cdn/shopping-cart.js"></script>
</head>
<body>
<header><h1>Faraway Goods</h1><shopping-cart api="${api}/api" locale="en-US"></shopping-cart></header>
<main><article><h2>Classic Cotton Tee</h2><add-to-cart sku="TEE-CLASSIC">Add the tee</add-to-cart></article></main>
</body>
</html>`;
}

/** The shop's own script on the popup page: its button signs in through the element's SDK client, in a popup. */
const POPUP_APP = `const cart = document.querySelector('shopping-cart');
document.querySelector('#popup-sign-in').addEventListener('click', () => {
  cart.client.auth.signInWith('LocalIdP', { mode: 'popup' }).then(
    (user) => { document.querySelector('#result').textContent = 'signed in as ' + user.email; },
    (error) => { document.querySelector('#result').textContent = 'refused: ' + error.reason; },
  );
});
`;

/** The same shop page with a "Sign in in a popup" button of its own (its script from its own origin). */
function popupPage(api) {
  return hostPage(api).replace(
    '</main>',
    '<p><button id="popup-sign-in" type="button">Sign in in a popup</button> <output id="result"></output></p></main>\n<script type="module" src="/app.js"></script>',
  );
}

/** The host site at its origin's root (a redirect sign-out comes back to `/`), under the README's CSP. */
async function hostSite(api) {
  const config = await (await fetch(`${api}/api/config`)).json();
  const apiOrigin = new URL(api).origin;
  const csp = embedCsp({
    cdn: apiOrigin,
    api: apiOrigin,
    realtime: apiOrigin.replace(/^http/, 'ws'),
    cognito: new URL(config.cognitoEndpoint).origin,
  });
  return startHostSite({
    hostname: '127.0.0.1',
    // The README's policy; the shop's own script (the popup page's) is `'self'`, as the README says to add.
    headers: { 'content-security-policy': csp.replace('script-src ', "script-src 'self' ") },
    files: {
      '/': { type: 'text/html; charset=utf-8', body: hostPage(apiOrigin) },
      '/popup/': { type: 'text/html; charset=utf-8', body: popupPage(apiOrigin) },
      '/app.js': { type: 'text/javascript; charset=utf-8', body: POPUP_APP },
      '/favicon.svg': { type: 'image/svg+xml', body: FAVICON },
    },
  });
}

/** Waits until `<shopping-cart>` on the host page has loaded a cart. */
async function cartLoaded(page) {
  await page.waitForFunction(
    () => customElements.get('shopping-cart') && document.querySelector('shopping-cart')?.cart != null,
    null,
    { timeout: 15_000 },
  );
}

/** From the host page: open the cart, "Sign in", then "Continue with Local provider". */
async function continueWithLocalProvider(page) {
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Sign in' }).click();
  await drawer(page).getByRole('button', { name: 'Continue with Local provider' }).click();
}

/** The signed-in user's cart as the server holds it, with the access token the SDK keeps. */
async function accountCartLines(page) {
  const token = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(':session'));
    return key ? JSON.parse(localStorage.getItem(key) ?? 'null')?.accessToken : null;
  });
  assert.equal(typeof token, 'string', 'the page holds a session');
  const response = await fetch(`${origin()}/api/cart`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, 'GET /cart as the user');
  const cart = await response.json();
  return { owner: cart.owner, lines: Object.fromEntries(cart.items.map((line) => [line.sku, line.quantity])) };
}

const browser = useBrowser();
const sites = [];
after(async () => {
  for (const site of sites) await site.close();
});

test('a shop on another origin: add anonymously, Continue with the local provider, back signed in with the cart merged; sign-out ends the hosted session', async () => {
  // Prepare: the host site on its own origin; the hosted sign-in the stack announces.
  const api = origin();
  const site = await hostSite(api);
  sites.push(site);
  const oauth = await localOAuth();
  assert.deepEqual(
    oauth.providers.map((p) => p.name),
    ['Local provider'],
  );
  assert.notEqual(site.origin, new URL(api).origin, 'the host page is on an origin of its own');
  assert.notEqual(new URL(oauth.domain).origin, site.origin, 'the hosted sign-in is on an origin of its own');
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const shopper = await recordingPage(context);
  const { page } = shopper;
  const email = uniqueEmail('provider');
  await page.goto(`${site.origin}/`);
  await cartLoaded(page);

  // Act 1: a tee, anonymously.
  await page.locator('add-to-cart[sku="TEE-CLASSIC"]').getByRole('button').click();
  await drawer(page).waitFor();
  await settled(page);
  assert.deepEqual((await shownCart(page)).lines, { 'TEE-CLASSIC': 1 });
  await closeCart(page);

  // Act 2: "Continue with Local provider": the page leaves for the hosted sign-in's identity page.
  await continueWithLocalProvider(page);
  await page.waitForURL((url) => url.origin === oauth.domain, { timeout: 10_000 });
  assert.equal(await page.locator('script').count(), 0, 'the identity page works without JavaScript');
  await page.getByLabel('Email').waitFor();
  await screenshot(page, 'journey-14-identity-page');
  await continueAtLocalProvider(page, email);

  // Assess: back on the shop's page, signed in, the tee merged into the account's cart.
  await page.waitForURL((url) => url.origin === site.origin, { timeout: 15_000 });
  await eventually(async () => assert.equal(new URL(page.url()).hash, '', 'the code left the address bar'), {
    message: 'the fragment to go',
  });
  await cartLoaded(page);
  // Nobody clicks: the drawer opens by itself on the outcome, so the shopper sees they are signed in.
  await drawer(page).waitFor({ timeout: 15_000 });
  await drawer(page).getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 });
  await screenshot(page, 'journey-14-returned');
  // The merge follows the sign-in: the cart shown becomes the account's, with the tee in it once.
  await eventually(
    async () => {
      const shown = await shownCart(page);
      assert.equal(shown?.owner, 'user', 'the cart shown is the account’s');
      assert.ok(!shown.pending && shown.version > 0, 'settled');
      assert.deepEqual(shown.lines, { 'TEE-CLASSIC': 1 }, 'the anonymous line came along, once');
    },
    { timeout: 10_000, message: 'the merged cart' },
  );
  assert.deepEqual(await accountCartLines(page), { owner: 'user', lines: { 'TEE-CLASSIC': 1 } });
  assert.equal(
    await page.evaluate(() => sessionStorage.getItem('cartkit:oauth')),
    null,
    'the pending attempt is used up',
  );
  await drawerLine(page, 'TEE-CLASSIC').waitFor();
  assert.deepEqual(await shopper.cspViolations(), [], 'the README’s CSP lets the code exchange through');
  await screenshot(page, 'journey-14-signed-in');

  // Act 3: sign out: through the hosted logout and back to the shop's root.
  // (The page was at the root already: wait for the hosted logout's answer and the next page load.)
  const loggedOut = page.waitForResponse((response) => response.url().startsWith(`${oauth.domain}/logout?`));
  const reloaded = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 15_000,
  });
  await drawer(page).getByRole('button', { name: 'Sign out' }).click();
  const logout = new URL((await loggedOut).url());
  assert.equal(logout.searchParams.get('logout_uri'), `${site.origin}/`, 'back to the shop origin’s root');
  await reloaded;
  assert.equal(page.url(), `${site.origin}/`);
  await page.waitForLoadState('load');
  await cartLoaded(page);
  assert.equal(await hostedSessionEnded(context), true, 'the hosted session cookie is gone');
  assert.equal(
    await page.evaluate(() =>
      Object.keys(localStorage).some((k) => k.endsWith(':session') && localStorage.getItem(k) !== 'null'),
    ),
    false,
    'no session left on the device',
  );
  assert.deepEqual((await shownCart(page)).lines, {}, 'nothing of the account stays after sign-out');

  // Assess: the next "Continue with" asks again (the identity page, not straight back in).
  await continueWithLocalProvider(page);
  await page.waitForURL((url) => url.origin === oauth.domain, { timeout: 10_000 });
  await page.getByLabel('Email').waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), '', 'a fresh identity page');
  await screenshot(page, 'journey-14-asks-again');

  // And nothing went wrong on the way: no failed request, CSP violation or error on any page.
  assert.deepEqual(shopper.problems, [], 'every request answered, no console or page error');
  await context.close();
});

test('popup mode: the page stays, the popup signs in and closes, the cart merges; sign-out ends the hosted session in a popup too', async () => {
  // Prepare: the shop page with its own "Sign in in a popup" button, a tee added anonymously.
  const api = origin();
  const site = await hostSite(api);
  sites.push(site);
  const oauth = await localOAuth();
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const shopper = await recordingPage(context);
  const { page } = shopper;
  const email = uniqueEmail('popup');
  await page.goto(`${site.origin}/popup/`);
  await cartLoaded(page);
  await page.locator('add-to-cart[sku="TEE-CLASSIC"]').getByRole('button').click();
  await drawer(page).waitFor();
  await settled(page);
  await closeCart(page);

  // Act: the popup opens on the identity page; the shopper continues there.
  const opened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in in a popup' }).click();
  const popup = await opened;
  await popup.waitForURL((url) => url.origin === oauth.domain, { timeout: 10_000 });
  await screenshot(popup, 'journey-14-popup-identity-page');
  await continueAtLocalProvider(popup, email);

  // Assess: the popup closed itself, the page never left, the shopper is signed in with the tee merged.
  await eventually(async () => assert.equal(popup.isClosed(), true, 'the popup closed'), {
    timeout: 10_000,
    message: 'the popup to close',
  });
  await page.getByText(`signed in as ${email}`).waitFor({ timeout: 15_000 });
  assert.equal(page.url(), `${site.origin}/popup/`, 'the page stayed where it was');
  await eventually(
    async () => {
      const shown = await shownCart(page);
      assert.equal(shown?.owner, 'user');
      assert.deepEqual(shown.lines, { 'TEE-CLASSIC': 1 });
    },
    { timeout: 10_000, message: 'the merged cart' },
  );
  assert.deepEqual(await accountCartLines(page), { owner: 'user', lines: { 'TEE-CLASSIC': 1 } });

  // Act: sign out from the drawer: the hosted logout runs in a popup, which closes on the signed-out page.
  await openCart(page);
  const logoutOpened = page.waitForEvent('popup');
  await drawer(page).getByRole('button', { name: 'Sign out' }).click();
  const logoutPopup = await logoutOpened;
  await eventually(async () => assert.equal(logoutPopup.isClosed(), true, 'the sign-out popup closed'), {
    timeout: 10_000,
    message: 'the sign-out popup to close',
  });
  await drawer(page).getByRole('button', { name: 'Sign in' }).waitFor();

  // Assess: still on the page, the hosted session over, nothing went wrong.
  assert.equal(page.url(), `${site.origin}/popup/`);
  await eventually(async () => assert.equal(await hostedSessionEnded(context), true, 'the hosted session ended'), {
    message: 'the hosted session to end',
  });
  assert.deepEqual(await shopper.cspViolations(), [], 'no CSP violation');
  assert.deepEqual(shopper.problems, [], 'every request answered, no console or page error');
  await context.close();
});
