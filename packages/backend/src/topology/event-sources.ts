import type { FunctionName } from './functions.js';
import { TABLES, type TableId } from './tables.js';

/**
 * The table streams' event source: every table with `stream: true` feeds one
 * function, which retries a failing batch (bisecting it) before parking it in
 * the failure queue. Each queue's event source is its `QUEUES[].consumer`
 * (batch size `QUEUES[].batchSize`). The CDK app maps both; the local stack
 * polls both with the same settings.
 */
export const STREAM_SOURCE = {
  handler: 'stream-processor',
  batchSize: 100,
  retryAttempts: 3,
  maxRecordAgeHours: 1,
  failureRetentionDays: 14,
} as const satisfies {
  handler: FunctionName;
  batchSize: number;
  retryAttempts: number;
  maxRecordAgeHours: number;
  failureRetentionDays: number;
};

/** The tables whose streams feed {@link STREAM_SOURCE} (Carts, Orders and Products). */
export const STREAMED_TABLES: readonly TableId[] = TABLES.filter((table) => table.stream).map((table) => table.id);

/** A function run on a schedule: an EventBridge rule (or an EventBridge Scheduler schedule) on AWS, a timer locally. */
export interface ScheduleDefinition {
  readonly handler: FunctionName;
  /** On AWS: an EventBridge rule (`rule`, the default) or an EventBridge Scheduler schedule (`scheduler`). */
  readonly service?: 'rule' | 'scheduler';
  /** How often, in minutes (EventBridge `rate(n minutes)`). */
  readonly rateMinutes: number;
  /** Locally, how often in seconds (a developer should not wait minutes for a sweep). */
  readonly localEverySeconds: number;
}

export const SCHEDULES = [
  // Expires AWAITING_PAYMENT orders whose payment window passed, should the provider's event never come.
  { handler: 'payment-sweeper', rateMinutes: 5, localEverySeconds: 30 },
  // Abandoned-cart reminders (issue 16): one sweep over the sparse `reminderDue` index of Carts, not a schedule per
  // cart, so a cart mutation never pays for a schedule; a reminder goes out within `rateMinutes` of being due.
  { handler: 'cart-reminder', service: 'scheduler', rateMinutes: 15, localEverySeconds: 30 },
] as const satisfies readonly ScheduleDefinition[];
