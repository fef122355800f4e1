// Time from calling add() to a subscriber seeing the new line, against a real HTTP
// server on 127.0.0.1 that answers every cart mutation after 300 ms. Also prints
// the time until the server-confirmed cart arrives, for contrast.
// Usage: node --import tsx packages/cart-sdk/scripts/bench-add.ts [iterations=40] [delayMs=300]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createCartClient, memoryStorage } from '../src/index.js';

const iterations = Number(process.argv[2] ?? 40);
const delayMs = Number(process.argv[3] ?? 300);

let version = 0;
let quantity = 0;
const cart = () => ({
  owner: 'anonymous',
  version,
  currency: 'EUR',
  items: quantity
    ? [{ sku: 'TEE', name: 'Tee', unitPrice: 1900, quantity, lineTotal: 1900 * quantity, image: '' }]
    : [],
  itemCount: quantity,
  subtotal: 1900 * quantity,
  updatedAt: null,
  expiresAt: null,
});
const server = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/api/config') {
      return send(200, {
        region: 'local',
        userPoolId: 'local_x',
        userPoolClientId: 'c',
        cognitoEndpoint: null,
        realtimeUrl: '',
        currency: 'EUR',
      });
    }
    if (req.url === '/api/cart/anonymous') return send(201, { cartToken: 't', expiresAt: new Date().toISOString() });
    if (req.url === '/api/cart' && req.method === 'GET') return send(200, cart());
    if (req.url === '/api/cart/items' && req.method === 'POST') {
      const { quantity: q } = JSON.parse(body) as { quantity: number };
      setTimeout(() => {
        // Reset so the line never hits the 99 limit across iterations.
        quantity = quantity + q > 99 ? q : quantity + q;
        version++;
        send(200, cart());
      }, delayMs);
      return;
    }
    send(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'NOT_FOUND' });
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const { port } = server.address() as AddressInfo;

const client = createCartClient({
  apiUrl: `http://127.0.0.1:${port}/api`,
  storage: memoryStorage(),
  realtime: false,
  BroadcastChannel: null,
});
await client.ready();
await client.add('TEE', 1); // warm up: anonymous token, JIT

const optimistic: number[] = [];
const confirmed: number[] = [];
for (let i = 0; i < iterations; i++) {
  const before = client.getSnapshot().cart?.itemCount ?? 0;
  let seenAt = 0;
  const unsubscribe = client.subscribe((s) => {
    if (!seenAt && (s.cart?.itemCount ?? 0) !== before) seenAt = performance.now();
  });
  const start = performance.now();
  const promise = client.add('TEE', 1);
  await promise;
  const settled = performance.now();
  unsubscribe();
  optimistic.push(seenAt - start);
  confirmed.push(settled - start);
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
console.log(`node ${process.version}, ${iterations} adds, server answers after ${delayMs} ms`);
console.log(`add() -> listener sees the new line:  p50 ${fmt(pct(optimistic, 50))}  p95 ${fmt(pct(optimistic, 95))}`);
console.log(`add() -> server-confirmed cart:       p50 ${fmt(pct(confirmed, 50))}  p95 ${fmt(pct(confirmed, 95))}`);
client.destroy();
server.close();
