import { type ChildProcess, spawn } from 'node:child_process';
import { LocalStackError } from './errors.js';

/** A child process the stack started, with the means to end it. */
export interface Child {
  readonly pid: number | undefined;
  /** The error that ended it early (spawn failure or exit), if any. */
  failure(): Error | undefined;
  /** Last lines of its output, for an error message. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

// Children still running when this process exits (crash, process.exit) are
// killed synchronously here, so a failed test run never leaves a JVM behind.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Spawns a long-running helper process. `onLine` sees every output line
 * (stdout and stderr); `name` is used in error messages. A missing executable
 * becomes a one-line {@link LocalStackError} via `missingHint`.
 *
 * @example
 * ```ts
 * const child = startChild({ name: 'cognito-local', command: process.execPath, args: [bin], cwd, env });
 * ```
 */
export function startChild(options: {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
  missingHint?: string;
}): Child {
  installExitHook();
  const lines: string[] = [];
  let failure: Error | undefined;
  let exited = false;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exitPromise = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  child.once('error', (error: NodeJS.ErrnoException) => {
    exited = true;
    live.delete(child);
    failure =
      error.code === 'ENOENT'
        ? new LocalStackError(options.missingHint ?? `${options.command} not found (needed for ${options.name})`)
        : new LocalStackError(`${options.name} could not start: ${error.message}`);
  });
  child.once('exit', (code, signal) => {
    exited = true;
    live.delete(child);
    failure ??= new LocalStackError(
      `${options.name} exited (${signal ?? `code ${code}`})${lines.length ? `: ${lines.slice(-3).join(' | ')}` : ''}`,
    );
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 50) lines.shift();
        options.onLine?.(line);
      }
    });
  }
  return {
    pid: child.pid,
    failure: () => failure,
    tail: () => lines.slice(-10).join('\n'),
    async stop(graceMs = 3000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
