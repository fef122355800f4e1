// The local stack's hosted sign-in stand-in, as a journey meets it (federated sign-in, issue 18).
// It starts with the stack (nothing to start here): `GET /config`'s `oauth` names it. Its one
// provider, LocalIdP ("Local provider"), is a page on its own origin (http://127.0.0.1:<port>)
// with a labelled "Email" field and a "Continue" button, and no JavaScript.
import assert from 'node:assert/strict';
import { origin } from './e2e.mjs';

/**
 * `GET /config`'s `oauth`: `{ domain, providers, redirectUri, logoutUri }` of the running stack.
 * @returns {Promise<{ domain: string, providers: { id: string, name: string }[], redirectUri: string, logoutUri: string }>}
 */
export async function localOAuth() {
  const response = await fetch(`${origin()}/api/config`, { cache: 'no-store' });
  assert.equal(response.status, 200, 'GET /config');
  const { oauth } = await response.json();
  assert.ok(oauth, 'GET /config announces no oauth: is this the local stack of issue 18?');
  return oauth;
}

/**
 * On the stand-in's identity page (the page or popup the element opened), types `email` and
 * presses Continue, as a shopper would. Resolves once the page has left the stand-in's origin
 * (back through the callback page to the shop, or the popup closed).
 * @param {import('playwright-core').Page} page the tab or popup showing the identity page
 * @param {string} email
 */
export async function continueAtLocalProvider(page, email) {
  const { domain } = await localOAuth();
  await page.waitForURL((url) => url.origin === domain, { timeout: 10_000 });
  await page.getByLabel('Email').fill(email);
  const left = page.isClosed()
    ? Promise.resolve()
    : Promise.race([
        page.waitForEvent('close').catch(() => {}),
        page.waitForURL((url) => url.origin !== domain, { timeout: 15_000 }),
      ]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await left;
}

/**
 * Whether the stand-in's hosted session has ended for this browser context: the next authorize
 * shows the identity page again instead of signing straight back in (what sign-out must achieve).
 * @param {import('playwright-core').BrowserContext} context
 */
export async function hostedSessionEnded(context) {
  const { domain } = await localOAuth();
  const cookies = await context.cookies(domain);
  return !cookies.some((cookie) => cookie.name.startsWith('cartkit_hosted_session_') && cookie.value !== '');
}
