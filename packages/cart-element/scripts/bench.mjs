#!/usr/bin/env node
// Benchmarks (not a test): CDN sizes, and click-to-DOM latency of an add with a
// 300 ms API, in Chromium via playwright-core. Build first (`pnpm build`).
// Usage: node scripts/bench.mjs [--runs 60] [--latency 300]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cdn = join(root, 'dist', 'cdn');
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = flag('runs', 60);
const LATENCY = flag('latency', 300);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// ---- sizes: the entry, everything it imports statically (loaded up front), and each lazy chunk
const staticImports = (file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|[;}])\s*import\s*(?:[^"'()]*?from\s*)?["'](\.[^"']+)["']/g)].map((m) =>
    join(dirname(file), m[1]),
  );
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
console.log('CDN sizes (gzip -9):');
console.log(`  entry shopping-cart.js            ${kb(gz(entry))} (${kb(statSync(entry).size)} min)`);
const initialGz = [...initial].reduce((n, f) => n + gz(f), 0);
console.log(`  initial load (entry + static deps) ${kb(initialGz)} over ${initial.size} files  [budget 25 KB]`);
for (const file of chunks.filter((f) => !initial.has(f))) {
  console.log(`  lazy ${file.slice(cdn.length + 1).padEnd(40)} ${kb(gz(file))}`);
}
const signIn = chunks.filter((f) => /cart-auth-panel|cognito/.test(f) && !initial.has(f));
console.log(`  sign-in on first open (panel + Cognito) ${kb(signIn.reduce((n, f) => n + gz(f), 0))}`);

// ---- click-to-DOM: a tiny API with LATENCY ms per cart call, the CDN build, one add button
let version = 0;
let count = 0;
const cart = () => ({
  owner: 'anonymous',
  version,
  currency: 'EUR',
  itemCount: count,
  subtotal: count * 1000,
  updatedAt: null,
  expiresAt: null,
  items: count
    ? [{ sku: 'MUG', name: 'Mug', unitPrice: 1000, quantity: count, lineTotal: count * 1000, image: '' }]
    : [],
});
const page = `<!doctype html><html lang="en"><head><script type="module" src="/cdn/shopping-cart.js"></script></head><body>
<shopping-cart api="/api"></shopping-cart><button id="add" data-cart-add="MUG">Add</button></body></html>`;
// The browser closing mid-request aborts the body read: end that response, do not crash the bench.
const server = createServer((req, res) => handle(req, res).catch(() => res.destroy()));
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
  await new Promise((r) => setTimeout(r, LATENCY));
  if (url.pathname === '/api/cart/anonymous')
    return json(201, { cartToken: 'bench', expiresAt: '2099-01-01T00:00:00.000Z' });
  if (url.pathname === '/api/cart/items' && req.method === 'POST') {
    for await (const _ of req);
    count += 1;
    version += 1;
  }
  return json(200, cart());
}
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
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
  for (let i = 0; i < RUNS; i += 1) samples.push(await measure(false));
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
  const drawer = [];
  for (let i = 0; i < 10; i += 1) {
    drawer.push(await measure(true));
    await tab.evaluate(() => document.querySelector('shopping-cart').close());
  }
  drawer.sort((a, b) => a - b);
  console.log(`click-to-DOM on add (badge updated), API latency ${LATENCY} ms, ${RUNS} clicks:`);
  console.log(
    `  p50 ${pct(50).toFixed(2)} ms   p95 ${pct(95).toFixed(2)} ms   max ${samples.at(-1).toFixed(2)} ms  [budget p95 < 16 ms]`,
  );
  console.log(
    `  add that also opens the drawer (10 runs): first ${drawer.at(-1).toFixed(2)} ms (max), median ${drawer[5].toFixed(2)} ms`,
  );
} finally {
  await browser.close();
  server.close();
}
