import { judgeOrder, orderCharge, TOTALS_MISMATCH } from '../domain/order.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';

/**
 * What the order worker does with one `order.placed` job: check that the
 * frozen totals add up from the frozen lines (the order is confirmed at exactly
 * `totals.total`, `orderCharge`), check the order against the catalog (the prices frozen at checkout must still be the
 * catalog's, the products still sold and in stock), reserve stock and
 * confirm atomically at those prices, or fail with a reason a shopper can
 * read; then take the bought lines out of the cart. Every step is safe to
 * repeat, so a redelivered message changes nothing twice.
 */
export async function fulfilOrder(orderId: string, deps: Deps): Promise<void> {
  let order = await deps.orders.get(orderId);
  if (!order) throw new Error('The order does not exist (yet)'); // retried, then dead-lettered
  if (order.status === 'PENDING') {
    const figures = await deps.fulfilment.prices(order.items.map((item) => item.sku));
    // Confirmed (and, with a payment step, charged) at exactly the frozen `totals.total`, or not at all.
    const early = orderCharge(order) === undefined ? TOTALS_MISMATCH : judgeOrder(order, (sku) => figures.get(sku));
    const result = early
      ? ({ outcome: 'failed', failure: early } as const)
      : await deps.fulfilment.reserve(order, deps.now());
    if (result.outcome === 'failed') {
      await deps.orders.fail(orderId, result.failure.reason, deps.now(), result.failure.code);
      logger.info('order failed', { orderId, reasonCode: result.failure.code });
      return;
    }
    order = await deps.orders.get(orderId);
    if (!order) throw new Error('The order vanished');
  }
  if (order.status === 'CONFIRMED' && !order.cartCleared) {
    await deps.fulfilment.clearOrderedLines(order, deps.now());
    logger.info('order confirmed', { orderId });
  }
}
