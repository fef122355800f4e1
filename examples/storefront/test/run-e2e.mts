// Runs the storefront's end-to-end journeys against ONE local stack:
// builds the element's CDN bundle if it is missing, starts the stack on a free
// port, runs every journey file (node:test, one at a time, each in its own
// process, reading the stack's URL from CARTKIT_E2E_URL), prints node:test's
// `# pass N` / `# fail N`, writes `{ passed, failed }` to TEST_SUMMARY_FILE when
// set, and stops the stack whatever happened.
//
// Journeys whose first lines hold `// e2e-stack: payment=stripe` need the shop
// with online payment on (the local Stripe's hosted page, PAID orders, receipts):
// they run against a second stack started with PAYMENT_PROVIDER=stripe, in a
// child process of this runner (the handlers read the environment and keep
// their clients per process, so two stacks cannot share one); those with
// `// e2e-stack: reminders=fast` on a stack whose abandoned-cart reminders come
// after 3 s (swept every 2 s). The journeys read the mailbox's JSON store from
// CARTKIT_E2E_MAILBOX.
//
//   pnpm --filter @cartkit/storefront test:e2e                       # all journeys
//   pnpm --filter @cartkit/storefront test:e2e test/journeys/checkout.test.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// The admin page (/admin/, journey 12) is built every run: esbuild takes well under a second.
{
  const admin = spawnSync('pnpm', ['-s', '--filter', '@cartkit/admin-example', 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (admin.status !== 0) {
    failed = 1;
    writeSummary();
    console.error('# the admin page could not be built');
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

/**
 * Journeys that need a stack of their own say so in their first lines: `// e2e-stack: payment=stripe`
 * (online payment: the local Stripe's hosted page, PAID orders, receipts) or
 * `// e2e-stack: reminders=fast` (abandoned-cart reminders after 3 s, swept every 2 s: in the
 * shared stack they would reach other journeys' mailboxes). Each kind runs in a child runner.
 */
const STACK_KINDS = {
  payment: /^\/\/ e2e-stack: payment=stripe$/m,
  reminders: /^\/\/ e2e-stack: reminders=fast$/m,
} as const;
type StackKind = keyof typeof STACK_KINDS;
const childKind = process.env.CARTKIT_E2E_CHILD as StackKind | undefined;
const paymentChild = childKind === 'payment';
const kindOf = (file: string): StackKind | undefined => {
  const head = readFileSync(file, 'utf8').slice(0, 4000);
  return (Object.keys(STACK_KINDS) as StackKind[]).find((kind) => STACK_KINDS[kind].test(head));
};
const inThisStack = childKind ? files : files.filter((file) => !kindOf(file));

/** The journeys that need a stack of `kind`, in a child runner with its own stack; adds its counts. */
function runChildJourneys(kind: StackKind): void {
  const list = childKind ? [] : files.filter((file) => kindOf(file) === kind);
  if (list.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'cartkit-e2e-'));
  const summary = join(dir, 'summary.json');
  console.log(`# ${list.length} journey(s) on a stack of their own (${kind})`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...list], {
    stdio: 'inherit',
    env: { ...process.env, CARTKIT_E2E_CHILD: kind, TEST_SUMMARY_FILE: summary },
  });
  try {
    const counts = JSON.parse(readFileSync(summary, 'utf8')) as { passed: number; failed: number };
    passed += counts.passed;
    failed += counts.failed;
  } catch {
    failed += 1;
    console.error(`# the ${kind} journeys' runner ended without a summary (exit ${child.status})`);
  }
  rmSync(dir, { recursive: true, force: true });
}

const { startLocalStack } = await import('../../../packages/backend/src/local/stack.ts');
let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
try {
  if (inThisStack.length > 0) {
    stack = await startLocalStack({
      port: 0,
      quiet: true,
      ...(paymentChild ? { paymentProvider: 'stripe' } : {}),
      ...(childKind === 'reminders' ? { cartReminders: { afterSeconds: 3, sweepEverySeconds: 2 } } : {}),
    });
    process.env.CARTKIT_E2E_URL = new URL(stack.apiUrl).origin;
    process.env.CARTKIT_E2E_MAILBOX = stack.mailbox.storeUrl;
    if (paymentChild) process.env.CARTKIT_E2E_PAYMENT = 'stripe';
    console.log(
      `# local stack${childKind ? ` (${childKind})` : ''} at ${process.env.CARTKIT_E2E_URL} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    await runJourneys(inThisStack);
  }
} catch (error) {
  console.error('# e2e run failed outside a test:', error);
  if (failed === 0) failed = 1;
} finally {
  await stack?.stop().catch((error: unknown) => console.error('# stopping the stack failed:', error));
}
runChildJourneys('payment');
runChildJourneys('reminders');

async function runJourneys(list: string[]): Promise<void> {
  // Per journey file; journey 8 (pack, npm install, tsc, three bundlers, sizes) takes 2.5-3.5 min on 2 loaded cores.
  const stream = run({ files: list, concurrency: 1, timeout: 420_000 });
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
}

writeSummary();
console.log(`# pass ${passed}`);
console.log(`# fail ${failed}`);
console.log(`# e2e duration ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
