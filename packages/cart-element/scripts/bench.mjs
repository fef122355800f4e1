#!/usr/bin/env node
// Benchmarks (not a test): CDN sizes, and click-to-DOM latency of an add with a
// 300 ms API, in Chromium via playwright-core. Build first (`pnpm build`).
// `cdnSizes()` and `clickToDom()` are what `pnpm bench` (bench/sections/browser.mts) calls.
// Usage: node scripts/bench.mjs [--runs 60] [--latency 300]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../scripts/chromium.mjs';
import { cartLine, cartTotals } from '../../contract/test/support/fake-cart.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cdn = join(root, 'dist', 'cdn');
const KB = 1024;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// ---- sizes: the entry, everything it imports statically (loaded up front), and each lazy chunk
const staticImports = (file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|[;}])\s*import\s*(?:[^"'()]*?from\s*)?["'](\.[^"']+)["']/g)].map((m) =>
    join(dirname(file), m[1]),
  );

/**
 * The CDN build's gzip -9 sizes (bytes): the entry, the initial load (entry and
 * its static imports), each lazy chunk, and the chunks sign-in loads on first open.
 * `lines` is the report the CLI prints.
 */
export function cdnSizes() {
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const dep of staticImports(file)) visit(dep);
  };
  const entry = join(cdn, 'shopping-cart.js');
  visit(entry);
  const chunks = readdirSync(join(cdn, 'chunks'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(cdn, 'chunks', f));
  const entryGzip = gz(entry);
  const initialGzip = [...initial].reduce((n, f) => n + gz(f), 0);
  const lazy = chunks.filter((f) => !initial.has(f)).map((f) => ({ file: f.slice(cdn.length + 1), gzip: gz(f) }));
  const signIn = chunks.filter((f) => /cart-auth-panel|cognito/.test(f) && !initial.has(f));
  const signInGzip = signIn.reduce((n, f) => n + gz(f), 0);
  const lines = [
    'CDN sizes (gzip -9):',
    `  entry shopping-cart.js            ${kb(entryGzip)} (${kb(statSync(entry).size)} min)`,
    `  initial load (entry + static deps) ${kb(initialGzip)} over ${initial.size} files  [budget 25 KB]`,
    ...lazy.map((c) => `  lazy ${c.file.padEnd(40)} ${kb(c.gzip)}`),
    `  sign-in on first open (panel + Cognito) ${kb(signInGzip)}`,
  ];
  return { entryGzip, initialGzip, initialFiles: initial.size, lazy, signInGzip, lines };
}

// ---- click-to-DOM: a tiny API with `latency` ms per cart call, the CDN build, one add button
const MUG = { sku: 'MUG', name: 'Mug', unitPrice: 1000, image: '' };
const page = `<!doctype html><html lang="en"><head><script type="module" src="/cdn/shopping-cart.js"></script></head><body>
<shopping-cart api="/api"></shopping-cart><button id="add" data-cart-add="MUG">Add</button></body></html>`;

/**
 * Click-to-DOM of an add in Chromium with an API answering after `latency` ms:
 * `runs` clicks with the drawer kept closed (the badge), then 10 that also open
 * the drawer. Samples in ms, ascending. `lines` is the report the CLI prints.
 * @param {{ runs?: number; latency?: number }} [options]
 */
export async function clickToDom({ runs = 60, latency = 300 } = {}) {
  let version = 0;
  let count = 0;
  const cart = () => {
    const items = count ? [cartLine(MUG, count)] : [];
    return {
      owner: 'anonymous',
      version,
      currency: 'EUR',
      ...cartTotals(items),
      updatedAt: null,
      expiresAt: null,
      items,
    };
  };
  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (url.pathname.startsWith('/cdn/')) {
      try {
        const body = readFileSync(join(cdn, url.pathname.slice(5)));
        return res
          .writeHead(200, {
            'content-type': extname(url.pathname) === '.js' ? 'text/javascript' : 'application/octet-stream',
          })
          .end(body);
      } catch {
        return res.writeHead(404).end();
      }
    }
    if (url.pathname === '/api/config')
      return json(200, {
        region: 'local',
        userPoolId: 'local_x',
        userPoolClientId: 'c',
        cognitoEndpoint: null,
        realtimeUrl: '',
        currency: 'EUR',
      });
    await new Promise((r) => setTimeout(r, latency));
    if (url.pathname === '/api/cart/anonymous')
      return json(201, { cartToken: 'bench', expiresAt: '2099-01-01T00:00:00.000Z' });
    if (url.pathname === '/api/cart/items' && req.method === 'POST') {
      for await (const _ of req);
      count += 1;
      version += 1;
    }
    return json(200, cart());
  }
  // The browser closing mid-request aborts the body read: end that response, do not crash the bench.
  const server = createServer((req, res) => handle(req, res).catch(() => res.destroy()));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const tab = await browser.newPage();
    await tab.goto(origin);
    await tab.waitForFunction(() => document.querySelector('shopping-cart')?.cart);
    // Keep the drawer closed so each click measures the same work (the badge); the drawer is measured once below.
    const measure = (open) =>
      tab.evaluate(
        (open) =>
          new Promise((resolve) => {
            const el = document.querySelector('shopping-cart');
            const badge = el.shadowRoot.querySelector('[part=badge]');
            const before = badge.textContent;
            const stop = (e) => open || e.preventDefault();
            document.addEventListener('cart:open', stop, { once: true });
            const observer = new MutationObserver(() => {
              if (badge.textContent !== before) {
                observer.disconnect();
                resolve(performance.now() - t0);
              }
            });
            observer.observe(badge, { characterData: true, childList: true, subtree: true });
            const t0 = performance.now();
            document.getElementById('add').click();
          }),
        open,
      );
    const samples = [];
    for (let i = 0; i < runs; i += 1) samples.push(await measure(false));
    samples.sort((a, b) => a - b);
    const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
    const drawer = [];
    for (let i = 0; i < 10; i += 1) {
      drawer.push(await measure(true));
      await tab.evaluate(() => document.querySelector('shopping-cart').close());
    }
    drawer.sort((a, b) => a - b);
    const result = {
      runs,
      latency,
      p50: pct(50),
      p95: pct(95),
      max: samples.at(-1),
      drawerFirst: drawer.at(-1),
      drawerMedian: drawer[5],
    };
    const lines = [
      `click-to-DOM on add (badge updated), API latency ${latency} ms, ${runs} clicks:`,
      `  p50 ${result.p50.toFixed(2)} ms   p95 ${result.p95.toFixed(2)} ms   max ${result.max.toFixed(2)} ms  [budget p95 < 16 ms]`,
      `  add that also opens the drawer (10 runs): first ${result.drawerFirst.toFixed(2)} ms (max), median ${result.drawerMedian.toFixed(2)} ms`,
    ];
    return { ...result, lines };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  for (const line of cdnSizes().lines) console.log(line);
  const clicks = await clickToDom({ runs: flag('runs', 60), latency: flag('latency', 300) });
  for (const line of clicks.lines) console.log(line);
}
