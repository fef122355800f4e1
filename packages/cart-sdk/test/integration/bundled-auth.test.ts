import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALLOW_LOCAL_NETWORK, chromiumLaunchOptions } from '../../../../scripts/chromium.mjs';

// An app that bundles the SDK the way Vite or esbuild do for a shopper's browser:
// platform browser, no `define` for Node's `global`, the lazy Cognito chunk split out
// (or inlined, as some bundlers do). The app asks for no configuration at all.
const stack = inject('cartSdkStack');
const sdkEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cartkit-bundled-'));
  writeFileSync(
    join(dir, 'app.ts'),
    `import { createCartClient, memoryStorage } from ${JSON.stringify(sdkEntry)};\n` +
      'Object.assign(window, { cartkit: { createCartClient, memoryStorage } });\n',
  );
  // The page is served by route interception, which Chromium counts as a public address.
  browser = await chromium.launch(chromiumLaunchOptions({ extraArgs: ALLOW_LOCAL_NETWORK }));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Bundles the app with plain esbuild and opens it in Chromium on the stack's origin. */
async function openBundledApp(splitting: boolean): Promise<{ page: Page; errors: string[] }> {
  const out = await build({
    entryPoints: [join(dir, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting,
    outdir: join(dir, 'out'),
    write: false,
    logLevel: 'silent',
  });
  const files = new Map(
    out.outputFiles.map((file) => [`/bundled/${file.path.slice(join(dir, 'out').length + 1)}`, file.text]),
  );
  const context = await browser.newContext();
  await context.route(`${stack.origin}/bundled/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/bundled/index.html') {
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>bundled app</title><script type="module" src="/bundled/app.js"></script>',
      });
    }
    const body = files.get(path);
    return body === undefined
      ? route.fulfill({ status: 404, body: 'not found' })
      : route.fulfill({ contentType: 'text/javascript', body });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${stack.origin}/bundled/index.html`);
  await page.waitForFunction(() => 'cartkit' in window);
  return { page, errors };
}

async function confirmationCode(email: string): Promise<string> {
  const start = Date.now();
  while (Date.now() - start < 15_000) {
    const res = await fetch(`${stack.origin}/@local/confirmation-codes/${encodeURIComponent(email)}`);
    if (res.ok) return ((await res.json()) as { code: string }).code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation code for ${email}`);
}

type Outcome = { ok: true; value: unknown } | { ok: false; name: string; message: string };

/** Runs one `cart.auth` call in the page on a client kept on `window`; never throws. */
function authCall(page: Page, method: string, input: Record<string, string>): Promise<Outcome> {
  return page.evaluate(
    async ({ apiUrl, method, input }) => {
      const w = window as unknown as {
        cartkit: { createCartClient(o: object): unknown; memoryStorage(): unknown };
        client?: { auth: Record<string, (i: object) => Promise<unknown>> };
      };
      w.client ??= w.cartkit.createCartClient({
        apiUrl,
        storage: w.cartkit.memoryStorage(),
        realtime: false,
        BroadcastChannel: null,
        pollOrders: false,
      }) as typeof w.client;
      try {
        return { ok: true, value: await w.client!.auth[method]!(input) } as const;
      } catch (error) {
        const e = error as Error;
        return { ok: false, name: e.name, message: e.message } as const;
      }
    },
    { apiUrl: stack.apiUrl, method, input },
  );
}

describe('an app that bundles the SDK with esbuild (no define for `global`)', () => {
  for (const splitting of [true, false]) {
    it(`signs up, confirms and signs in in Chromium (${splitting ? 'lazy Cognito chunk' : 'one bundle'})`, async () => {
      const { page, errors } = await openBundledApp(splitting);
      const email = `bundled-${splitting ? 'split' : 'one'}-${Date.now()}@example.com`;
      const password = 'Passw0rd!-bundled';

      const signUp = await authCall(page, 'signUp', { email, password });
      expect(signUp).toEqual({ ok: true, value: { userConfirmed: false } });
      const confirm = await authCall(page, 'confirmSignUp', { email, code: await confirmationCode(email) });
      const signIn = await authCall(page, 'signIn', { email, password });

      expect(confirm).toEqual({ ok: true });
      expect(signIn).toMatchObject({ ok: true, value: { email } });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
