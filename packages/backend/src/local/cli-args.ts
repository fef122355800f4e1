/** The `pnpm start` flags. */
export interface CliArgs {
  readonly persistDir: string | undefined;
  /** `--payment stripe|none`; undefined: see {@link paymentFor}. */
  readonly payment?: 'stripe' | 'none' | undefined;
  readonly quiet: boolean;
  readonly help: boolean;
}

/**
 * Parses `--persist <dir>` (or `--persist=<dir>`), `--payment stripe|none`
 * (or `--payment=…`), `--quiet` and `--help`.
 * Throws a one-line error for anything else.
 *
 * @example
 * ```ts
 * parseCliArgs(['--persist', '.local-stack']); // { persistDir: '.local-stack', quiet: false, help: false }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let persistDir: string | undefined;
  let quiet = false;
  let help = false;
  let payment: 'stripe' | 'none' | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--persist') {
      persistDir = argv[++i];
      if (!persistDir || persistDir.startsWith('--')) throw new Error('--persist needs a folder');
    } else if (arg.startsWith('--persist=')) {
      persistDir = arg.slice('--persist='.length);
      if (!persistDir) throw new Error('--persist needs a folder');
    } else if (arg === '--payment' || arg.startsWith('--payment=')) {
      const value = arg === '--payment' ? argv[++i] : arg.slice('--payment='.length);
      if (value !== 'stripe' && value !== 'none') throw new Error('--payment must be stripe or none');
      payment = value;
    } else if (arg === '--quiet' || arg === '-q') {
      quiet = true;
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else {
      throw new Error(`unknown argument ${arg} (try --help)`);
    }
  }
  return { persistDir, quiet, help, ...(payment ? { payment } : {}) };
}

/**
 * The online payment `pnpm start` runs with: `--payment`, else `PAYMENT_PROVIDER`,
 * else `stripe` (the local Stripe stand-in and the mailbox run anyway, so a
 * developer sees the whole sale: pay, PAID, receipt). `none` is the shop with no
 * online payment (orders go straight to CONFIRMED), as `data/shop.json`'s
 * `"payment": null` is for a deployment without Stripe keys.
 *
 * @example
 * ```ts
 * paymentFor(parseCliArgs([]), {}); // 'stripe'
 * paymentFor(parseCliArgs(['--payment', 'none']), {}); // 'none'
 * ```
 */
export function paymentFor(args: Pick<CliArgs, 'payment'>, env: NodeJS.ProcessEnv): 'stripe' | 'none' {
  if (args.payment) return args.payment;
  const fromEnv = env.PAYMENT_PROVIDER;
  if (fromEnv === 'stripe' || fromEnv === 'none') return fromEnv;
  if (fromEnv !== undefined && fromEnv !== '') throw new Error('PAYMENT_PROVIDER must be stripe or none');
  return 'stripe';
}

export const USAGE = `Usage: pnpm start [-- --persist <dir>] [--payment stripe|none] [--quiet]

Runs the cartkit backend locally: the Lambda handlers behind a local API
Gateway, on DynamoDB Local, cognito-local and fauxqs.

  --persist <dir>  keep tables, users and the token secret in <dir> (default: in memory)
  --payment stripe|none
                   online payment through the local Stripe stand-in (default, or
                   PAYMENT_PROVIDER), or none: orders are CONFIRMED without payment
  --quiet          only warnings and errors
  PORT=<n>         gateway port (default 3000, 0 for any free port)`;
