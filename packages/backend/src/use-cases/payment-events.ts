import type { StoredOrder } from '../domain/order.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { endAbandonment } from './cart-reminders.js';

/** A verified provider event as the webhook queued it. */
export interface PaymentEventJob {
  readonly eventId: string;
  readonly eventType: string;
  readonly sessionId: string;
  readonly orderId: string | null;
}

/** The reason an EXPIRED order shows. */
export const EXPIRED_REASON =
  'The payment window closed before the order was paid. Nothing was charged; the cart can be checked out again.';

/**
 * The payment worker's step for one provider event, idempotent by order
 * state (every write is conditioned on AWAITING_PAYMENT and this session, so
 * a replayed or late event changes nothing) and recording the event id that
 * moved the order:
 *
 * - `checkout.session.completed` → PAID; then, once each, the bought lines
 *   leave the cart and the receipt is queued (the mail worker sends one per order);
 * - `checkout.session.expired` → EXPIRED, the stock back (once), the cart
 *   free to be checked out again.
 */
export async function handlePaymentEvent(job: PaymentEventJob, deps: Deps): Promise<void> {
  if (!job.orderId) {
    logger.info('payment event for no order, ignored', { eventId: job.eventId });
    return;
  }
  const order = await deps.orders.get(job.orderId);
  if (!order) throw new Error('The order does not exist (yet)');
  if (job.eventType === 'checkout.session.completed') {
    if (order.status === 'AWAITING_PAYMENT') {
      await deps.paymentStore.markPaid(order.orderId, job.sessionId, job.eventId, deps.now());
    }
    await afterPaid(order.orderId, job.sessionId, deps);
  } else if (job.eventType === 'checkout.session.expired') {
    await expireOrder(order, job.sessionId, deps, job.eventId);
  } else {
    logger.info('payment event ignored', { eventId: job.eventId, eventType: job.eventType });
  }
}

/** What PAID leads to, each once however often it runs: the lines out of the cart, the receipt queued. */
async function afterPaid(orderId: string, sessionId: string, deps: Deps): Promise<void> {
  const order = await deps.orders.get(orderId);
  if (order?.status !== 'PAID' || order.paymentSessionId !== sessionId) return;
  if (!order.cartCleared) {
    await endAbandonment(deps, order.ownerKey); // the purchase: the owner's next cart gets its own reminder
    await deps.fulfilment.clearOrderedLines(order, deps.now());
  }
  // The mail worker's ledger makes a second message harmless; this skips it once the receipt is out.
  if (!(order as StoredOrder & { receiptSentAt?: string }).receiptSentAt) {
    await deps.queue.send({ type: 'order.paid', orderId });
  }
  logger.info('order paid', { orderId });
}

/**
 * Expires an AWAITING_PAYMENT order on this session: stock back and EXPIRED
 * in one transaction, once. False if the order was not (any more) waiting on it.
 */
export async function expireOrder(
  order: StoredOrder,
  sessionId: string,
  deps: Deps,
  eventId?: string,
): Promise<boolean> {
  if (order.status !== 'AWAITING_PAYMENT' || order.paymentSessionId !== sessionId) return false;
  const done = await deps.paymentStore.release(
    order,
    { status: 'EXPIRED', reason: EXPIRED_REASON, ...(eventId ? { eventId } : {}) },
    deps.now(),
  );
  if (done) logger.info('order expired', { orderId: order.orderId });
  return done;
}

/**
 * The sweeper's run: every AWAITING_PAYMENT order whose window passed has
 * its payment page closed at the provider, then is expired. A page the
 * provider reports paid (its completed event never arrived, e.g. every
 * delivery failed) is reconciled instead: PAID, conditioned as the event's
 * own write, then the lines leave the cart and the receipt is queued.
 */
export async function sweepExpiredPayments(deps: Deps): Promise<{ expired: number; reconciled: number }> {
  const due = await deps.paymentStore.listExpired(deps.now());
  let expired = 0;
  let reconciled = 0;
  for (const { orderId } of due) {
    const order = await deps.orders.get(orderId);
    if (order?.status !== 'AWAITING_PAYMENT' || !order.paymentSessionId) continue;
    const sessionId = order.paymentSessionId;
    let state: 'expired' | 'complete';
    try {
      state = await (await deps.payments()).expire(sessionId);
    } catch (error) {
      // One order the provider cannot answer for must not hold up the rest: the next run tries again.
      logger.warn('sweeper could not close a payment page', { orderId, error: (error as Error).message });
      continue;
    }
    if (state === 'complete') {
      if (await deps.paymentStore.markPaid(orderId, sessionId, `sweeper:${sessionId}`, deps.now())) reconciled++;
      await afterPaid(orderId, sessionId, deps);
      logger.info('sweeper found a paid session: order paid', { orderId });
      continue;
    }
    if (await expireOrder(order, sessionId, deps)) expired++;
  }
  return { expired, reconciled };
}
