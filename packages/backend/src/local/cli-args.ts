/** The `pnpm start` flags. */
export interface CliArgs {
  readonly persistDir: string | undefined;
  readonly quiet: boolean;
  readonly help: boolean;
}

/**
 * Parses `--persist <dir>` (or `--persist=<dir>`), `--quiet` and `--help`.
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
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--persist') {
      persistDir = argv[++i];
      if (!persistDir || persistDir.startsWith('--')) throw new Error('--persist needs a folder');
    } else if (arg.startsWith('--persist=')) {
      persistDir = arg.slice('--persist='.length);
      if (!persistDir) throw new Error('--persist needs a folder');
    } else if (arg === '--quiet' || arg === '-q') {
      quiet = true;
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else {
      throw new Error(`unknown argument ${arg} (try --help)`);
    }
  }
  return { persistDir, quiet, help };
}

export const USAGE = `Usage: pnpm start [-- --persist <dir>] [--quiet]

Runs the cartkit backend locally: the Lambda handlers behind a local API
Gateway, on DynamoDB Local, cognito-local and fauxqs.

  --persist <dir>  keep tables, users and the token secret in <dir> (default: in memory)
  --quiet          only warnings and errors
  PORT=<n>         gateway port (default 3000, 0 for any free port)`;
