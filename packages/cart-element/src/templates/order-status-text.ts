import type { Order } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';

/**
 * The text announcing `order`'s status (kept out of the lazy drawer templates:
 * the announcement is made whether or not the drawer is open).
 *
 * @example
 * ```ts
 * orderStatusText({ ...order, status: 'CONFIRMED' }, defaultStrings); // "Order confirmed. Thank you!"
 * ```
 */
export function orderStatusText(order: Order, strings: CartStrings): string {
  if (order.status === 'CONFIRMED') return strings.orderConfirmed;
  // (The checkout strings' defaults are in the lazy chunk; the drawer passes them merged in.)
  if (order.status === 'PAID') return strings.orderPaid ?? strings.orderConfirmed;
  if (order.status === 'AWAITING_PAYMENT') return strings.orderAwaitingPayment ?? strings.orderPending;
  if (order.status === 'EXPIRED') return strings.orderExpired ?? strings.errorGeneric;
  if (order.status === 'FAILED') return fill(strings.orderFailed, { reason: order.reason ?? strings.errorGeneric });
  return strings.orderPending;
}
