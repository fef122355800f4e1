import type { Order } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';
import type { CheckoutStrings } from './checkout-strings.js';

/**
 * The element's own words for the server's `reasonCode`s (docs/API.md, `Order.reasonCode`),
 * so a translated shop does not show the server's English `reason`.
 */
const FAILURES: Record<string, keyof CheckoutStrings> = {
  OUT_OF_STOCK: 'failedOutOfStock',
  PRICE_CHANGED: 'failedPriceChanged',
  NO_LONGER_SOLD: 'failedNoLongerSold',
  NOT_PROCESSED: 'failedNotProcessed',
};

/**
 * Why a `FAILED` order failed, for the shopper: the string for its `reasonCode`,
 * else (a code this version does not know) the server's `reason`, else a generic message.
 *
 * @example
 * ```ts
 * failureReason({ ...order, status: 'FAILED', reasonCode: 'PRICE_CHANGED', reason: '…' }, strings);
 * // "A price changed before your order went through. …"
 * ```
 */
export function failureReason(order: Order, strings: CartStrings): string {
  const key = order.reasonCode ? FAILURES[order.reasonCode] : undefined;
  return (key && strings[key]) || order.reason || strings.errorGeneric;
}

/**
 * The text announcing `order`'s status. Part of the drawer's lazy chunk: the
 * drawer passes its strings merged with the lazy defaults.
 *
 * @example
 * ```ts
 * orderStatusText({ ...order, status: 'CONFIRMED' }, strings); // "Order confirmed. Thank you!"
 * ```
 */
export function orderStatusText(order: Order, strings: Required<CartStrings>): string {
  if (order.status === 'CONFIRMED') return strings.orderConfirmed;
  if (order.status === 'PAID') return strings.orderPaid ?? strings.orderConfirmed;
  if (order.status === 'FULFILLED') return strings.orderFulfilled ?? strings.orderConfirmed;
  if (order.status === 'PARTIALLY_REFUNDED') return strings.orderPartiallyRefunded ?? strings.orderConfirmed;
  if (order.status === 'REFUNDED') return strings.orderRefunded ?? strings.orderConfirmed;
  if (order.status === 'AWAITING_PAYMENT') return strings.orderAwaitingPayment ?? strings.orderPending;
  if (order.status === 'EXPIRED') return strings.orderExpired ?? strings.errorGeneric;
  if (order.status === 'FAILED') return fill(strings.orderFailed, { reason: failureReason(order, strings) });
  return strings.orderPending;
}
