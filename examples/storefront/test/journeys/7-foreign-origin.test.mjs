// Journey 7: a shop on ANOTHER origin pastes the embed snippet from the
// element's README: the script tag loading the CDN build from the stack, and
// <shopping-cart> / <add-to-cart>, under the strict CSP the README documents.
// The host page is served by its own tiny server on its own port, with its own
// stylesheet theming the cart, and the CSP is the README's snippet itself (read
// from the README by `embedCsp()`). Everything the page asks for must answer,
// and the cart must work there as it does on the storefront: add, product images,
// realtime (another tab, then another device), sign-up and sign-in, checkout to a
// confirmed order, theming.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkOutToReview, flow, ORDER_NUMBER, orderView, reviewTotals, shownText } from '../support/checkout.mjs';
import {
  closeCart,
  drawer,
  drawerLine,
  eventually,
  origin,
  openCart,
  RESULTS_DIR,
  screenshot,
  settled,
  shownCart,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';
import {
  embedCsp,
  parseCsp,
  README_LOCAL,
  readmeCsp,
  pixelStats,
  recordingPage,
  startHostSite,
} from '../support/host-site.mjs';

const ACCENT = [107, 33, 168];
const ACCENT_CSS = `rgb(${ACCENT.join(', ')})`;

/** The host site's own stylesheet: its look, plus the cart themed through the documented hooks only. */
const HOST_CSS = `
body { margin: 0; font-family: Georgia, serif; background: #fdf6e3; color: #2b2b2b; }
.masthead { display: flex; justify-content: space-between; align-items: center; padding: 1rem 2rem; background: #264653; color: #fff; }
.products { display: grid; grid-template-columns: repeat(2, 16rem); gap: 2rem; padding: 2rem; }
.product { padding: 1rem; background: #fff; border: 1px solid #e9c46a; }
shopping-cart, add-to-cart {
  --cart-accent: ${ACCENT_CSS}; --cart-accent-fg: #fff; --cart-radius: 2px; --cart-font: Georgia, serif;
}
shopping-cart::part(toggle) { border-radius: 999px; background: #e9c46a; }
shopping-cart::part(checkout) { text-transform: uppercase; }
add-to-cart::part(button) { letter-spacing: 2px; }
`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#264653"/></svg>`;

/** The host page: the README's embed snippet, pointed at the stack, and nothing of the shop's own script. */
function hostPage(api) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Elsewhere Goods</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/shop.css">
<script type="module" src="${api}/cdn/shopping-cart.js"></script>
</head>
<body>
<header class="masthead"><h1>Elsewhere Goods</h1><shopping-cart api="${api}/api" locale="en-US"></shopping-cart></header>
<main class="products">
  <article class="product"><h2>Classic Cotton Tee</h2><add-to-cart sku="TEE-CLASSIC">Add the tee</add-to-cart></article>
  <article class="product"><h2>Stoneware Mug</h2><add-to-cart sku="MUG-STONE">Add the mug</add-to-cart></article>
</main>
</body>
</html>`;
}

/**
 * Starts a host site on `hostName` for the API at `api`, with the README's CSP
 * for the local stack, this stack's origin in place of `localhost:3000`.
 */
async function hostSite(api, hostName) {
  const config = await (await fetch(`${api}/api/config`)).json();
  const apiOrigin = new URL(api).origin;
  const csp = embedCsp({
    cdn: apiOrigin,
    api: apiOrigin,
    realtime: apiOrigin.replace(/^http/, 'ws'),
    cognito: new URL(config.cognitoEndpoint).origin,
  });
  assert.match(csp, /^default-src 'none'; script-src /, 'the policy is the README snippet');
  const site = await startHostSite({
    hostname: hostName,
    headers: { 'content-security-policy': csp },
    files: {
      '/': { type: 'text/html; charset=utf-8', body: hostPage(apiOrigin) },
      '/shop.css': { type: 'text/css; charset=utf-8', body: HOST_CSS },
      '/favicon.svg': { type: 'image/svg+xml', body: FAVICON },
    },
  });
  return { site, csp, config };
}

/** The API answers CORS for the host origin (the stack's ALLOWED_ORIGINS must include it). */
async function assertOriginAllowed(api, hostOrigin) {
  const preflight = await fetch(`${api}/api/cart/items`, {
    method: 'OPTIONS',
    headers: {
      Origin: hostOrigin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type, x-cart-token',
    },
  });
  assert.equal(
    preflight.headers.get('access-control-allow-origin'),
    hostOrigin,
    `the API allows ${hostOrigin} (ALLOWED_ORIGINS)`,
  );
}

/** Opens the host page and waits for both tags to be defined and the cart to load, or says what went wrong. */
async function openHostPage(recorder, url) {
  await recorder.page.goto(url);
  try {
    await recorder.page.waitForFunction(
      () =>
        customElements.get('shopping-cart') !== undefined &&
        customElements.get('add-to-cart') !== undefined &&
        document.querySelector('shopping-cart')?.cart != null,
      null,
      { timeout: 15_000 },
    );
  } catch {
    const defined = await recorder.page.evaluate(() => ({
      'shopping-cart': customElements.get('shopping-cart') !== undefined,
      'add-to-cart': customElements.get('add-to-cart') !== undefined,
    }));
    assert.fail(
      `the embed did not start on ${url}: defined ${JSON.stringify(defined)}; the page saw:\n  ${recorder.problems.join('\n  ')}`,
    );
  }
}

/** Nothing the page requested failed, nothing broke the CSP, no error was logged. */
async function assertClean(recorder, what) {
  assert.deepEqual(await recorder.cspViolations(), [], `${what}: no CSP violation`);
  assert.deepEqual(recorder.problems, [], `${what}: every request answered without 4xx/5xx, no console or page error`);
}

/** The sockets a page opened to `api`'s host, still open. */
function openSocketsTo(recorder, api) {
  const host = new URL(api).host;
  return recorder.sockets.filter((s) => new URL(s.url).host === host && !s.closed && s.errors.length === 0);
}

const browser = useBrowser();
const sites = [];
after(async () => {
  for (const site of sites) await site.close();
});

test('a shop on another origin embeds the CDN build: it loads, adds with images, syncs across tabs and devices, signs in, checks out, and takes the theme', async () => {
  // Prepare: the host site on 127.0.0.1:<its port>, the stack's API on localhost:<port>.
  const api = origin();
  const { site } = await hostSite(api, '127.0.0.1');
  sites.push(site);
  assert.notEqual(site.origin, new URL(api).origin, 'the host page is on an origin of its own');
  await assertOriginAllowed(api, site.origin);
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    window.__orders = [];
    document.addEventListener('cart:checkout', (e) => window.__orders.push(e.detail?.order));
  });
  const shopper = await recordingPage(context);

  // Act 1: the snippet loads.
  await openHostPage(shopper, `${site.origin}/`);
  assert.equal((await shownCart(shopper.page)).itemCount, 0, 'a new visitor starts with an empty cart');

  // Act 2: add to cart from the host page's own <add-to-cart>.
  await shopper.page.locator('add-to-cart[sku="TEE-CLASSIC"]').getByRole('button').click();
  await drawer(shopper.page).waitFor();
  await settled(shopper.page);
  assert.deepEqual((await shownCart(shopper.page)).lines, { 'TEE-CLASSIC': 1 });

  // Assess: the line's product image comes from the API's side, not the host page's, and loads.
  const image = drawerLine(shopper.page, 'TEE-CLASSIC').locator('img[part~=line-image]');
  await image.waitFor();
  const src = await image.evaluate((img) => img.currentSrc || img.src);
  assert.notEqual(new URL(src).origin, site.origin, `the product image ${src} resolves against the host page`);
  await eventually(
    async () => {
      const loaded = await image.evaluate((img) => ({ complete: img.complete, width: img.naturalWidth }));
      assert.ok(
        loaded.complete && loaded.width > 0,
        `${src}: complete ${loaded.complete}, naturalWidth ${loaded.width}`,
      );
    },
    { timeout: 5_000, message: 'the product image to load' },
  );

  // Act 3: realtime. A second tab of the same shopper (same anonymous cart) follows a change.
  const secondTab = await recordingPage(context);
  await openHostPage(secondTab, `${site.origin}/`);
  assert.deepEqual((await shownCart(secondTab.page)).lines, { 'TEE-CLASSIC': 1 });
  await eventually(async () => assert.equal(openSocketsTo(secondTab, api).length, 1), {
    timeout: 5_000,
    message: `the second tab's socket to ${new URL(api).host} (opened: ${JSON.stringify(secondTab.sockets)})`,
  });
  const reloads = [];
  secondTab.page.on('framenavigated', (frame) => frame === secondTab.page.mainFrame() && reloads.push(frame.url()));
  await drawer(shopper.page).getByRole('button', { name: 'Increase quantity of Classic Cotton Tee' }).click();
  await settled(shopper.page);
  await eventually(async () => assert.deepEqual((await shownCart(secondTab.page))?.lines, { 'TEE-CLASSIC': 2 }), {
    timeout: 5_000,
    message: 'the second tab to show quantity 2 by push',
  });
  assert.deepEqual(reloads, [], 'the second tab did not reload');
  await assertClean(secondTab, 'second tab');
  await secondTab.page.close();

  // Assess: the host's theme reached the shadow DOM through the custom properties and ::part().
  const style = (selector, props) =>
    shopper.page
      .locator(selector)
      .first()
      .evaluate((el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el)[n]])), props);
  assert.deepEqual(await style('shopping-cart [part~=badge]', ['backgroundColor']), { backgroundColor: ACCENT_CSS });
  assert.deepEqual(await style('shopping-cart [part~=toggle]', ['borderTopLeftRadius', 'backgroundColor']), {
    borderTopLeftRadius: '999px',
    backgroundColor: 'rgb(233, 196, 106)',
  });
  assert.deepEqual(await style('shopping-cart [part~=checkout]', ['textTransform', 'backgroundColor']), {
    textTransform: 'uppercase',
    backgroundColor: ACCENT_CSS,
  });
  assert.deepEqual(await style('add-to-cart[sku="MUG-STONE"] [part~=button]', ['letterSpacing', 'backgroundColor']), {
    letterSpacing: '2px',
    backgroundColor: ACCENT_CSS,
  });

  // Assess: the screenshot shows the drawer with a real picture, not a blank or grey page.
  await mkdir(RESULTS_DIR, { recursive: true });
  const png = await shopper.page.screenshot();
  await writeFile(join(RESULTS_DIR, '7-foreign-origin-drawer.png'), png);
  const whole = await pixelStats(context, png, ACCENT);
  const box = await image.boundingBox();
  assert.ok(box, 'the product image is on screen');
  const picture = await pixelStats(context, await shopper.page.screenshot({ clip: box }));
  const report = JSON.stringify({ whole, picture });
  assert.ok(whole.colours >= 24, `the screenshot has too few colours to be a rendered page: ${report}`);
  assert.ok(whole.colourful > 0.04, `the screenshot is not a grey page: ${report}`);
  assert.ok(whole.nearTarget > 0.002, `the themed accent shows in the screenshot: ${report}`);
  assert.ok(picture.colourful > 0.5, `the drawer's product image is in colour, not blank or grey: ${report}`);

  // Act 4: sign up on the host page (code from the local stack), which signs in and merges the cart.
  const email = uniqueEmail('foreign');
  await signUp(shopper.page, email);
  await eventually(
    async () => {
      const cart = await shownCart(shopper.page);
      assert.equal(cart?.owner, 'user');
      assert.deepEqual(cart.lines, { 'TEE-CLASSIC': 2 });
    },
    { timeout: 10_000, message: 'the merged account cart' },
  );
  await signOut(shopper.page);
  await signIn(shopper.page, email);
  await eventually(async () => assert.deepEqual((await shownCart(shopper.page))?.lines, { 'TEE-CLASSIC': 2 }), {
    timeout: 10_000,
    message: 'the account cart after signing in again',
  });

  // Act 5: realtime across devices. The shopper signs in on a second device (its own
  // browser context, so its own storage and socket) and adds the mug there.
  const otherContext = await browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const otherDevice = await recordingPage(otherContext);
  await openHostPage(otherDevice, `${site.origin}/`);
  await signIn(otherDevice.page, email);
  await eventually(async () => assert.deepEqual((await shownCart(otherDevice.page))?.lines, { 'TEE-CLASSIC': 2 }), {
    timeout: 10_000,
    message: 'the account cart on the second device',
  });
  const firstDeviceReloads = [];
  shopper.page.on('framenavigated', (f) => f === shopper.page.mainFrame() && firstDeviceReloads.push(f.url()));
  await closeCart(otherDevice.page);
  await otherDevice.page.locator('add-to-cart[sku="MUG-STONE"]').getByRole('button').click();
  await settled(otherDevice.page);

  // Assess: the first device shows the mug by push, without reloading.
  await eventually(
    async () => assert.deepEqual((await shownCart(shopper.page))?.lines, { 'TEE-CLASSIC': 2, 'MUG-STONE': 1 }),
    { timeout: 5_000, message: "the second device's mug to reach the first by push" },
  );
  assert.deepEqual(firstDeviceReloads, [], 'the first device did not reload');

  // Act 6: check out on the host page, through the drawer's flow, and pay.
  await openCart(shopper.page);
  await checkOutToReview(shopper.page, { email, option: 'Standard' });
  const totals = await reviewTotals(shopper.page);
  assert.ok(totals.Total, `the review shows a total: ${JSON.stringify(totals)}`);
  const pay = flow(shopper.page).getByRole('button', { name: `Pay ${totals.Total}` });
  await pay.waitFor();
  await screenshot(shopper.page, '7-foreign-origin-review');
  await pay.click();

  // Assess: the order is confirmed on the host page, numbered, charged the total the review showed.
  await eventually(async () => assert.equal((await orderView(shopper.page)).status, 'CONFIRMED'), {
    timeout: 15_000,
    message: `the order to be confirmed (${await shownText(shopper.page)})`,
  });
  const { number } = await orderView(shopper.page);
  assert.match(number, ORDER_NUMBER);
  await screenshot(shopper.page, '7-foreign-origin-confirmed');
  const orderId = await shopper.page.evaluate(() => window.__orders.find((o) => o?.orderId)?.orderId);
  assert.equal(typeof orderId, 'string', 'cart:checkout carried the order');
  const order = await shopper.page.evaluate(
    (id) => document.querySelector('shopping-cart').client.getOrder(id),
    orderId,
  );
  assert.equal(order.status, 'CONFIRMED');
  assert.equal(
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(order.totals.total / 100),
    totals.Total,
  );
  assert.deepEqual(Object.fromEntries(order.items.map((line) => [line.sku, line.quantity])), {
    'TEE-CLASSIC': 2,
    'MUG-STONE': 1,
  });

  // Assess: the confirmed order empties the cart on both devices (the second by push).
  await eventually(
    async () => {
      assert.equal((await shownCart(shopper.page)).itemCount, 0, 'first device');
      assert.equal((await shownCart(otherDevice.page)).itemCount, 0, 'second device');
    },
    { timeout: 10_000, message: 'the cart to empty on both devices after the confirmed order' },
  );

  // Assess: all of it without one failed request, CSP violation or error on either device.
  await assertClean(shopper, 'host page');
  await assertClean(otherDevice, 'host page on the second device');
  assert.deepEqual(
    site.requests.filter((line) => !line.endsWith(' 200')),
    [],
    'the host server was asked only for its own files',
  );
  await otherContext.close();
  await context.close();
});

test("the README's AWS policy and its local-stack policy name the same directives and sources", () => {
  // Prepare: the AWS snippet's placeholders, mapped onto the local snippet's origins.
  const { aws, local } = readmeCsp();
  const toLocal = (source) =>
    source
      .replace('https://YOUR-CDN', README_LOCAL.api)
      .replace('wss://WS-ID.execute-api.REGION.amazonaws.com', README_LOCAL.realtime)
      .replace('https://cognito-idp.REGION.amazonaws.com', README_LOCAL.cognito);

  // Act
  const awsAsLocal = Object.fromEntries(
    Object.entries(parseCsp(aws)).map(([directive, sources]) => [directive, sources.map(toLocal)]),
  );

  // Assess: the journeys serve the local one, so the AWS one says the same.
  assert.deepEqual(awsAsLocal, parseCsp(local));
  assert.doesNotMatch(aws + local, /unsafe-inline|unsafe-eval|\*\.|data:/, 'no unsafe or broad sources');
});

test('the host page recorder reports a CSP violation and a failed request (so a clean record means something)', async () => {
  // Prepare: a host page under the same policy that asks for an image the CSP forbids and a stylesheet that is not there.
  const api = origin();
  const config = await (await fetch(`${api}/api/config`)).json();
  const apiOrigin = new URL(api).origin;
  const csp = embedCsp({
    cdn: apiOrigin,
    api: apiOrigin,
    realtime: apiOrigin.replace(/^http/, 'ws'),
    cognito: new URL(config.cognitoEndpoint).origin,
  });
  const site = await startHostSite({
    headers: { 'content-security-policy': csp },
    files: {
      '/': {
        type: 'text/html; charset=utf-8',
        body: '<!doctype html><title>x</title><link rel="stylesheet" href="/missing.css"><img src="http://localhost:9/forbidden.png" alt="">',
      },
    },
  });
  sites.push(site);
  const context = await browser().newContext();
  const recorder = await recordingPage(context);

  // Act
  await recorder.page.goto(`${site.origin}/`);

  // Assess
  await eventually(
    async () => assert.deepEqual(await recorder.cspViolations(), ['img-src http://localhost:9/forbidden.png']),
    { timeout: 5_000, message: 'the img-src violation to be reported' },
  );
  assert.ok(
    recorder.problems.some((p) => p.startsWith(`404 GET ${site.origin}/missing.css`)),
    `the 404 is recorded: ${JSON.stringify(recorder.problems)}`,
  );
  await context.close();
});

/** The API reached as 127.0.0.1 and a host page on localhost:<its port> whose snippet and CSP both say 127.0.0.1. */
async function byIpSite() {
  const api = origin().replace('//localhost:', '//127.0.0.1:');
  const { site, config } = await hostSite(api, 'localhost');
  sites.push(site);
  await assertOriginAllowed(api, site.origin);
  const context = await browser().newContext({ reducedMotion: 'reduce' });
  const shopper = await recordingPage(context);
  return { api, config, site, context, shopper };
}

/** Opens the host page and adds the mug. */
async function addOneLine(shopper, site) {
  await openHostPage(shopper, `${site.origin}/`);
  await shopper.page.locator('add-to-cart[sku="MUG-STONE"]').getByRole('button').click();
  await drawer(shopper.page).waitFor();
  await settled(shopper.page);
}

test('a host page whose CSP names the API by IP (127.0.0.1) gets its realtime socket on that host', async () => {
  // Prepare: what the CSP depends on, first: /config announces the socket on the host the API was reached at.
  const { api, config, site, context, shopper } = await byIpSite();
  assert.equal(
    new URL(config.realtimeUrl).host,
    new URL(api).host,
    `GET /config via ${new URL(api).host} announces ${config.realtimeUrl}`,
  );

  // Act
  await addOneLine(shopper, site);

  // Assess: the socket opened, on that host; the CSP let every connection through.
  await eventually(async () => assert.equal(openSocketsTo(shopper, api).length, 1), {
    timeout: 5_000,
    message: `a socket to ${new URL(api).host} (opened: ${JSON.stringify(shopper.sockets)})`,
  });
  const blockedConnections = (await shopper.cspViolations()).filter((v) => v.startsWith('connect-src'));
  assert.deepEqual(blockedConnections, [], 'no request or socket blocked by connect-src');
  await context.close();
});

test('a host page whose CSP names the API by IP (127.0.0.1) gets product images from that host', async () => {
  // Prepare + Act
  const { api, site, context, shopper } = await byIpSite();
  await addOneLine(shopper, site);

  // Assess: the line's image is on the host the API was reached at, so img-src lets it through, and it loads.
  const image = drawerLine(shopper.page, 'MUG-STONE').locator('img[part~=line-image]');
  const src = await image.evaluate((img) => img.currentSrc || img.src);
  assert.equal(new URL(src).host, new URL(api).host, `the API reached as ${new URL(api).host} hands out ${src}`);
  await eventually(
    async () => assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), `${src} loads`),
    { timeout: 5_000, message: 'the product image to load' },
  );
  await assertClean(shopper, 'host page');
  await context.close();
});
