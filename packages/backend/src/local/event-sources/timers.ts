import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/aws-config.js';
import type { HandlerRegistry } from '../lambda/handlers.js';
import { lambdaContext } from '../lambda/lambda-context.js';
import type { Logger } from '../support/log.js';
import { SCHEDULES } from '../../topology/event-sources.js';

/**
 * The EventBridge schedules of the topology (`SCHEDULES`), as timers: each
 * handler is invoked every `localEverySeconds` with a Scheduled Event, one
 * run at a time (a run still going when the next is due skips that tick). A
 * failed run is logged; the next tick runs again, as EventBridge would.
 *
 * @example
 * ```ts
 * const timers = startTimers({ handlers, log });
 * await timers.stop();
 * ```
 */
export function startTimers(options: {
  handlers: HandlerRegistry;
  log: Logger;
  /** Shorter intervals for some handlers (tests), in seconds. */
  everySeconds?: Readonly<Partial<Record<(typeof SCHEDULES)[number]['handler'], number>>>;
}): { stop(): Promise<void> } {
  const { handlers, log } = options;
  const running = new Set<Promise<unknown>>();
  const timers = SCHEDULES.map((schedule) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const event: ScheduledEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: LOCAL_ACCOUNT_ID,
        time: new Date().toISOString(),
        region: LOCAL_REGION,
        resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${schedule.handler}`],
        detail: {},
      };
      const run = handlers
        .lazy(schedule.handler)(event as never, lambdaContext(schedule.handler))
        .catch((error: unknown) =>
          log.warn('timers', 'scheduled run failed', { handler: schedule.handler, error: String(error) }),
        )
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    const every = options.everySeconds?.[schedule.handler] ?? schedule.localEverySeconds;
    const timer = setInterval(tick, every * 1000);
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
