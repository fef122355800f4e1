// Runs the storefront's end-to-end journeys against ONE local stack:
// builds the element's CDN bundle if it is missing, starts the stack on a free
// port, runs every journey file (node:test, one at a time, each in its own
// process, reading the stack's URL from CARTKIT_E2E_URL), prints node:test's
// `# pass N` / `# fail N`, writes `{ passed, failed }` to TEST_SUMMARY_FILE when
// set, and stops the stack whatever happened.
//
//   pnpm --filter @cartkit/storefront test:e2e                       # all journeys
//   pnpm --filter @cartkit/storefront test:e2e test/journeys/checkout.test.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const bundle = join(repoRoot, 'packages/cart-element/dist/cdn/shopping-cart.js');
const started = Date.now();

let passed = 0;
let failed = 0;

function writeSummary(): void {
  const file = process.env.TEST_SUMMARY_FILE;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ passed, failed })}\n`);
}

if (!existsSync(bundle)) {
  console.log('# building the CDN bundle (packages/cart-element/dist/cdn/shopping-cart.js is missing)');
  const build = spawnSync('pnpm', ['--filter', '@cartkit/cart-element', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(bundle)) {
    failed = 1;
    writeSummary();
    console.error('# the CDN bundle could not be built');
    process.exit(1);
  }
}

const journeysDir = join(here, 'journeys');
const requested = process.argv.slice(2).map((file) => resolve(file));
const files =
  requested.length > 0
    ? requested
    : readdirSync(journeysDir)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => join(journeysDir, f));

const { startLocalStack } = await import('../../../packages/backend/src/local/stack.ts');
let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
try {
  stack = await startLocalStack({ port: 0, quiet: true });
  process.env.CARTKIT_E2E_URL = new URL(stack.apiUrl).origin;
  console.log(
    `# local stack at ${process.env.CARTKIT_E2E_URL} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );

  // Per journey file; journey 8 (pack, npm install, tsc, three bundlers, sizes) takes 2.5-3.5 min on 2 loaded cores.
  const stream = run({ files, concurrency: 1, timeout: 420_000 });
  stream.on('test:pass', (data) => {
    if (data.details?.type !== 'suite') passed += 1;
  });
  stream.on('test:fail', (data) => {
    if (data.details?.type !== 'suite') failed += 1;
  });
  await new Promise<void>((resolveRun, rejectRun) => {
    const out = stream.compose(new spec());
    out.pipe(process.stdout, { end: false });
    out.on('end', resolveRun);
    out.on('error', rejectRun);
  });
} catch (error) {
  console.error('# e2e run failed outside a test:', error);
  if (failed === 0) failed = 1;
} finally {
  await stack?.stop().catch((error: unknown) => console.error('# stopping the stack failed:', error));
}

writeSummary();
console.log(`# pass ${passed}`);
console.log(`# fail ${failed}`);
console.log(`# e2e duration ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
