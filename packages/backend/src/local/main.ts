/**
 * `pnpm start`: runs the local stack until Ctrl-C. Known failures (port in
 * use, no java) print one line and exit 1; anything else is a bug and keeps
 * its stack trace.
 */
import { parseCliArgs, paymentFor, USAGE } from './cli-args.js';
import { isLocalStackError } from './support/errors.js';
import { type LocalStack, startLocalStack } from './stack.js';

// The SDK's "Node 20 is ending" notice is not actionable for someone running the stack.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function fail(message: string): never {
  process.stderr.write(`cartkit local stack: ${message}\n`);
  process.exit(1);
}

function banner(
  stack: LocalStack,
  seconds: string,
  persistDir: string | undefined,
  payment: 'stripe' | 'none',
): string {
  const rows: [string, string][] = [
    ['Storefront', stack.storefrontUrl],
    ['Admin page', `${new URL(stack.storefrontUrl).origin}/admin/`],
    ['API', stack.apiUrl],
    ['WebSocket', stack.wsUrl],
    ['DynamoDB Local', stack.endpoints.dynamodb],
    ['cognito-local', `${stack.endpoints.cognito}  (pool ${stack.userPoolId}, client ${stack.userPoolClientId})`],
    [
      'Hosted sign-in',
      `${stack.hostedSignIn.url}  (Cognito's /oauth2/authorize, /oauth2/token, /logout; provider ${stack.hostedSignIn.provider.id})`,
    ],
    ['SQS (fauxqs)', stack.endpoints.sqs],
    ['SES mailbox', stack.mailbox.url],
    ['Stripe (local)', stack.endpoints.stripe],
    // As `stripe listen` prints it: a local test secret, new at every start, that signs the local webhooks.
    ['Webhook secret', `${stack.stripe.webhookSecret}  (local test secret, new at every start)`],
    [
      'Payment',
      payment === 'stripe'
        ? 'stripe  (the local stand-in; --payment none: orders CONFIRMED without payment)'
        : 'none  (orders CONFIRMED without payment; --payment stripe for the local Stripe)',
    ],
    ['Data', persistDir ?? 'in memory (use --persist <dir> to keep it)'],
    // The admin API (/api/admin/*) is for the Cognito group "admin": this puts a signed-up account in it.
    ['Make an admin', `pnpm admin:grant <email> --endpoint ${stack.endpoints.cognito}  (then sign in again)`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `cartkit local stack up in ${seconds} s`,
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    '  Ctrl-C to stop',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCliArgs>;
  let payment: 'stripe' | 'none';
  try {
    args = parseCliArgs(process.argv.slice(2));
    payment = paymentFor(args, process.env);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // A signal during start-up must still stop what has started: remember it, act once started.
  let stopRequested = false;
  let stack: LocalStack | undefined;
  const shutdown = async () => {
    if (stopRequested && !stack) return;
    stopRequested = true;
    if (!stack) return;
    process.stderr.write('stopping...\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    stack = await startLocalStack({ persistDir: args.persistDir, quiet: args.quiet, paymentProvider: payment });
  } catch (error) {
    if (isLocalStackError(error)) fail(error.message);
    throw error;
  }
  if (stopRequested) {
    await stack.stop();
    process.exit(0);
  }
  // performance.now() counts from process start: the figure includes loading the code.
  const seconds = (performance.now() / 1000).toFixed(1);
  process.stdout.write(banner(stack, seconds, args.persistDir, payment));
}

await main();
