/**
 * Soak test: a steady, open-loop mix of shopper traffic against a local stack
 * for a long time, to show zero 5xx and flat memory.
 *
 * Usage (from the repository root):
 *   node --import tsx packages/backend/scripts/soak.ts [--duration 600] [--rate 40] [--shoppers 60]
 *        [--users 5] [--sample 10] [--max-in-flight 200] [--api http://localhost:3000/api]
 *
 * - `--duration` seconds of load (default 600 = 10 minutes), `--rate` requests per second.
 * - It starts its own local stack (DynamoDB Local, cognito-local, fauxqs, gateway, pollers) in
 *   this process on free ports, unless `--api` points at a running one; the RSS figures are this
 *   process's (gateway + every handler + pollers, i.e. what the Lambdas run) plus, separately,
 *   its child processes (the DynamoDB Local JVM and cognito-local).
 * - Open loop: requests start on schedule whatever the latency; if more than `--max-in-flight`
 *   are outstanding, the tick is skipped and counted as "shed" (the machine, not the API, is the
 *   limit then).
 * - Prints, every `--sample` seconds, throughput and RSS; at the end, latency p50/p95/p99 per
 *   route and overall, the status histogram, the 5xx count and an RSS trend (MB per minute,
 *   least squares over the samples after the first minute). Exits 1 on any 5xx or network error.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    rate: { type: 'string', default: '40' },
    shoppers: { type: 'string', default: '60' },
    users: { type: 'string', default: '5' },
    sample: { type: 'string', default: '10' },
    'max-in-flight': { type: 'string', default: '200' },
    api: { type: 'string' },
  },
});
const durationS = Number(values.duration);
const rate = Number(values.rate);
const shopperCount = Number(values.shoppers);
const userCount = Number(values.users);
const sampleS = Number(values.sample);
const maxInFlight = Number(values['max-in-flight']);

// The soak is one client machine hammering the API: lift the per-IP token issuance limit
// (every request comes from 127.0.0.1) but keep the per-owner mutation bucket at its default.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.ANONYMOUS_RATE_PER_MINUTE ??= '100000';

interface Stack {
  readonly apiUrl: string;
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

let stack: Stack | undefined;
if (values.api) {
  stack = { apiUrl: values.api, env: {}, stop: async () => {} };
} else {
  const { startLocalStack } = await import('../src/local/stack.js');
  stack = await startLocalStack({ port: 0, quiet: true });
}
const api = stack.apiUrl;

const catalog = JSON.parse(readFileSync(new URL('../data/catalog.json', import.meta.url), 'utf8')) as {
  sku: string;
  stock: number;
}[];
const skus = catalog.filter((product) => product.stock > 0).map((product) => product.sku);

// ---- measurements ---------------------------------------------------------------

const latencies = new Map<string, number[]>();
const statuses = new Map<number, number>();
let fiveXx = 0;
let networkErrors = 0;
let shed = 0;
let inFlight = 0;
const errorsSeen: string[] = [];

function record(route: string, status: number, ms: number): void {
  let list = latencies.get(route);
  if (!list) {
    list = [];
    latencies.set(route, list);
  }
  list.push(ms);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  if (status >= 500) fiveXx++;
}

async function request(
  route: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const started = performance.now();
  try {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    record(route, response.status, performance.now() - started);
    if (response.status >= 500 && errorsSeen.length < 10)
      errorsSeen.push(`${route} ${response.status} ${text.slice(0, 200)}`);
    return {
      status: response.status,
      json: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined,
    };
  } catch (error) {
    networkErrors++;
    if (errorsSeen.length < 10) errorsSeen.push(`${route} network: ${String(error)}`);
    return { status: 0, json: undefined };
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** RSS (MB) of this process's children (DynamoDB Local's JVM, cognito-local), from /proc. */
function childrenRssMb(): number {
  try {
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    let kb = 0;
    for (const pid of children) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    }
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

// ---- the shoppers ------------------------------------------------------------------

interface Shopper {
  headers: Record<string, string>;
  keys: number;
}

async function anonymousShopper(): Promise<Shopper | undefined> {
  const issued = await request('POST /cart/anonymous', 'POST', '/cart/anonymous');
  const token = (issued.json as { cartToken?: string } | undefined)?.cartToken;
  return token ? { headers: { 'x-cart-token': token }, keys: 0 } : undefined;
}

async function signedInShopper(index: number): Promise<Shopper | undefined> {
  if (!stack?.env.COGNITO_ENDPOINT) return undefined;
  const { CognitoIdentityProviderClient, SignUpCommand, AdminConfirmSignUpCommand, InitiateAuthCommand } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: stack.env.COGNITO_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const email = `soak-${index}-${randomUUID()}@example.com`;
  const password = 'Correct-horse-9';
  const clientId = stack.env.USER_POOL_CLIENT_ID;
  await cognito.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.env.USER_POOL_ID, Username: email }));
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  cognito.destroy();
  const token = auth.AuthenticationResult?.AccessToken;
  return token ? { headers: { authorization: `Bearer ${token}` }, keys: 0 } : undefined;
}

const shoppers: Shopper[] = [];
for (let i = 0; i < shopperCount; i++) {
  const shopper = await anonymousShopper();
  if (shopper) shoppers.push(shopper);
}
const users: Shopper[] = [];
for (let i = 0; i < userCount; i++) {
  const user = await signedInShopper(i);
  if (user) users.push(user);
}
// Warm-up traffic is not part of the figures.
latencies.clear();
statuses.clear();
fiveXx = 0;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/** One request of the mix. */
async function oneRequest(): Promise<void> {
  const roll = Math.random();
  const shopper = users.length > 0 && Math.random() < 0.15 ? pick(users) : pick(shoppers);
  const sku = pick(skus);
  if (roll < 0.3) {
    await request('GET /cart', 'GET', '/cart', shopper.headers);
  } else if (roll < 0.58) {
    shopper.keys++;
    await request(
      'POST /cart/items',
      'POST',
      '/cart/items',
      { ...shopper.headers, 'idempotency-key': `k${shopper.keys}` },
      { sku, quantity: 1 + Math.floor(Math.random() * 3) },
    );
  } else if (roll < 0.68) {
    await request('PUT /cart/items/{sku}', 'PUT', `/cart/items/${sku}`, shopper.headers, {
      quantity: Math.floor(Math.random() * 5),
    });
  } else if (roll < 0.76) {
    await request('DELETE /cart/items/{sku}', 'DELETE', `/cart/items/${sku}`, shopper.headers);
  } else if (roll < 0.84) {
    await request('GET /products', 'GET', '/products?limit=20');
  } else if (roll < 0.9) {
    await request('GET /products/{sku}', 'GET', `/products/${sku}`);
  } else if (roll < 0.93) {
    await request('DELETE /cart', 'DELETE', '/cart', shopper.headers);
  } else if (roll < 0.96) {
    // A new visitor replaces an old one (tokens are cheap; carts expire by TTL).
    const fresh = await anonymousShopper();
    if (fresh) shoppers[Math.floor(Math.random() * shoppers.length)] = fresh;
  } else if (roll < 0.97 && users.length > 0) {
    await request('POST /cart/checkout', 'POST', '/cart/checkout', pick(users).headers);
  } else {
    await request('GET /config', 'GET', '/config');
  }
}

// ---- the run -----------------------------------------------------------------------

interface Sample {
  readonly at: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly childrenMb: number;
  readonly rps: number;
}
const samples: Sample[] = [];
const startedAt = performance.now();
let lastSampleAt = startedAt;
let lastSampleCount = 0;
const totalRequests = () => [...statuses.values()].reduce((a, b) => a + b, 0);

function sample(): void {
  const now = performance.now();
  const done = totalRequests();
  const memory = process.memoryUsage();
  const entry: Sample = {
    at: (now - startedAt) / 1000,
    rssMb: memory.rss / 1048576,
    heapMb: memory.heapUsed / 1048576,
    childrenMb: childrenRssMb(),
    rps: (done - lastSampleCount) / ((now - lastSampleAt) / 1000),
  };
  samples.push(entry);
  lastSampleAt = now;
  lastSampleCount = done;
  process.stdout.write(
    `t=${entry.at.toFixed(0).padStart(4)}s  ${entry.rps.toFixed(1).padStart(6)} req/s  rss ${entry.rssMb.toFixed(0)} MB  ` +
      `heap ${entry.heapMb.toFixed(0)} MB  children ${entry.childrenMb.toFixed(0)} MB  in-flight ${inFlight}  5xx ${fiveXx}\n`,
  );
}

process.stdout.write(
  `soak: ${durationS} s at ${rate} req/s against ${api} (${shoppers.length} anonymous shoppers, ${users.length} signed-in users)\n`,
);
sample();
const sampler = setInterval(sample, sampleS * 1000);
const tickMs = 20;
let scheduled = 0;
await new Promise<void>((resolve) => {
  const ticker = setInterval(() => {
    const elapsed = (performance.now() - startedAt) / 1000;
    if (elapsed >= durationS) {
      clearInterval(ticker);
      resolve();
      return;
    }
    // Due from the clock, not from the tick count: a late timer on a busy machine catches up.
    const due = Math.floor(elapsed * rate) - scheduled;
    for (let i = 0; i < due; i++) {
      scheduled++;
      if (inFlight >= maxInFlight) {
        shed++;
        continue;
      }
      inFlight++;
      void oneRequest().finally(() => {
        inFlight--;
      });
    }
  }, tickMs);
});
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
clearInterval(sampler);
sample();

// ---- report ------------------------------------------------------------------------

const elapsedS = (performance.now() - startedAt) / 1000;
const all = [...latencies.values()].flat().sort((a, b) => a - b);
const fmt = (n: number) => n.toFixed(1).padStart(7);
process.stdout.write('\nlatency (ms)                    count      p50      p95      p99      max\n');
for (const [route, list] of [...latencies.entries()].sort()) {
  const sorted = [...list].sort((a, b) => a - b);
  process.stdout.write(
    `  ${route.padEnd(28)} ${String(sorted.length).padStart(6)}  ${fmt(percentile(sorted, 50))}  ${fmt(percentile(sorted, 95))}  ${fmt(percentile(sorted, 99))}  ${fmt(sorted.at(-1) ?? Number.NaN)}\n`,
  );
}
process.stdout.write(
  `  ${'all'.padEnd(28)} ${String(all.length).padStart(6)}  ${fmt(percentile(all, 50))}  ${fmt(percentile(all, 95))}  ${fmt(percentile(all, 99))}  ${fmt(all.at(-1) ?? Number.NaN)}\n`,
);

// Memory trend: least squares over the samples after the first minute (start-up and JIT warm-up).
const steady = samples.filter((s) => s.at >= Math.min(60, durationS / 3));
function slopePerMinute(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}
const rssSlope = slopePerMinute(steady.map((s) => ({ x: s.at, y: s.rssMb })));
const heapSlope = slopePerMinute(steady.map((s) => ({ x: s.at, y: s.heapMb })));
const rssValues = steady.map((s) => s.rssMb);
const summary = {
  durationS: Math.round(elapsedS),
  targetRate: rate,
  requests: all.length,
  throughput: Math.round((all.length / elapsedS) * 10) / 10,
  shed,
  statuses: Object.fromEntries([...statuses.entries()].sort(([a], [b]) => a - b)),
  fiveXx,
  networkErrors,
  latencyMs: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) },
  rssMb: { min: Math.min(...rssValues), max: Math.max(...rssValues), slopePerMinute: rssSlope },
  heapSlopeMbPerMinute: heapSlope,
  childrenRssMb: { first: samples[0]?.childrenMb, last: samples.at(-1)?.childrenMb },
};
process.stdout.write(
  `\nthroughput ${summary.throughput} req/s over ${summary.durationS} s (${summary.requests} requests, ${shed} shed), ` +
    `5xx ${fiveXx}, network errors ${networkErrors}\n` +
    `statuses ${JSON.stringify(summary.statuses)}\n` +
    `rss ${summary.rssMb.min.toFixed(0)}-${summary.rssMb.max.toFixed(0)} MB after the first minute, trend ${rssSlope.toFixed(2)} MB/min ` +
    `(heap ${heapSlope.toFixed(2)} MB/min)\n`,
);
for (const line of errorsSeen) process.stdout.write(`  error: ${line}\n`);
process.stdout.write(`SOAK_SUMMARY ${JSON.stringify(summary)}\n`);
await stack.stop();
process.exit(fiveXx > 0 || networkErrors > 0 ? 1 : 0);
