import * as v from 'valibot';
import type { Job } from '../adapters/event-queue.js';

const JobSchema = v.variant('type', [
  v.object({ type: v.literal('order.placed'), orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) }),
  v.object({
    type: v.literal('cart.cleanup'),
    ownerKey: v.pipe(v.string(), v.regex(/^anon#[A-Za-z0-9_-]{22}$/)),
    version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.object({
    type: v.literal('payment.event'),
    provider: v.literal('stripe'),
    eventId: v.pipe(v.string(), v.regex(/^evt_[A-Za-z0-9_]{1,250}$/)),
    eventType: v.pipe(v.string(), v.maxLength(100)),
    sessionId: v.pipe(v.string(), v.regex(/^cs_[A-Za-z0-9_]{1,250}$/)),
    orderId: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  }),
  v.object({ type: v.literal('order.paid'), orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) }),
]);

/** Parses a queued job; a malformed one throws, so it is retried and then dead-lettered, never silently dropped. */
export function parseJob(body: string): Job {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error('The message is not JSON');
  }
  return v.parse(JobSchema, data);
}
