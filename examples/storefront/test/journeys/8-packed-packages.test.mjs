// Journey 8: a developer installs the PACKED packages with npm (what `npm publish`
// would ship: `pnpm pack` of @cartkit/contract, @cartkit/cart-sdk and
// @cartkit/cart-element), writes a small app (test/fixtures/packed-app), bundles
// it with esbuild and with Vite with no configuration at all, serves it on an
// origin of its own, and uses it against the local stack in Chromium: add to
// cart, sign up (code from the stack), sign in through the SDK, and the
// anonymous cart merges into the account.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import {
  closeCart,
  drawer,
  eventually,
  origin,
  PASSWORD,
  settled,
  shownCart,
  signOut,
  signUp,
  uniqueEmail,
  useBrowser,
} from '../support/e2e.mjs';
import { embedCsp, recordingPage, startHostSite } from '../support/host-site.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const fixture = resolve(here, '../fixtures/packed-app');
const PACKAGES = ['contract', 'cart-sdk', 'cart-element'];
/** The bundlers' versions: ones that run on Node 20 (see TOOLCHAIN.md). */
const TOOLS = ['esbuild@0.28.2', 'vite@8.3.8'];

/** Runs a command, returns its stdout; fails with the tail of its output. */
function sh(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    assert.fail(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${result.status ?? result.signal}:\n${tail}`);
  }
  return result.stdout;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** Every file under `dir` as the host server's file map, `/` being `index.html`. */
function filesFrom(dir) {
  const files = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
    files[`/${relative(dir, path).split('\\').join('/')}`] = { type, body: readFileSync(path) };
  }
  if (files['/index.html']) files['/'] = files['/index.html'];
  return files;
}

/** The string leaves of a package.json `exports` map. */
function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

let workDir;
let appDir;
const tarballs = {};
const browser = useBrowser();
const sites = [];

before(async () => {
  // The packages as npm would publish them: built, then packed (pnpm applies publishConfig, rewrites workspace:*).
  workDir = mkdtempSync(join(tmpdir(), 'cartkit-packed-'));
  sh('pnpm', ['--filter', '@cartkit/contract', '--filter', '@cartkit/cart-sdk', 'run', 'build'], repoRoot);
  sh('pnpm', ['--filter', '@cartkit/cart-element', 'exec', 'tsup'], repoRoot); // the build without rewriting the manifest
  const packs = join(workDir, 'packs');
  for (const name of PACKAGES) {
    const out = sh('pnpm', ['pack', '--pack-destination', packs], join(repoRoot, 'packages', name));
    const file = out
      .trim()
      .split('\n')
      .findLast((line) => line.endsWith('.tgz'));
    assert.ok(file && existsSync(file), `pnpm pack of ${name} printed no tarball:\n${out}`);
    tarballs[name] = file;
  }

  // A fresh app, outside the workspace, that installs the tarballs and the bundlers from the registry.
  appDir = join(workDir, 'app');
  cpSync(fixture, appDir, { recursive: true });
  writeFileSync(
    join(appDir, 'package.json'),
    `${JSON.stringify({ name: 'packed-app', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(appDir, 'config.js'), `export const API_URL = ${JSON.stringify(`${origin()}/api`)};\n`);
  sh(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...PACKAGES.map((name) => tarballs[name]),
      ...TOOLS,
    ],
    appDir,
  );
});

after(async () => {
  for (const site of sites) await site.close();
  if (workDir && !process.env.KEEP_PACKED_APP) rmSync(workDir, { recursive: true, force: true });
});

test('the packed packages name real versions and export only files they ship', () => {
  for (const name of PACKAGES) {
    const manifest = JSON.parse(sh('tar', ['-xOzf', tarballs[name], 'package/package.json'], workDir));
    const shipped = new Set(
      sh('tar', ['-tzf', tarballs[name]], workDir)
        .split('\n')
        .filter(Boolean)
        .map((path) => path.replace(/^package\//, './')),
    );
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      assert.doesNotMatch(String(range), /^workspace:/, `${manifest.name} depends on ${dep}@${range}`);
    }
    for (const target of exportTargets(manifest.exports)) {
      assert.ok(!/(?<!\.d)\.ts$/.test(target), `${manifest.name} exports TypeScript source ${target}`);
      assert.ok(shipped.has(target), `${manifest.name} exports ${target}, which is not in the tarball`);
    }
    // And what npm installed is the packed package, not a link into the workspace.
    const installed = JSON.parse(readFileSync(join(appDir, 'node_modules', manifest.name, 'package.json'), 'utf8'));
    assert.equal(installed.version, manifest.version, `${manifest.name} installed from its tarball`);
  }
});

const BUNDLERS = {
  /** esbuild with splitting (the lazy sign-in chunk stays lazy), and nothing else. */
  esbuild() {
    const out = join(appDir, 'dist-esbuild');
    sh(
      join(appDir, 'node_modules/.bin/esbuild'),
      [
        'main.js',
        '--bundle',
        '--splitting',
        '--format=esm',
        `--outdir=${out}`,
        '--chunk-names=chunks/[name]-[hash]',
        '--log-level=warning',
      ],
      appDir,
    );
    cpSync(join(appDir, 'index.html'), join(out, 'index.html'));
    cpSync(join(appDir, 'public'), out, { recursive: true }); // what Vite does with public/
    return out;
  },
  /** `vite build` with no config file. */
  vite() {
    const out = join(appDir, 'dist-vite');
    sh(
      join(appDir, 'node_modules/.bin/vite'),
      ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
      appDir,
    );
    return out;
  },
};

for (const [bundler, bundle] of Object.entries(BUNDLERS)) {
  test(`an app bundled by ${bundler} from the packed packages adds, signs up, signs in through the SDK and merges the cart`, async () => {
    // Prepare: the bundle, on an origin of its own, under the CSP the element's README documents.
    const api = origin();
    const config = await (await fetch(`${api}/api/config`)).json();
    const site = await startHostSite({
      files: filesFrom(bundle()),
      headers: {
        'content-security-policy': embedCsp({
          cdn: "'self'",
          api,
          realtime: api.replace(/^http/, 'ws'),
          cognito: new URL(config.cognitoEndpoint).origin,
        }),
      },
    });
    sites.push(site);
    const context = await browser().newContext({ reducedMotion: 'reduce' });
    context.setDefaultTimeout(10_000);
    const shopper = await recordingPage(context);
    const { page } = shopper;
    /** What went wrong, for a failure message: the page's record and the drawer's alert. */
    const seen = async () => {
      const alert = await drawer(page)
        .getByRole('alert')
        .allTextContents()
        .catch(() => []);
      // The drawer shows a generic message; ask the SDK itself what a sign-in does now.
      const sdk = await page
        .evaluate(() =>
          window.app.client.auth.signIn({ email: 'nobody@example.com', password: 'not-the-password-1' }).then(
            () => 'resolved',
            (error) => `${error?.name}: ${error?.message}${error?.cause ? ` (cause: ${error.cause})` : ''}`,
          ),
        )
        .catch((error) => String(error));
      return `\n  drawer alert: ${JSON.stringify(alert)}\n  cart.auth.signIn() now: ${sdk}\n  page saw:\n    ${shopper.problems.join('\n    ')}`;
    };
    const step = async (what, fn) => {
      try {
        return await fn();
      } catch (error) {
        assert.fail(
          `${bundler} app, ${what}: ${error instanceof Error ? error.message.split('\n')[0] : error}${await seen()}`,
        );
      }
    };

    // Act 1: open the app, add the tee anonymously.
    await step('loading', async () => {
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => document.querySelector('shopping-cart')?.cart != null);
    });
    assert.equal(await page.locator('#limit').textContent(), 'Up to 99 of each.', 'the contract package works');
    await page.locator('add-to-cart[sku="TEE-CLASSIC"]').getByRole('button').click();
    await drawer(page).waitFor();
    await settled(page);
    assert.equal((await shownCart(page)).owner, 'anonymous');

    // Act 2: create an account in the drawer (the Cognito code path), which signs in and merges.
    const email = uniqueEmail(`packed-${bundler}`);
    await step('signing up in the drawer', () => signUp(page, email));
    await eventually(
      async () => {
        const cart = await shownCart(page);
        assert.equal(cart?.owner, 'user');
        assert.deepEqual(cart.lines, { 'TEE-CLASSIC': 1 });
      },
      { timeout: 10_000, message: 'the account cart after sign-up' },
    );

    // Act 3: sign out, add the mug anonymously, sign in through the SDK's own API.
    await signOut(page);
    await closeCart(page);
    await page.locator('add-to-cart[sku="MUG-STONE"]').getByRole('button').click();
    await settled(page);
    assert.equal((await shownCart(page)).owner, 'anonymous');
    const signedIn = await step('cart.auth.signIn()', () =>
      page.evaluate(
        async (input) => {
          const user = await window.app.client.auth.signIn(input);
          return user.email;
        },
        { email, password: PASSWORD },
      ),
    );
    assert.equal(signedIn, email);

    // Assess: the anonymous mug merged into the account's tee; nothing failed on the page.
    await eventually(
      async () => {
        const cart = await shownCart(page);
        assert.equal(cart?.owner, 'user');
        assert.deepEqual(cart.lines, { 'TEE-CLASSIC': 1, 'MUG-STONE': 1 });
      },
      { timeout: 10_000, message: 'the merged cart after signing in' },
    );
    const globalErrors = shopper.problems.filter((p) => p.includes('global is not defined'));
    assert.deepEqual(globalErrors, [], 'no ReferenceError: global is not defined');
    assert.deepEqual(await shopper.cspViolations(), [], 'no CSP violation');
    assert.deepEqual(shopper.problems, [], 'no failed request, console error or page error');
    await context.close();
  });
}
