import { cpuMs } from './proc-cpu.mjs';

/** One closed-loop run: `concurrency` workers, each calling `worker` back to back until time is up. */
export interface LoadResult {
  readonly ops: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latencies: number[];
  /** CPU milliseconds each watched process spent during the run. */
  readonly cpu: Record<string, number>;
  readonly firstError?: string;
}

export type Worker = (worker: number, iteration: number) => Promise<boolean>;

export async function closedLoop(options: {
  concurrency: number;
  seconds: number;
  worker: Worker;
  /** Processes whose CPU time to attribute to this run, by name. */
  watch?: Readonly<Record<string, number>>;
}): Promise<LoadResult> {
  const { concurrency, seconds, worker } = options;
  const watch = options.watch ?? {};
  const cpuBefore = Object.fromEntries(Object.entries(watch).map(([name, pid]) => [name, cpuMs(pid)]));
  const latencies: number[] = [];
  let ops = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, id) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await worker(id, i);
        } catch (error) {
          firstError ??= String(error);
        }
        latencies.push(performance.now() - t0);
        if (ok) ops++;
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = Object.fromEntries(
    Object.entries(watch).map(([name, pid]) => [name, cpuMs(pid) - (cpuBefore[name] ?? 0)]),
  );
  return { ops, errors, seconds: elapsed, latencies, cpu, ...(firstError ? { firstError } : {}) };
}
