// Time from calling add() to a store listener seeing the new line, against a
// real HTTP server on 127.0.0.1 that answers every cart mutation after N ms,
// next to a naive client doing the same call without optimism (fetch, await
// the JSON, then set state). Also the time until the server-confirmed cart
// arrives. Each iteration runs one of each, alternating which goes first.
// `benchAdd()` is what `pnpm bench` (bench/sections/sdk.mts) calls; run alone:
// Usage: node --import tsx packages/cart-sdk/scripts/bench-add.ts [iterations=40] [delayMs=300[,delayMs...]]
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cartLine, cartTotals } from '../../contract/test/support/fake-cart.mjs';
import { createCartClient, memoryStorage } from '../src/index.js';

export interface AddRow {
  readonly delayMs: number;
  readonly iterations: number;
  /** add() until a listener sees the new state (ms), SDK and naive client. */
  readonly sdkSeen: readonly number[];
  readonly naiveSeen: readonly number[];
  /** add() until its promise settles with the server's cart (ms). */
  readonly sdkConfirmed: readonly number[];
}

const TEE = { sku: 'TEE', name: 'Tee', unitPrice: 1900, image: '' };

function cartOf(state: { version: number; quantity: number }) {
  const items = state.quantity ? [cartLine(TEE, state.quantity)] : [];
  return {
    owner: 'anonymous',
    version: state.version,
    currency: 'EUR',
    items,
    ...cartTotals(items),
    updatedAt: null,
    expiresAt: null,
  };
}
type WireCart = ReturnType<typeof cartOf>;

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** A server with the API's shapes; cart mutations answer after `delay.ms`. Carts are kept per X-Cart-Token. */
async function startServer(delay: { ms: number }) {
  const carts = new Map<string, { version: number; quantity: number }>();
  let tokens = 0;
  const server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const text = await body(req);
    const token = String(req.headers['x-cart-token'] ?? '');
    const cart = carts.get(token) ?? { version: 0, quantity: 0 };
    carts.set(token, cart);
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
    if (req.url === '/api/cart/anonymous')
      return send(201, { cartToken: `t${++tokens}`, expiresAt: '2099-01-01T00:00:00.000Z' });
    if (req.url === '/api/cart' && req.method === 'GET') return send(200, cartOf(cart));
    if (req.url === '/api/cart/items' && req.method === 'POST') {
      const { quantity } = JSON.parse(text) as { quantity: number };
      setTimeout(() => {
        // Reset so the line never hits the 99 limit across iterations.
        cart.quantity = cart.quantity + quantity > 99 ? quantity : cart.quantity + quantity;
        cart.version++;
        send(200, cartOf(cart));
      }, delay.ms);
      return;
    }
    send(404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, close: () => server.close() };
}

/** The non-optimistic baseline: one request, then state, then listeners. */
function naiveClient(apiUrl: string, cartToken: string) {
  let state: WireCart | undefined;
  const listeners = new Set<(cart: WireCart | undefined) => void>();
  return {
    get: () => state,
    subscribe(listener: (cart: WireCart | undefined) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async add(sku: string, quantity: number) {
      const res = await fetch(`${apiUrl}/cart/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cart-token': cartToken },
        body: JSON.stringify({ sku, quantity }),
      });
      state = (await res.json()) as WireCart;
      for (const listener of listeners) listener(state);
    },
  };
}

/**
 * Measures add() for each server delay, `iterations` times each, SDK and naive client alternating.
 * @example
 *   const [row] = await benchAdd({ delays: [300], iterations: 40 });
 */
export async function benchAdd(options: {
  delays: readonly number[];
  iterations: number;
  /** Called after each delay's row. */
  onRow?: (row: AddRow) => void;
}): Promise<AddRow[]> {
  const delay = { ms: 0 };
  const server = await startServer(delay);
  const sdk = createCartClient({
    apiUrl: server.url,
    storage: memoryStorage(),
    realtime: false,
    BroadcastChannel: null,
  });
  const naive = naiveClient(server.url, 'naive');
  try {
    await sdk.ready();
    for (let i = 0; i < 10; i++) await Promise.all([sdk.add('TEE', 1), naive.add('TEE', 1)]); // warm-up: token, JIT
    const sdkOnce = async () => {
      const before = sdk.getSnapshot().cart?.itemCount ?? 0;
      let seen = 0;
      const unsubscribe = sdk.subscribe((s) => {
        if (!seen && (s.cart?.itemCount ?? 0) !== before) seen = performance.now();
      });
      const t0 = performance.now();
      await sdk.add('TEE', 1);
      const settled = performance.now();
      unsubscribe();
      return { seen: seen - t0, confirmed: settled - t0 };
    };
    const naiveOnce = async () => {
      const before = naive.get()?.itemCount ?? 0;
      let seen = 0;
      const unsubscribe = naive.subscribe((cart) => {
        if (!seen && (cart?.itemCount ?? 0) !== before) seen = performance.now();
      });
      const t0 = performance.now();
      await naive.add('TEE', 1);
      unsubscribe();
      return seen - t0;
    };
    const rows: AddRow[] = [];
    for (const ms of options.delays) {
      delay.ms = ms;
      const sdkSeen: number[] = [];
      const sdkConfirmed: number[] = [];
      const naiveSeen: number[] = [];
      for (let i = 0; i < options.iterations; i++) {
        const sdkFirst = i % 2 === 0;
        if (!sdkFirst) naiveSeen.push(await naiveOnce());
        const s = await sdkOnce();
        sdkSeen.push(s.seen);
        sdkConfirmed.push(s.confirmed);
        if (sdkFirst) naiveSeen.push(await naiveOnce());
      }
      const row = { delayMs: ms, iterations: options.iterations, sdkSeen, naiveSeen, sdkConfirmed };
      options.onRow?.(row);
      rows.push(row);
    }
    return rows;
  } finally {
    sdk.destroy();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const iterations = Number(process.argv[2] ?? 40);
  const delays = (process.argv[3] ?? '300').split(',').map(Number);
  const pct = (xs: readonly number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };
  const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
  const both = (xs: readonly number[]) => `p50 ${fmt(pct(xs, 50))}  p95 ${fmt(pct(xs, 95))}`;
  console.log(`node ${process.version}, ${iterations} adds per delay`);
  await benchAdd({
    delays,
    iterations,
    onRow(row) {
      console.log(`server answers after ${row.delayMs} ms:`);
      console.log(`  add() -> listener sees the new line:  ${both(row.sdkSeen)}`);
      console.log(`  add() -> server-confirmed cart:       ${both(row.sdkConfirmed)}`);
      console.log(`  naive client -> listener:             ${both(row.naiveSeen)}`);
    },
  });
}
