// Section 2a: the cart-api handler's own cost per call, in-process, with the
// store and catalog in memory (no I/O): event in, response out.
import { readFileSync } from 'node:fs';
import type { Product } from '@cartkit/contract';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MemoryCartStore, MemoryCatalog } from '../lib/memory-ports.mjs';
import { round, summarize } from '../lib/stats.mjs';

export interface OverheadRow {
  readonly route: string;
  readonly calls: number;
  /** Per call, in microseconds. */
  readonly p50Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  /** Total time / calls: includes GC pauses the percentiles spread out. */
  readonly meanUs: number;
}

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export async function handlerOverheadSection(options: {
  calls: number;
  log: (line: string) => void;
}): Promise<OverheadRow[]> {
  const catalogFile = new URL('../../packages/backend/data/catalog.json', import.meta.url);
  const products = (JSON.parse(readFileSync(catalogFile, 'utf8')) as Product[]).map((p) => ({ ...p, inCarts: 0 }));
  const skus = products.filter((p) => p.stock > 0).map((p) => p.sku);
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const { setDeps } = await import('../../packages/backend/src/runtime/deps.ts');
  const { loadConfig } = await import('../../packages/backend/src/config.ts');
  const { CartTokenSigner } = await import('../../packages/backend/src/adapters/cart-token.ts');
  const { MemoryRateLimiter } = await import('../../packages/backend/src/adapters/rate-limiter.ts');
  const { handler } = (await import('../../packages/backend/src/handlers/cart-api.ts')) as unknown as {
    handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  };
  const { toHttpApiEvent } = await import('../../packages/backend/src/local/api-gateway/http/http-event.ts');

  const config = loadConfig({
    CARTS_TABLE: 'c',
    PRODUCTS_TABLE: 'p',
    ORDERS_TABLE: 'o',
    CONNECTIONS_TABLE: 'x',
    RATE_LIMITS_TABLE: 'r',
    PRODUCT_CARTS_TABLE: 'pc',
    REVOCATIONS_TABLE: 'rv',
    DISCOUNTS_TABLE: 'dc',
    WEBHOOKS_TABLE: 'wh',
    USER_POOL_ID: 'us-east-1_bench',
    USER_POOL_CLIENT_ID: 'bench',
    REALTIME_URL: 'ws://127.0.0.1/ws',
    CART_TOKEN_SECRET: SECRET,
    MUTATION_RATE_PER_MINUTE: '1000000000',
  });
  const signer = new CartTokenSigner(SECRET);
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used in this benchmark')) });
  setDeps({
    config,
    db: unused as never,
    catalog: new MemoryCatalog(products),
    carts: new MemoryCartStore(),
    connections: unused as never,
    orders: unused as never,
    fulfilment: unused as never,
    productCarts: unused as never,
    notifier: undefined,
    cartTokens: async () => signer,
    verifier: unused as never,
    // Anonymous cart tokens only: the revocation check is for user tokens.
    revocations: unused as never,
    sharedLimiter: new MemoryRateLimiter(),
    localLimiter: new MemoryRateLimiter(),
    queue: unused as never,
    users: unused as never,
    now: Date.now,
  });

  let n = 0;
  const event = (method: string, url: string, token: string, body?: string) =>
    toHttpApiEvent(
      {
        method,
        url,
        httpVersion: '1.1',
        sourceIp: '127.0.0.1',
        requestId: `b${++n}`,
        receivedAt: new Date(),
        rawHeaders: ['host', '127.0.0.1', 'x-cart-token', token, ...(body ? ['content-type', 'application/json'] : [])],
        body: Buffer.from(body ?? ''),
      },
      { routeKey: `${method} ${url}`, pathParameters: undefined },
    );

  const time = async (route: string, call: (i: number) => Promise<boolean>): Promise<OverheadRow> => {
    for (let i = 0; i < Math.min(2000, options.calls); i++) await call(i); // warm the JIT
    const samples: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < options.calls; i++) {
      const start = performance.now();
      if (!(await call(i))) throw new Error(`${route}: unexpected response`);
      samples.push((performance.now() - start) * 1000);
    }
    const total = (performance.now() - t0) * 1000;
    const s = summarize(samples);
    const row = {
      route,
      calls: options.calls,
      p50Us: round(s.p50, 1),
      p95Us: round(s.p95, 1),
      p99Us: round(s.p99, 1),
      meanUs: round(total / options.calls, 1),
    };
    options.log(`handler: ${route.padEnd(30)} p50 ${row.p50Us} µs  p95 ${row.p95Us} µs  mean ${row.meanUs} µs`);
    return row;
  };

  // A new cart every 1000 adds (24 SKUs x 41 < 99 per line), so carts hold 24 lines like the API section's.
  let token = signer.issue(Date.now()).cartToken;
  const add = async (i: number) => {
    if (i % 1000 === 0) token = signer.issue(Date.now()).cartToken;
    const body = JSON.stringify({ sku: skus[i % skus.length], quantity: 1 });
    return (await handler(event('POST', '/api/cart/items', token, body))).statusCode === 200;
  };
  const get = async () => (await handler(event('GET', '/api/cart', token))).statusCode === 200;
  const config_ = async () => (await handler(event('GET', '/api/config', token))).statusCode === 200;
  const rows = [await time('POST /cart/items', add), await time('GET /cart', get), await time('GET /config', config_)];
  setDeps(undefined);
  return rows;
}
