// Section 5: the SDK alone, against a server that answers cart mutations
// after N ms: time from calling add() to a store listener seeing the new
// state, next to a naive client that does the same call without optimism
// (fetch, await the JSON, then set state). Both use Node's fetch; each
// iteration runs one of each, alternating which goes first.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCartClient, memoryStorage } from '../../packages/cart-sdk/src/index.ts';
import { round, summarize } from '../lib/stats.mjs';

export interface SdkRow {
  readonly delayMs: number;
  readonly iterations: number;
  readonly sdkP50: number;
  readonly sdkP95: number;
  readonly naiveP50: number;
  readonly naiveP95: number;
  /** add() until its promise settles with the server's cart (ms). */
  readonly sdkConfirmedP50: number;
}

interface WireCart {
  owner: string;
  version: number;
  currency: string;
  items: { sku: string; name: string; unitPrice: number; quantity: number; lineTotal: number; image: string }[];
  itemCount: number;
  subtotal: number;
  updatedAt: null;
  expiresAt: null;
}

function cartOf(state: { version: number; quantity: number }): WireCart {
  const q = state.quantity;
  return {
    owner: 'anonymous',
    version: state.version,
    currency: 'EUR',
    items: q ? [{ sku: 'TEE', name: 'Tee', unitPrice: 1900, quantity: q, lineTotal: 1900 * q, image: '' }] : [],
    itemCount: q,
    subtotal: 1900 * q,
    updatedAt: null,
    expiresAt: null,
  };
}

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

export async function sdkSection(options: {
  delays: readonly number[];
  iterations: number;
  log: (line: string) => void;
}): Promise<SdkRow[]> {
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
    for (let i = 0; i < 10; i++) await Promise.all([sdk.add('TEE', 1), naive.add('TEE', 1)]); // warm-up
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
    const rows: SdkRow[] = [];
    for (const ms of options.delays) {
      delay.ms = ms;
      const seen: number[] = [];
      const confirmed: number[] = [];
      const naiveSeen: number[] = [];
      for (let i = 0; i < options.iterations; i++) {
        if (i % 2 === 0) {
          const s = await sdkOnce();
          naiveSeen.push(await naiveOnce());
          seen.push(s.seen);
          confirmed.push(s.confirmed);
        } else {
          naiveSeen.push(await naiveOnce());
          const s = await sdkOnce();
          seen.push(s.seen);
          confirmed.push(s.confirmed);
        }
      }
      const a = summarize(seen);
      const b = summarize(naiveSeen);
      const row = {
        delayMs: ms,
        iterations: options.iterations,
        sdkP50: round(a.p50),
        sdkP95: round(a.p95),
        naiveP50: round(b.p50),
        naiveP95: round(b.p95),
        sdkConfirmedP50: round(summarize(confirmed).p50),
      };
      options.log(
        `sdk: server ${ms} ms: SDK listener p50 ${row.sdkP50} ms p95 ${row.sdkP95} ms; naive p50 ${row.naiveP50} ms p95 ${row.naiveP95} ms`,
      );
      rows.push(row);
    }
    return rows;
  } finally {
    sdk.destroy();
    server.close();
  }
}
