import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MeterSnapshot } from '../../packages/backend/src/runtime/meter.ts';
import { findDescendant } from '../lib/proc-cpu.mjs';

/** A local stack running in a child process (see serve.mts). */
export interface RemoteStack {
  readonly apiUrl: string;
  readonly wsUrl: string;
  readonly env: Readonly<Record<string, string>>;
  readonly streams: boolean;
  /** The stack's Node process: gateway, handlers, pollers. */
  readonly pid: number;
  /** The DynamoDB Local JVM. */
  readonly dynamoPid: number | undefined;
  /** The stack's cost meter (started with `meter: true`), and how long since a handler last ran (ms). */
  meter(): Promise<{ snapshot: MeterSnapshot; idleMs: number }>;
  /** Samples the stack process's CPU into a .cpuprofile while `during` runs. */
  profile<T>(file: string, during: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

function next(child: ChildProcess, type: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`stack: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: Record<string, unknown>) => {
      if (message.type === type) done(undefined, message);
    };
    const onExit = (code: number | null) => done(new Error(`stack process exited (${code}) before "${type}"`));
    function done(error?: Error, message?: Record<string, unknown>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message ?? {});
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startRemoteStack(options: {
  streams: boolean;
  payment?: boolean;
  meter?: boolean;
  catalogPath?: string;
}): Promise<RemoteStack> {
  const args = [
    ...(options.streams ? [] : ['--no-streams']),
    ...(options.payment ? ['--payment'] : []),
    ...(options.meter ? ['--meter'] : []),
    ...(options.catalogPath ? [`--catalog=${options.catalogPath}`] : []),
  ];
  const child = fork(fileURLToPath(new URL('./serve.mts', import.meta.url)), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = (await next(child, 'ready', 90_000)) as {
    apiUrl: string;
    wsUrl: string;
    env: Record<string, string>;
    streams: boolean;
  };
  const pid = child.pid ?? 0;
  return {
    apiUrl: ready.apiUrl,
    wsUrl: ready.wsUrl,
    env: ready.env,
    streams: ready.streams,
    pid,
    dynamoPid: findDescendant(pid, 'DynamoDBLocal'),
    async meter() {
      const answer = next(child, 'meter', 10_000);
      child.send({ type: 'meter' });
      return (await answer) as unknown as { snapshot: MeterSnapshot; idleMs: number };
    },
    async profile(file, during) {
      const started = next(child, 'profile-started', 10_000);
      child.send({ type: 'profile-start' });
      await started;
      try {
        return await during();
      } finally {
        const stopped = next(child, 'profile-stopped', 30_000);
        child.send({ type: 'profile-stop', file });
        await stopped;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
