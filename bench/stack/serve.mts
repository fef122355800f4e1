// The local stack in its own process, so the load generator and the stack's
// gateway + handlers do not share one event loop (as they would not on AWS).
// Driven by its parent over IPC: see remote-stack.mts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const noStreams = process.argv.includes('--no-streams');
/** Online payment on (the local Stripe), for the checkout section. */
const payment = process.argv.includes('--payment');
// The cost section: count consumed capacity, invocations, SQS and @connections calls (runtime/meter.ts).
const metered = process.argv.includes('--meter');
const catalogArg = process.argv.find((arg) => arg.startsWith('--catalog='))?.slice('--catalog='.length);
if (metered) process.env.CARTKIT_METER = '1';

// Handler knobs, read when the handlers first load: quiet logs, and no rate
// limits (every request comes from one client on 127.0.0.1).
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.ANONYMOUS_RATE_PER_MINUTE ??= '10000000';
process.env.MUTATION_RATE_PER_MINUTE ??= '100000000';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { startLocalStack } = await import('../../packages/backend/src/local/stack.ts');
const { HANDLERS_DIR } = await import('../../packages/backend/src/local/lambda/handlers.ts');
const { meterSnapshot } = await import('../../packages/backend/src/runtime/meter.ts');

/** The real handlers minus `stream-processor`: the stack then leaves the table streams unread. */
function handlersWithoutStreams(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cartkit-bench-handlers-'));
  for (const name of [
    'cart-api',
    'checkout-api',
    'account',
    'ws-connect',
    'ws-default',
    'ws-disconnect',
    'order-worker',
    'cleanup-worker',
  ]) {
    writeFileSync(
      join(dir, `${name}.ts`),
      `export { handler } from ${JSON.stringify(join(HANDLERS_DIR, `${name}.ts`))};\n`,
    );
  }
  return dir;
}

const stack = await startLocalStack({
  port: 0,
  quiet: true,
  ...(catalogArg ? { catalogPath: catalogArg } : {}),
  // The cost section checks out with online payment through the Stripe stand-in.
  ...(metered || payment ? { paymentProvider: 'stripe' as const } : {}),
  ...(noStreams ? { handlersDir: handlersWithoutStreams() } : {}),
});
let session: Session | undefined;

async function stop(): Promise<void> {
  await stack.stop();
  process.exit(0);
}

process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('message', async (message: { type: string; file?: string }) => {
  if (message.type === 'stop') return stop();
  if (message.type === 'meter') {
    const snapshot = meterSnapshot();
    process.send?.({ type: 'meter', snapshot, idleMs: performance.now() - snapshot.lastActivity });
  }
  if (message.type === 'profile-start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    process.send?.({ type: 'profile-started' });
  }
  if (message.type === 'profile-stop' && session && message.file) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(message.file, JSON.stringify(profile));
    session.disconnect();
    session = undefined;
    process.send?.({ type: 'profile-stopped', file: message.file });
  }
});
process.send?.({
  type: 'ready',
  // The checkout section drives the storefront, whose return URLs name localhost: keep the page's origin.
  apiUrl: payment ? stack.apiUrl : stack.apiUrl.replace('localhost', '127.0.0.1'),
  wsUrl: stack.wsUrl.replace('localhost', '127.0.0.1'),
  // The load generator signs its own cart tokens with the stack's key (the handlers read it through the
  // secrets extension's stand-in, which the stack process serves).
  env: { ...stack.env, CART_TOKEN_SECRET: stack.cartTokenSecret },
  streams: !noStreams,
  handlersDir: fileURLToPath(new URL('../../packages/backend/src/handlers/', import.meta.url)),
});
