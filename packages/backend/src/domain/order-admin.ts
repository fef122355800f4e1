import type { OrderStatus } from '@cartkit/contract';
import type { StoredOrder } from './order.js';
import { formatMoney } from './order.js';

/** The statuses an order may be fulfilled from (FULFILLED again: the tracking number is updated). */
export const FULFILLABLE: readonly OrderStatus[] = ['PAID', 'CONFIRMED', 'FULFILLED'];
/** The statuses an order paid online may be refunded from. */
export const REFUNDABLE: readonly OrderStatus[] = ['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED'];

/**
 * Why the order cannot be fulfilled now, for the 409 (undefined: it can).
 *
 * @example
 * ```ts
 * const refusal = fulfilRefusal(order); // 'Order CK-… is AWAITING_PAYMENT: it can be fulfilled once paid.'
 * ```
 */
export function fulfilRefusal(order: Pick<StoredOrder, 'status' | 'number' | 'orderId'>): string | undefined {
  if (FULFILLABLE.includes(order.status)) return undefined;
  const name = `Order ${order.number ?? order.orderId}`;
  switch (order.status) {
    case 'PENDING':
    case 'AWAITING_PAYMENT':
      return `${name} is ${order.status}: it can be fulfilled once it is paid or confirmed.`;
    case 'FAILED':
    case 'EXPIRED':
      return `${name} is ${order.status}: nothing was bought, so there is nothing to fulfil.`;
    default:
      return `${name} is ${order.status}: a refunded order is not fulfilled.`;
  }
}

/** What a refund request comes to: the amount, and the status the order moves to. */
export type RefundPlan =
  | { readonly ok: true; readonly amount: number; readonly status: 'REFUNDED' | 'PARTIALLY_REFUNDED' }
  | { readonly ok: false; readonly reason: string };

/**
 * Plans a refund of `requested` (default: all that is left) against the
 * order's total and what was refunded already. Only an order paid online
 * (it has a payment session) in {@link REFUNDABLE} can be refunded, by at most
 * what is left.
 *
 * @example
 * ```ts
 * planRefund(order, 500); // { ok: true, amount: 500, status: 'PARTIALLY_REFUNDED' }
 * ```
 */
export function planRefund(
  order: Pick<
    StoredOrder,
    'status' | 'number' | 'orderId' | 'totals' | 'subtotal' | 'currency' | 'paymentSessionId'
  > & {
    readonly refundedTotal?: number;
  },
  requested: number | undefined,
): RefundPlan {
  const name = `Order ${order.number ?? order.orderId}`;
  if (!REFUNDABLE.includes(order.status)) {
    if (order.status === 'REFUNDED') return { ok: false, reason: `${name} is refunded in full already.` };
    if (order.status === 'CONFIRMED') {
      return { ok: false, reason: `${name} was not paid online: refund it the way it was paid.` };
    }
    return { ok: false, reason: `${name} is ${order.status}: only a paid order can be refunded.` };
  }
  if (order.paymentSessionId === undefined) {
    return { ok: false, reason: `${name} was not paid online: refund it the way it was paid.` };
  }
  const total = order.totals?.total ?? order.subtotal;
  const left = total - (order.refundedTotal ?? 0);
  const amount = requested ?? left;
  if (amount > left) {
    return {
      ok: false,
      reason: `${name} has ${formatMoney(left, order.currency)} left to refund; ${formatMoney(amount, order.currency)} was asked.`,
    };
  }
  return { ok: true, amount, status: amount === left ? 'REFUNDED' : 'PARTIALLY_REFUNDED' };
}
