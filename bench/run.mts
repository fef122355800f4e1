// The benchmark suite: `pnpm bench` from the repository root. Prints tables
// and writes bench/results.json. Not a test, never in CI. See README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { machine } from './lib/machine.mjs';
import { startRemoteStack } from './stack/remote-stack.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTIONS = ['handler', 'bundles', 'sdk', 'browser', 'realtime', 'api', 'checkout', 'cost'] as const;
// `pnpm bench -- --flag` passes the `--` through.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const { values } = parseArgs({
  args: argv,
  options: {
    only: { type: 'string', default: SECTIONS.join(',') },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    'handler-calls': { type: 'string', default: '20000' },
    'init-runs': { type: 'string', default: '5' },
    mutations: { type: 'string', default: '200' },
    clicks: { type: 'string', default: '80' },
    'checkout-orders': { type: 'string', default: '20' },
    'sdk-iterations': { type: 'string', default: '40' },
    delays: { type: 'string', default: '0,100,300' },
    'no-streams': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    'cost-samples': { type: 'string', default: '3' },
    out: { type: 'string', default: new URL('./results.json', import.meta.url).pathname },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    readFileSync(new URL('./README.md', import.meta.url), 'utf8')
      .split('## Flags')[1]
      ?.split('\n## ')[0] ?? '',
  );
  process.exit(0);
}
const only = new Set(values.only.split(',').map((s) => s.trim()));
for (const name of only)
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section ${name}`);
const int = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};

const started = performance.now();
const log = (line: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
const catalog = JSON.parse(readFileSync(new URL('../packages/backend/data/catalog.json', import.meta.url), 'utf8')) as {
  sku: string;
  stock: number;
}[];
const skus = catalog.filter((p) => p.stock > 0).map((p) => p.sku);
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), machineAtStart: machine() };

// Sections without the stack first: the stack's pollers would add noise.
if (only.has('handler')) {
  const { handlerOverheadSection } = await import('./sections/handler-overhead.mjs');
  results.handlerOverhead = await handlerOverheadSection({ calls: int('handler-calls'), log });
}
if (only.has('bundles')) {
  const { bundlesSection } = await import('./sections/bundles.mjs');
  results.bundles = await bundlesSection({ initRuns: int('init-runs'), log });
}
if (only.has('sdk')) {
  const { sdkSection } = await import('./sections/sdk.mjs');
  const delays = values.delays.split(',').map(Number);
  results.sdk = await sdkSection({ delays, iterations: int('sdk-iterations'), log });
}
if (only.has('browser')) {
  const { browserSection } = await import('./sections/browser.mjs');
  results.browser = await browserSection({ clicks: int('clicks'), log });
}
if (only.has('realtime') || only.has('api')) {
  const streams = !values['no-streams'];
  log(`starting the local stack in a child process (streams ${streams ? 'on' : 'off'})`);
  const stack = await startRemoteStack({ streams });
  try {
    // Realtime before the load: the API rows leave a stream backlog behind them.
    if (only.has('realtime')) {
      if (!streams) log('realtime: skipped (--no-streams)');
      else {
        const { realtimeSection } = await import('./sections/realtime.mjs');
        results.realtime = await realtimeSection({ stack, skus, mutations: int('mutations'), log });
      }
    }
    if (only.has('api')) {
      const { apiSection } = await import('./sections/api.mjs');
      const profileDir = values['no-profile'] ? undefined : new URL('./profiles/', import.meta.url).pathname;
      if (profileDir) mkdirSync(profileDir, { recursive: true });
      results.api = await apiSection({
        stack,
        skus,
        concurrency: int('concurrency'),
        rounds: int('rounds'),
        seconds: int('seconds'),
        ...(profileDir ? { profileDir } : {}),
        log,
      });
    }
  } finally {
    await stack.stop();
  }
}
// Its own stack, with online payment on (the local Stripe), after the others have stopped.
if (only.has('checkout')) {
  log('starting the local stack with online payment (local Stripe) in a child process');
  const stack = await startRemoteStack({ streams: true, payment: true });
  try {
    const { checkoutSection } = await import('./sections/checkout.mjs');
    results.checkout = await checkoutSection({ stack, orders: int('checkout-orders'), log });
  } finally {
    await stack.stop();
  }
}
// Last, on a stack of its own with the cost meter on (the meter adds ReturnConsumedCapacity to every call).
if (only.has('cost')) {
  const { costSection } = await import('./sections/cost.mjs');
  results.cost = await costSection({ samples: int('cost-samples'), log });
}
results.machineAtEnd = machine();
results.totalSeconds = Math.round((performance.now() - started) / 1000);
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);

const { printReport } = await import('./report.mjs');
console.log(printReport(results as never));
console.log(`\nwritten to ${values.out}`);
