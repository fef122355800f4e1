import { once } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../../scripts/chromium.mjs';
import { AUTH_PAGE_SCRIPT_HASHES } from '../../src/routes/auth-pages.js';
import { authorizeUrl, oauth, pkce, sdkState, tokenRequest } from '../support/hosted-sign-in.js';

// The callback and signed-out pages from where a shopper stands: a shop page on another origin
// (127.0.0.1:<port>, allowed by the local ALLOWED_ORIGINS=localhost), real Chromium.
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
let browser: Browser;
let shop: Server;
let shopOrigin: string;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  shop = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Shop</title><h1>The shop</h1></html>');
  });
  shop.listen(0, '127.0.0.1');
  await once(shop, 'listening');
  const address = shop.address();
  shopOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await mkdir(RESULTS_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  shop?.closeAllConnections();
  shop?.close();
});

/** The little of a browser window the tests' page scripts use (the backend compiles without the DOM lib). */
interface BrowserWindow {
  addEventListener(type: 'message', listener: (event: { data: unknown; origin: string }) => void): void;
  open(url: string, target: string, features: string): unknown;
}

const callback = (query: Record<string, string>) => `${oauth().redirectUri}?${new URLSearchParams(query)}`;

describe('GET /auth/callback', () => {
  it('refuses a return page on a foreign origin with 400 in shopper words, forwarding nothing', async () => {
    const state = sdkState('https://evil.example/steal');
    const response = await fetch(callback({ code: 'secret-code', state }), { redirect: 'manual' });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(html).toContain("This sign-in link can't be used here.");
    expect(html).not.toContain('secret-code');
    expect(html).not.toContain('evil.example');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses states that are not the SDK\u2019s', async () => {
    const url = (text: string) => Buffer.from(text).toString('base64url');
    for (const state of [
      'short.r.' + url(`${shopOrigin}/`),
      `${'a'.repeat(22)}.x.${url(`${shopOrigin}/`)}`,
      `${'a'.repeat(22)}.r.${url('javascript:alert(1)')}`,
      `${'a'.repeat(22)}.r`,
      `${'a'.repeat(22)}.r.${url(`${shopOrigin}/`)}.extra`,
      `${'a'.repeat(22)}.r.${url(`http://user:pw@localhost:1/`)}`,
    ]) {
      const response = await fetch(callback({ code: 'c', state }), { redirect: 'manual' });
      expect(response.status, state).toBe(400);
    }
    expect((await fetch(callback({ code: 'c' }), { redirect: 'manual' })).status).toBe(400);
  });

  it('redirect mode: 303 to the return page with the code in the fragment, no-store, no-referrer', async () => {
    const state = sdkState(`${shopOrigin}/products/tea?x=1`);
    const response = await fetch(callback({ code: 'the-code', state }), { redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `${shopOrigin}/products/tea?x=1#cartkit-auth=the-code&state=${encodeURIComponent(state)}`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('forwards the hosted sign-in\u2019s error, and the linking refusal as account_linked', async () => {
    const state = sdkState(`${shopOrigin}/`);
    const cases = [
      [{ error: 'access_denied' }, 'access_denied'],
      [
        { error: 'invalid_request', error_description: 'Already found an entry for username Google_1234' },
        'account_linked',
      ],
      [
        { error: 'invalid_request', error_description: 'PreSignUp failed with error CARTKIT_ACCOUNT_LINKED.' },
        'account_linked',
      ],
      [{ error: '<script>' }, 'invalid_request'],
    ] as const;
    for (const [query, error] of cases) {
      const response = await fetch(callback({ ...query, state }), { redirect: 'manual' });
      const fragment = new URLSearchParams(new URL(response.headers.get('location') ?? '').hash.slice(1));
      expect(fragment.get('cartkit-auth-error'), JSON.stringify(query)).toBe(error);
      expect(fragment.get('state')).toBe(state);
    }
  });

  it('popup mode: posts { type, code, state } to the opener at the page\u2019s origin and closes, under a hashed-script CSP', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    try {
      await page.goto(`${shopOrigin}/`);
      const state = sdkState(`${shopOrigin}/`, 'p');
      const popupPromise = page.waitForEvent('popup');
      const message = page.evaluate(
        (url) =>
          new Promise((resolve) => {
            const win = globalThis as unknown as BrowserWindow;
            win.addEventListener('message', (event) => resolve({ data: event.data, origin: event.origin }));
            win.open(url, 'cartkit-sign-in', 'popup');
          }),
        callback({ code: 'popup-code', state }),
      );
      const popup = await popupPromise;
      const closed = popup.waitForEvent('close', { timeout: 5000 });
      popup.on('console', (entry) => {
        if (entry.type() === 'error') violations.push(entry.text());
      });

      expect(await message).toEqual({
        data: { type: 'cartkit:auth', code: 'popup-code', state },
        origin: new URL(oauth().redirectUri).origin,
      });
      if (!popup.isClosed()) await closed;
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('popup mode without JavaScript: a link back to the page with the same fragment', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const state = sdkState(`${shopOrigin}/basket`, 'p');
      const response = await page.goto(callback({ code: 'nojs-code', state }));
      const csp = response?.headers()['content-security-policy'] ?? '';
      await page.getByRole('link', { name: 'return to the shop' }).click();
      await page.waitForURL(`${shopOrigin}/basket#**`);

      expect(csp).toContain(`script-src ${AUTH_PAGE_SCRIPT_HASHES.callback}`);
      expect(new URL(page.url()).hash).toBe(`#cartkit-auth=nojs-code&state=${encodeURIComponent(state)}`);
    } finally {
      await context.close();
    }
  });
});

describe('GET /auth/signed-out', () => {
  it('tells the opener the hosted session ended and closes; says so without JavaScript', async () => {
    const page = await browser.newPage();
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      await page.goto(`${shopOrigin}/`);
      const popupPromise = page.waitForEvent('popup');
      const message = page.evaluate(
        (url) =>
          new Promise((resolve) => {
            const win = globalThis as unknown as BrowserWindow;
            win.addEventListener('message', (event) => resolve(event.data));
            win.open(url, 'cartkit-sign-out', 'popup');
          }),
        oauth().logoutUri,
      );
      const popup = await popupPromise;
      const closed = popup.waitForEvent('close', { timeout: 5000 });
      const noJs = await context.newPage();
      await noJs.goto(oauth().logoutUri);

      expect(await message).toEqual({ type: 'cartkit:signed-out' });
      if (!popup.isClosed()) await closed;
      await expect(noJs.getByRole('heading', { name: 'You\u2019re signed out.' }).isVisible()).resolves.toBe(true);
    } finally {
      await page.close();
      await context.close();
    }
  });
});

describe('the whole redirect flow with JavaScript off', () => {
  it('goes shop → identity page (axe-clean) → callback → back on the shop page with a code that exchanges', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const p = pkce();
      const state = sdkState(`${shopOrigin}/checkout`);
      await page.goto(authorizeUrl({ ...p, state }));
      await page.screenshot({ path: join(RESULTS_DIR, 'hosted-sign-in-identity-page.png') });
      const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
      const axePage = await browser.newPage({ bypassCSP: true });
      await axePage.goto(authorizeUrl({ ...p, state }));
      await axePage.addScriptTag({ content: axeSource });
      const violations = await axePage.evaluate(async () => {
        const result = await (
          globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }
        ).axe.run();
        return result.violations.map((v) => v.id);
      });
      await axePage.close();

      await page.getByLabel('Email').fill(`nojs-${Date.now()}@example.com`);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${shopOrigin}/checkout#**`);
      const fragment = new URLSearchParams(new URL(page.url()).hash.slice(1));
      const exchanged = await tokenRequest({
        grant_type: 'authorization_code',
        client_id: oauth().clientId,
        code: fragment.get('cartkit-auth') ?? '',
        redirect_uri: oauth().redirectUri,
        code_verifier: p.verifier,
      });

      expect(violations).toEqual([]);
      expect(fragment.get('state')).toBe(state);
      expect(exchanged.status).toBe(200);
    } finally {
      await context.close();
    }
  });
});
