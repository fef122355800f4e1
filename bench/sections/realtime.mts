// Section 3: an HTTP mutation until `cart.updated` arrives on a second socket
// (the owner's other device), through the local stack's DynamoDB stream
// poller, stream-processor and the @connections API.
import WebSocket from 'ws';
import { httpClient } from '../lib/http-client.mjs';
import { round, summarize } from '../lib/stats.mjs';
import type { RemoteStack } from '../stack/remote-stack.mjs';

export interface RealtimeResult {
  readonly mutations: number;
  readonly missed: number;
  /** POST sent to `cart.updated` with that version received (ms). */
  readonly pushP50: number;
  readonly pushP95: number;
  readonly pushP99: number;
  /** POST sent to its HTTP response (ms), for contrast. */
  readonly httpP50: number;
  readonly httpP95: number;
}

export async function realtimeSection(options: {
  stack: RemoteStack;
  skus: readonly string[];
  mutations: number;
  log: (line: string) => void;
}): Promise<RealtimeResult> {
  const { stack, skus } = options;
  const http = httpClient(stack.apiUrl, 2);
  const issued = await http.call('POST', '/cart/anonymous');
  const cartToken = (JSON.parse(issued.body) as { cartToken: string }).cartToken;
  const socket = new WebSocket(`${stack.wsUrl}?cartToken=${encodeURIComponent(cartToken)}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`socket closed with ${code}`)));
  });
  // Every version's arrival time; a waiter per version still expected.
  const arrived = new Map<number, number>();
  const waiters = new Map<number, () => void>();
  socket.on('message', (data) => {
    const at = performance.now();
    const message = JSON.parse(String(data)) as { type: string; cart?: { version: number } };
    if (message.type !== 'cart.updated' || !message.cart) return;
    if (!arrived.has(message.cart.version)) arrived.set(message.cart.version, at);
    waiters.get(message.cart.version)?.();
  });
  const push: number[] = [];
  const httpTimes: number[] = [];
  let missed = 0;
  const add = async (i: number) => {
    const t0 = performance.now();
    const res = await http.call(
      'POST',
      '/cart/items',
      { 'content-type': 'application/json', 'x-cart-token': cartToken },
      JSON.stringify({ sku: skus[i % skus.length], quantity: 1 }),
    );
    const tHttp = performance.now();
    if (res.status !== 200) throw new Error(`POST /cart/items answered ${res.status}: ${res.body}`);
    const version = (JSON.parse(res.body) as { version: number }).version;
    if (!arrived.has(version)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        waiters.set(version, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      waiters.delete(version);
    }
    const at = arrived.get(version);
    return { http: tHttp - t0, push: at === undefined ? undefined : at - t0 };
  };
  for (let i = 0; i < 10; i++) await add(i); // warm-up: handler imports, JIT
  for (let i = 0; i < options.mutations; i++) {
    // Spread the mutations over the 50 ms poll interval, as real clicks would be.
    await new Promise((resolve) => setTimeout(resolve, (i * 17) % 50));
    const sample = await add(i);
    httpTimes.push(sample.http);
    if (sample.push === undefined) missed++;
    else push.push(sample.push);
  }
  socket.close();
  http.close();
  const p = summarize(push);
  const h = summarize(httpTimes);
  const result = {
    mutations: options.mutations,
    missed,
    pushP50: round(p.p50),
    pushP95: round(p.p95),
    pushP99: round(p.p99),
    httpP50: round(h.p50),
    httpP95: round(h.p95),
  };
  options.log(
    `realtime: ${options.mutations} mutations, push p50 ${result.pushP50} ms p95 ${result.pushP95} ms p99 ${result.pushP99} ms, missed ${missed}`,
  );
  return result;
}
