// Shared by the journeys: the browser, the shop's pages, and the cart as a
// shopper sees it (roles and accessible names first; `part` attributes, the
// element's documented styling hooks, only where no role names the thing).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** Where each journey leaves its screenshots (gitignored). */
export const RESULTS_DIR = join(here, '../../test-results');

/** The local stack's origin, from the runner (`test/run-e2e.mts`). */
export function origin() {
  const url = process.env.CARTKIT_E2E_URL;
  if (!url)
    throw new Error('CARTKIT_E2E_URL is not set: run the journeys with `pnpm test:e2e` (it starts the local stack)');
  return url;
}

export function launch() {
  return chromium.launch(chromiumLaunchOptions());
}

/**
 * The set-up every journey shares: one Chromium for the whole file, launched
 * before its first test and closed after its last. Call it once at the top of
 * a journey; the returned function gives the browser inside tests and hooks.
 * @example
 *   const browser = useBrowser();
 *   test('…', async () => { const { page } = await newDevice(browser()); });
 * @returns {() => import('playwright-core').Browser}
 */
export function useBrowser() {
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet: call browser() inside a test or hook');
    return browser;
  };
}

/**
 * A new "device": a browser context with its own storage, and one page that
 * records CSP violations and uncaught errors for the journey to check.
 * @param {import('playwright-core').Browser} browser
 */
export async function newDevice(browser, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport, baseURL: origin(), reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    window.__checkoutStatuses = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
    document.addEventListener('cart:checkout', (e) => window.__checkoutStatuses.push(e.detail?.order?.status));
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/** Opens the storefront (or another path) and waits for the catalog and the cart to load. */
export async function openShop(page, path = '/storefront/') {
  await page.goto(path);
  if (path.startsWith('/storefront/') && !path.includes('product.html')) {
    await page.locator('#products[data-state=ready]').waitFor();
  }
  await waitForCart(page);
}

/** Waits until `<shopping-cart>` has loaded a cart. */
export async function waitForCart(page) {
  await page.waitForFunction(
    () => customElements.get('shopping-cart') && document.querySelector('shopping-cart')?.cart != null,
    null,
    {
      timeout: 15_000,
    },
  );
}

/**
 * The cart the element shows, read through its public `cart` property.
 * @returns {Promise<{ itemCount: number, version: number, pending: boolean, owner: string, lines: Record<string, number> }>}
 */
export function shownCart(page) {
  return page.evaluate(() => {
    const cart = document.querySelector('shopping-cart')?.cart;
    if (!cart) return null;
    return {
      itemCount: cart.itemCount,
      version: cart.version,
      pending: Boolean(cart.pending),
      owner: cart.owner,
      lines: Object.fromEntries(cart.items.map((line) => [line.sku, line.quantity])),
    };
  });
}

/** Waits until every optimistic change has been confirmed by the server. */
export async function settled(page) {
  await eventually(
    async () => {
      const cart = await shownCart(page);
      assert.ok(cart && !cart.pending && cart.version > 0, `cart not settled: ${JSON.stringify(cart)}`);
    },
    { timeout: 10_000, message: 'the cart to settle' },
  );
}

/** The toggle button, named "Open cart, N items". */
export function cartToggle(page) {
  return page.getByRole('button', { name: /^Open cart/ });
}

/** The number on the toggle's badge (aria-hidden: the toggle's name says it). */
export async function badge(page) {
  return Number((await page.locator('shopping-cart [part~=badge]').textContent())?.trim());
}

/** The cart drawer (a modal dialog named by its heading). */
export function drawer(page) {
  return page.getByRole('dialog', { name: 'Your cart' });
}

/** One line in the open drawer. */
export function drawerLine(page, sku) {
  return drawer(page).locator(`[part~=line][data-sku="${sku}"]`);
}

export async function openCart(page) {
  if (!(await drawer(page).isVisible())) await cartToggle(page).click();
  await drawer(page).waitFor();
}

export async function closeCart(page) {
  if (await drawer(page).isVisible()) await page.getByRole('button', { name: 'Close cart' }).click();
  await drawer(page).waitFor({ state: 'hidden' });
}

/** Clicks a catalog card's add button, then closes the drawer the add opened. */
export async function addFromCard(page, sku) {
  await page.locator(`#products [data-sku="${sku}"] add-to-cart`).getByRole('button').click();
  await drawer(page).waitFor();
  await closeCart(page);
}

/**
 * Retries `check` (which throws until it holds) every `interval` ms until
 * `timeout`: a deadline for "eventually", never a timing assertion.
 */
export async function eventually(check, { timeout = 5_000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const reason = last instanceof Error ? last.message : String(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${message}: ${reason}`, { cause: last });
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Saves a screenshot to `test-results/<name>.png`. */
export async function screenshot(page, name) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** A product as the API has it now (stock, inCarts). */
export async function serverProduct(sku) {
  const response = await fetch(`${origin()}/api/products/${encodeURIComponent(sku)}`, { cache: 'no-store' });
  assert.equal(response.status, 200, `GET /products/${sku}`);
  return response.json();
}

/** The sign-up code cognito-local "sent", from the local gateway's helper route. */
export async function confirmationCode(email) {
  return eventually(
    async () => {
      const response = await fetch(`${origin()}/@local/confirmation-codes/${encodeURIComponent(email)}`);
      assert.equal(response.status, 200, `no confirmation code for ${email} yet`);
      return (await response.json()).code;
    },
    { timeout: 10_000, interval: 200, message: `a confirmation code for ${email}` },
  );
}

let counter = 0;
/** An address no other test run uses. */
export function uniqueEmail(tag) {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}

export const PASSWORD = 'Correct-horse-9-battery';

/** Signs up through the drawer: create account, enter the emailed code; the element then signs in. */
export async function signUp(page, email, password = PASSWORD) {
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Sign in' }).click();
  await drawer(page)
    .getByRole('button', { name: /Create an account/ })
    .click();
  await drawer(page).getByLabel('Email').fill(email);
  await drawer(page).getByLabel('New password').fill(password);
  await drawer(page).getByRole('button', { name: 'Create account' }).click();
  await drawer(page).getByLabel('Verification code').waitFor();
  await drawer(page)
    .getByLabel('Verification code')
    .fill(await confirmationCode(email));
  await drawer(page).getByRole('button', { name: 'Confirm' }).click();
  await drawer(page).getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 });
}

/** Signs in through the drawer. */
export async function signIn(page, email, password = PASSWORD) {
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Sign in' }).click();
  await drawer(page).getByLabel('Email').fill(email);
  await drawer(page).getByLabel('Password').fill(password);
  await drawer(page).locator('form').getByRole('button', { name: 'Sign in' }).click();
  await drawer(page).getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 });
}

/** Signs out through the drawer. */
export async function signOut(page) {
  await openCart(page);
  await drawer(page).getByRole('button', { name: 'Sign out' }).click();
  await drawer(page).getByRole('button', { name: 'Sign in' }).waitFor();
}

/**
 * The cart the server holds for this page's anonymous shopper: `GET /cart`
 * with the anonymous token the SDK keeps in localStorage (a key ending in `cartToken`).
 * @returns {Promise<Record<string, number>>} quantity by SKU
 */
export async function serverCartLines(page) {
  const token = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith('cartToken'));
    return key ? JSON.parse(localStorage.getItem(key) ?? 'null') : null;
  });
  assert.equal(typeof token, 'string', 'the page holds an anonymous cart token');
  const response = await fetch(`${origin()}/api/cart`, { headers: { 'x-cart-token': token } });
  assert.equal(response.status, 200, 'GET /cart');
  const cart = await response.json();
  return Object.fromEntries(cart.items.map((line) => [line.sku, line.quantity]));
}
