import { UnavailableError } from '../domain/errors.js';
import { FAILURE, judgeOrder, orderCharge, type StoredOrder, TOTALS_MISMATCH } from '../domain/order.js';
import { orderPageUrl } from '../domain/order-access.js';
import { isAllowedOrigin } from '../http/cors.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { endAbandonment } from './cart-reminders.js';
import { orderAccessToken } from './order-access.js';

/**
 * What the order worker does with one `order.placed` job: check that the
 * frozen totals add up from the frozen lines (the order is charged exactly
 * `totals.total`, `orderCharge`), check the order against the catalog (the
 * prices frozen at checkout must still be the catalog's, the products still
 * sold and in stock), reserve stock at those prices atomically, or fail with a
 * reason a shopper can read. Then, for a shop with no online payment, confirm,
 * take the bought lines out of the cart and queue the receipt (as the payment
 * worker does on PAID); with online payment, open the
 * provider's payment page for exactly the order's total and move the order to
 * AWAITING_PAYMENT (the lines leave the cart at PAID, in the payment worker).
 * Every step is safe to repeat, so a redelivered message changes nothing twice
 * (and opens one payment page: the provider call is idempotent per order).
 */
export async function fulfilOrder(orderId: string, deps: Deps): Promise<void> {
  let order = await deps.orders.get(orderId);
  if (!order) throw new Error('The order does not exist (yet)'); // retried, then dead-lettered
  const online = deps.config.paymentProvider !== null;
  if (order.status === 'PENDING' && !order.stockReserved) {
    const figures = await deps.fulfilment.prices(order.items.map((item) => item.sku));
    // Confirmed (and, with a payment step, charged) at exactly the frozen `totals.total`, or not at all.
    const early = orderCharge(order) === undefined ? TOTALS_MISMATCH : judgeOrder(order, (sku) => figures.get(sku));
    const result = early
      ? ({ outcome: 'failed', failure: early } as const)
      : await deps.fulfilment.reserve(order, deps.now(), { hold: online });
    if (result.outcome === 'failed') {
      await deps.orders.fail(orderId, result.failure.reason, deps.now(), result.failure.code);
      logger.info('order failed', { orderId, reasonCode: result.failure.code });
      return;
    }
    order = await deps.orders.get(orderId);
    if (!order) throw new Error('The order vanished');
  }
  if (order.status === 'PENDING' && order.stockReserved) await openPayment(order, deps);
  if (order.status === 'CONFIRMED') {
    if (!order.cartCleared) {
      await endAbandonment(deps, order.ownerKey); // the purchase: the owner's next cart gets its own reminder
      await deps.fulfilment.clearOrderedLines(order, deps.now());
      logger.info('order confirmed', { orderId });
    }
    // The receipt of a shop with no online payment, as the payment worker queues it on PAID. Queued on
    // every delivery until it is out (a crash after the lines left the cart must not lose it); the mail
    // worker's ledger sends one email per order however many messages arrive. An order with no email
    // (placed before checkout took one) has no one to mail: no message.
    if (order.email && !(order as StoredOrder & { receiptSentAt?: string }).receiptSentAt) {
      await deps.queue.send({ type: 'order.paid', orderId });
    }
  }
}

/** Opens the payment page of an order whose stock is held, and records it (AWAITING_PAYMENT) in one conditional write. */
async function openPayment(order: StoredOrder, deps: Deps): Promise<void> {
  const { orderId } = order;
  const returnTo = returnUrl(order, deps);
  if (!returnTo) {
    await deps.paymentStore.release(
      order,
      {
        status: 'FAILED',
        reason: 'This shop has no page to return to after payment. Nothing was charged.',
        reasonCode: FAILURE.NOT_PROCESSED,
      },
      deps.now(),
    );
    logger.error('order failed: no return URL (set ORDER_PAGE_URL)', { orderId });
    return;
  }
  // Back on the host page a guest reads the order with its access token (derived, never stored in clear).
  const token = await orderAccessToken(deps, orderId);
  const success = orderPageUrl(returnTo, orderId, token);
  const cancel = orderPageUrl(returnTo, orderId, token, { payment: 'cancelled' });
  const amount = orderCharge(order);
  // Checked before the stock was reserved: the frozen figures cannot have changed since.
  if (amount === undefined) throw new Error('The order totals do not add up from its lines');
  const provider = await deps.payments();
  let session: Awaited<ReturnType<typeof provider.createCheckout>>;
  try {
    session = await provider.createCheckout({
      order,
      amount,
      expiresAt: deps.now() + deps.config.paymentWindowSeconds * 1000,
      successUrl: success,
      cancelUrl: cancel,
    });
  } catch (error) {
    if (error instanceof UnavailableError) throw error; // retried by SQS
    // The provider refused the session for good (bad amount, bad params): give the stock back, charge nothing.
    await deps.paymentStore.release(
      order,
      {
        status: 'FAILED',
        reason: 'We could not open the payment page for this order. Nothing was charged; please try again.',
        reasonCode: FAILURE.NOT_PROCESSED,
      },
      deps.now(),
    );
    logger.error('payment page refused', { orderId, error: (error as Error).message });
    return;
  }
  const recorded = await deps.paymentStore.awaitPayment(orderId, session, deps.now());
  logger.info(recorded ? 'order awaiting payment' : 'order moved on before its payment page was recorded', { orderId });
}

/** The host page to come back to: the order's own `returnUrl` if its origin is allowed, else the configured order page. */
function returnUrl(order: StoredOrder, deps: Deps): string | undefined {
  if (order.returnUrl) {
    try {
      const url = new URL(order.returnUrl);
      if (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        isAllowedOrigin(url.origin, deps.config.allowedOrigins)
      ) {
        return url.href;
      }
    } catch {
      // not a URL: fall back
    }
  }
  return deps.config.orderPageUrl ?? undefined;
}
