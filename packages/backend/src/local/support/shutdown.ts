/** The order in which the stack's parts stop: consumers before what they consume. */
export const STOP_ORDER = ['pollers', 'websockets', 'gateway', 'clients', 'emulators', 'files'] as const;
export type StopPhase = (typeof STOP_ORDER)[number];

/**
 * Collects the stop functions of whatever has started, and runs them phase
 * by phase (see {@link STOP_ORDER}), each phase in parallel. Runs once; a
 * failing step is reported and does not keep the others from running.
 *
 * @example
 * ```ts
 * const shutdown = createShutdown((error) => log.warn('stack', 'stop failed', { error }));
 * shutdown.add('emulators', () => ddb.stop());
 * await shutdown.run();
 * ```
 */
export function createShutdown(onError: (error: unknown) => void): {
  add(phase: StopPhase, stop: () => Promise<unknown>): void;
  run(): Promise<void>;
} {
  const steps = new Map<StopPhase, (() => Promise<unknown>)[]>();
  let running: Promise<void> | undefined;
  return {
    add(phase, stop) {
      const list = steps.get(phase) ?? [];
      list.push(stop);
      steps.set(phase, list);
    },
    run() {
      running ??= (async () => {
        for (const phase of STOP_ORDER) {
          const list = steps.get(phase) ?? [];
          const results = await Promise.allSettled(list.map((stop) => stop()));
          for (const result of results) if (result.status === 'rejected') onError(result.reason);
        }
      })();
      return running;
    },
  };
}
