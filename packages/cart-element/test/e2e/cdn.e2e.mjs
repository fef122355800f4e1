// The CDN build on a plain HTML page under a strict CSP, against the running
// local stack (its gateway serves dist/cdn/ at /cdn/). Run with `node --import tsx`.
import { chromium } from 'playwright-core';
import { startLocalStack } from '../../../backend/src/local/stack.ts';
import { ALLOW_LOCAL_NETWORK, chromiumLaunchOptions } from '../../../../scripts/chromium.mjs';

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push([name, false]);
    console.log(
      `  ✗ ${name}\n    ${String(error?.stack ?? error)
        .split('\n')
        .slice(0, 4)
        .join('\n    ')}`,
    );
  }
}
function assert(ok, message) {
  if (!ok) throw new Error(message);
}

const page = (origin, sku) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cartkit e2e</title>
<script type="module" src="/cdn/shopping-cart.js"></script></head>
<body><h1>Shop</h1>
<shopping-cart api="${origin}/api" locale="en-US"></shopping-cart>
<button data-cart-add="${sku}">Add</button>
<add-to-cart sku="${sku}" quantity="2">Add two</add-to-cart>
</body></html>`;

const stack = await startLocalStack({ port: 0, quiet: true });
const origin = new URL(stack.apiUrl).origin;
// The page document comes from route interception, which Chromium counts as a public address;
// its Local Network Access checks would then block the realtime WebSocket to localhost.
const browser = await chromium.launch(chromiumLaunchOptions({ extraArgs: ALLOW_LOCAL_NETWORK }));
try {
  const { items } = await (await fetch(`${stack.apiUrl}/products?limit=1`)).json();
  const sku = items[0].sku;
  const context = await browser.newContext();
  const csp = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${stack.wsUrl.replace(/\/ws$/, '')} ws://localhost:* http://localhost:* http://127.0.0.1:*`;
  await context.route(`${origin}/e2e.html`, (route) =>
    route.fulfill({ contentType: 'text/html', headers: { 'Content-Security-Policy': csp }, body: page(origin, sku) }),
  );
  const tab = await context.newPage();
  const violations = [];
  const requested = [];
  tab.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  tab.on('request', (r) => requested.push(r.url()));
  await tab.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const badge = () =>
    tab.locator('shopping-cart').evaluate((el) => el.shadowRoot.querySelector('[part=badge]').textContent.trim());

  await check('the CDN script defines the tags and shows an empty cart', async () => {
    await tab.goto(`${origin}/e2e.html`);
    await tab.waitForFunction(
      () => customElements.get('shopping-cart') && document.querySelector('shopping-cart').cart,
    );
    assert((await badge()) === '0', `badge ${await badge()}`);
  });

  await check('the sign-in chunk and the drawer templates are not loaded up front', async () => {
    assert(!requested.some((u) => /cart-auth-panel|cognito|drawer-body/.test(u)), requested.join('\n'));
  });

  await check('a data-cart-add button adds, and the server keeps it', async () => {
    await tab.evaluate(() => document.addEventListener('cart:open', (e) => e.preventDefault()));
    await tab.click('button[data-cart-add]');
    assert((await badge()) === '1', `badge right after click ${await badge()}`);
    await tab.waitForFunction(
      () =>
        document.querySelector('shopping-cart').cart?.pending === false &&
        document.querySelector('shopping-cart').cart.version > 0,
    );
  });

  await check('<add-to-cart> adds two', async () => {
    await tab.locator('add-to-cart').click();
    await tab.waitForFunction(() => document.querySelector('shopping-cart').cart?.itemCount === 3);
  });

  await check('the cart survives a reload (anonymous token + server)', async () => {
    await tab.reload();
    await tab.waitForFunction(() => document.querySelector('shopping-cart')?.cart?.itemCount === 3, null, {
      timeout: 10000,
    });
  });

  await check('opening the drawer loads its templates and shows the lines', async () => {
    await tab.locator('shopping-cart').evaluate((el) => el.show());
    await tab.locator(`shopping-cart [part=line][data-sku="${sku}"] [part=quantity]`).waitFor({ timeout: 10000 });
    assert(
      requested.some((u) => /chunks\/drawer-body-/.test(u)),
      'no drawer chunk request',
    );
  });

  await check('opening sign-in loads the lazy chunk', async () => {
    await tab.locator('shopping-cart [part=account] button').click();
    await tab.waitForFunction(() => customElements.get('cart-auth-panel'));
    assert(
      requested.some((u) => /chunks\/cart-auth-panel-/.test(u)),
      'no chunk request',
    );
  });

  await check('sign up with the emailed code, then check out to a final order status', async () => {
    const email = `e2e-${Date.now()}@example.com`;
    const panel = tab.locator('shopping-cart cart-auth-panel');
    await panel.getByRole('button', { name: /create an account/i }).click();
    await panel.locator('input[name=email]').fill(email);
    await panel.locator('input[name=password]').fill('Correct-horse-9');
    await panel.getByRole('button', { name: 'Create account' }).click();
    const next = await Promise.race([
      panel
        .locator('input[name=code]')
        .waitFor()
        .then(() => 'code'),
      panel
        .locator('[part=error]')
        .waitFor()
        .then(() => 'error'),
      tab
        .waitForFunction(() => document.querySelector('shopping-cart').client.getSnapshot().user)
        .then(() => 'signed-in'),
    ]);
    if (next === 'error') {
      // The panel shows a shopper-safe message; ask the SDK directly for the real cause.
      const cause = await tab.evaluate(async (email) => {
        try {
          await document
            .querySelector('shopping-cart')
            .client.auth.signUp({ email: `x${email}`, password: 'Correct-horse-9' });
          return 'second attempt succeeded';
        } catch (e) {
          return `${e.name} ${e.code} ${e.message} ${e.cause?.message ?? ''}`;
        }
      }, email);
      throw new Error(`sign-up error: ${await panel.locator('[part=error]').textContent()} (${cause})`);
    }
    let code;
    for (let i = 0; next === 'code' && i < 50 && !code; i += 1) {
      code = await stack.lastConfirmationCode(email);
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    if (next === 'code') {
      assert(code, 'no confirmation code');
      await panel.locator('input[name=code]').fill(code);
      await panel.getByRole('button', { name: 'Confirm' }).click();
    }
    await tab.waitForFunction(() => document.querySelector('shopping-cart').client.getSnapshot().user, null, {
      timeout: 15000,
    });
    await tab.waitForFunction(() => document.querySelector('shopping-cart').cart?.itemCount === 3, null, {
      timeout: 10000,
    });
    // Check out through the drawer's flow as the signed-in shopper: contact (the account's email, fixed),
    // address, shipping option, review, Pay; the shop has no online payment, so the order is final at once.
    const flow = tab.locator('shopping-cart cart-checkout');
    const step = (title) => flow.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: 10000 });
    await tab.locator('shopping-cart [part=checkout]').click();
    await step('Contact');
    await flow.getByText(`We will send the receipt to ${email}.`).waitFor();
    await flow.getByRole('button', { name: 'Continue' }).click();
    await step('Shipping address');
    await flow.getByLabel('Country').selectOption('US');
    await flow.getByLabel('Full name').fill('Ada Shopper');
    await flow.getByLabel('Address', { exact: true }).fill('1 Market St');
    await flow.getByLabel('Town or city').fill('San Francisco');
    await flow.getByLabel(/State, province or region/).fill('CA');
    await flow.getByLabel('Postal code').fill('94105');
    await flow.getByRole('button', { name: 'Continue' }).click();
    await step('Shipping');
    await flow.getByRole('radio').first().check();
    await flow.getByRole('button', { name: 'Continue' }).click();
    await step('Review and pay');
    const pay = flow.getByRole('button', { name: /^Pay / });
    const shown = (await pay.textContent()).trim().replace(/^Pay\s*/, '');
    await pay.click();
    const order = tab.locator(
      'shopping-cart [part~=order][data-status=CONFIRMED], shopping-cart [part~=order][data-status=FAILED]',
    );
    await order.waitFor({ timeout: 20000 });
    // The order is charged the total the review showed.
    const placed = await tab.evaluate(async () => {
      const el = document.querySelector('shopping-cart');
      const orders = Object.values(el.client.getSnapshot().orders);
      return orders[orders.length - 1];
    });
    const charged = new Intl.NumberFormat('en-US', { style: 'currency', currency: placed.currency }).format(
      placed.totals.total / 100,
    );
    assert(charged === shown, `charged ${charged}, the review showed ${shown}`);
    assert(/^CK-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/.test(placed.number ?? ''), `order number ${placed.number}`);
  });

  await check('no CSP violations or console errors', async () => {
    assert(violations.length === 0, violations.join('\n'));
  });
} finally {
  await browser.close();
  await stack.stop();
}
const passed = results.filter(([, ok]) => ok).length;
console.log(`e2e: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.length === passed ? 0 : 1);
