import type { Deps } from './deps.js';
import { logger } from './logger.js';
import { reprice } from '../domain/order.js';

/**
 * What the order worker does with one `order.placed` job: re-price from the
 * catalog, reserve stock and confirm atomically, or fail with a reason a
 * shopper can read; then take the bought lines out of the cart. Every step
 * is safe to repeat, so a redelivered message changes nothing twice.
 */
export async function fulfilOrder(orderId: string, deps: Deps): Promise<void> {
  let order = await deps.orders.get(orderId);
  if (!order) throw new Error('The order does not exist (yet)'); // retried, then dead-lettered
  if (order.status === 'PENDING') {
    const prices = await deps.fulfilment.prices(order.items.map((item) => item.sku));
    const { items, subtotal, missing } = reprice(order.items, (sku) => prices.get(sku));
    if (missing.length > 0) {
      await deps.orders.fail(orderId, `No longer sold: ${missing.join(', ')}.`, deps.now());
      return;
    }
    const short = items.find((item) => (prices.get(item.sku)?.stock ?? 0) < item.quantity);
    const result = short
      ? ({ outcome: 'out-of-stock', sku: short.sku } as const)
      : await deps.fulfilment.reserve(order, items, subtotal, deps.now());
    if (result.outcome === 'out-of-stock') {
      const item = items.find((line) => line.sku === result.sku);
      const left = prices.get(result.sku)?.stock ?? 0;
      await deps.orders.fail(
        orderId,
        `Out of stock: only ${left} of "${item?.name ?? result.sku}" left, ${item?.quantity ?? 'more'} requested.`,
        deps.now(),
      );
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
