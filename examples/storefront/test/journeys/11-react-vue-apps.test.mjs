// Journey 10: the framework example apps (examples/react with @cartkit/react,
// examples/vue with @cartkit/vue), built by Vite as a developer builds them and
// served from an origin of their own under the element's README CSP
// (`script-src 'self'`: the bundle is the page's own). In each: the catalog
// loads through the binding's client, "Add" in the app's own UI updates the
// app's state and the <shopping-cart> rendered inside the app, the element's
// events reach the app, a change made in the element's drawer reaches the app's
// state, and nothing fails, breaks the CSP or logs an error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  badge,
  cartToggle,
  drawer,
  drawerLine,
  eventually,
  origin,
  screenshot,
  settled,
  shownCart,
  useBrowser,
} from '../support/e2e.mjs';
import { embedCsp, filesFrom, recordingPage, startHostSite } from '../support/host-site.mjs';

const examples = fileURLToPath(new URL('../../../', import.meta.url));
const browser = useBrowser();
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** `vite build` of examples/<name> for this run's stack, into a temporary folder. */
function buildExample(name) {
  const out = mkdtempSync(join(tmpdir(), `cartkit-example-${name}-`));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  const cwd = join(examples, name);
  const result = spawnSync(
    join(cwd, 'node_modules/.bin/vite'),
    ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VITE_CARTKIT_API: `${origin()}/api` } },
  );
  assert.equal(result.status, 0, `vite build in examples/${name}:\n${result.stdout}${result.stderr}`);
  return out;
}

for (const [name, framework] of [
  ['react', 'React'],
  ['vue', 'Vue'],
]) {
  test(`the ${framework} example app, built by Vite, adds through the binding and renders <shopping-cart> inside the app`, async () => {
    // Prepare: the built app on its own origin, under the README's CSP.
    const api = origin();
    const config = await (await fetch(`${api}/api/config`)).json();
    const site = await startHostSite({
      files: filesFrom(buildExample(name)),
      headers: {
        'content-security-policy': embedCsp({
          cdn: "'self'",
          api,
          realtime: api.replace(/^http/, 'ws'),
          cognito: new URL(config.cognitoEndpoint).origin,
        }),
      },
    });
    cleanups.push(() => site.close());
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    cleanups.push(() => context.close());
    const shopper = await recordingPage(context);
    const { page } = shopper;
    const seen = () => `the page saw:\n  ${shopper.problems.join('\n  ')}`;

    // Act 1: the app starts; its catalog comes from the binding's client.
    await page.goto(`${site.origin}/`);
    await page
      .locator('main.products[data-state=ready] article')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch((error) => assert.fail(`the ${framework} app did not load its catalog (${error.message}); ${seen()}`));
    await eventually(async () => assert.equal(await page.locator('#summary').textContent(), '0 items in the cart'), {
      timeout: 10_000,
      message: `the app's useCart() to show the empty cart; ${seen()}`,
    });
    assert.equal(await page.evaluate(() => customElements.get('shopping-cart') !== undefined), true);

    // Act 2: add from the app's own button (useCart().add).
    await page
      .getByRole('button', { name: 'Add Stoneware Mug' })
      .click({ timeout: 10_000 })
      .catch(async (error) =>
        assert.fail(
          `no "Add Stoneware Mug" (${error.message}); the app shows: ${await page.locator('body').textContent()}`,
        ),
      );

    // Assess: the app's state, and the element inside the app, show the mug; the element's event reached the app.
    await eventually(async () => assert.equal(await page.locator('#summary').textContent(), '1 items in the cart'), {
      message: "the app's summary to count the mug",
    });
    assert.equal((await page.locator('[data-sku="MUG-STONE"] .in-cart').textContent())?.trim(), '1 in your cart');
    await settled(page);
    assert.deepEqual((await shownCart(page)).lines, { 'MUG-STONE': 1 }, 'the element shows the line');
    assert.equal(await badge(page), 1, "the element's badge");
    await eventually(async () => assert.equal(await page.locator('#last-event').textContent(), 'cart:change 1'), {
      message: 'cart:change to reach the app through the binding',
    });

    // Act 3: open the drawer and change the quantity in the element.
    await cartToggle(page).click();
    await drawer(page).waitFor();
    // The app renders the event's text on its next render (React batches the state update).
    await eventually(async () => assert.equal(await page.locator('#last-event').textContent(), 'cart:open toggle'), {
      message: 'cart:open to reach the app through the binding',
    });
    await drawerLine(page, 'MUG-STONE').waitFor();
    await drawer(page).getByRole('button', { name: 'Increase quantity of Stoneware Mug' }).click();
    await settled(page);

    // Assess: the app's state follows the element (one cart), and nothing went wrong.
    await eventually(async () => assert.equal(await page.locator('#summary').textContent(), '2 items in the cart'), {
      message: "the element's change to reach the app's useCart()",
    });
    await screenshot(page, `10-${name}-app-drawer`);
    assert.deepEqual(await shopper.cspViolations(), [], 'no CSP violation');
    assert.deepEqual(shopper.problems, [], 'every request answered, no console or page error');
    assert.deepEqual(
      site.requests.filter((line) => !line.endsWith(' 200')),
      [],
      'the app server was asked only for its own files',
    );
  });
}
