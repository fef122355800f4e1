import type { AdminOrder, FulfilRequest, RefundRequest } from '@cartkit/contract';
import { RefundRefusedError } from '../adapters/payment-provider.js';
import { NotFoundError, OrderStateConflictError } from '../domain/errors.js';
import { type StoredOrder, toWireOrder } from '../domain/order.js';
import { fulfilRefusal, planRefund } from '../domain/order-admin.js';
import { parseOwnerKey } from '../domain/owner.js';
import type { Deps } from '../runtime/deps.js';

/** An order's id as checkout makes them (anything else is 404 without a read). */
const ORDER_ID = /^(?:[0-9a-z]{3,10}-[A-Za-z0-9_-]{16,22}|key-[A-Za-z0-9_-]{22})$/;
const ATTEMPTS = 5;

/**
 * The admin's view of an order: the shopper's, with whose it is and its refunds.
 *
 * @example
 * ```ts
 * json(200, adminOrder(order));
 * ```
 */
export function adminOrder(order: StoredOrder): AdminOrder {
  return {
    ...toWireOrder(order),
    ownerKind: parseOwnerKey(order.ownerKey)?.kind ?? 'anonymous',
    refunds: (order.refunds ?? []).map(({ refundId, amount, at }) => ({ refundId, amount, at })),
  };
}

/** The order, or 404. */
export async function orderForAdmin(deps: Deps, orderId: string): Promise<StoredOrder> {
  const order = ORDER_ID.test(orderId) ? await deps.orders.get(orderId) : undefined;
  if (!order || typeof order.ownerKey !== 'string') throw new NotFoundError('No such order.');
  return order;
}

/**
 * Marks a paid or confirmed order FULFILLED with its tracking number. Again
 * with the same tracking: the order as it is (nothing written); with another:
 * the tracking is updated. Another state is 409 `ORDER_STATE_CONFLICT` saying why.
 *
 * @example
 * ```ts
 * const order = await fulfilOrder(deps, orderId, { trackingNumber: '1Z999' });
 * ```
 */
export async function fulfilOrder(deps: Deps, orderId: string, body: FulfilRequest): Promise<StoredOrder> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const order = await orderForAdmin(deps, orderId);
    const refusal = fulfilRefusal(order);
    if (refusal !== undefined) throw new OrderStateConflictError(refusal, order.status);
    const same =
      order.status === 'FULFILLED' &&
      order.fulfilment?.trackingNumber === body.trackingNumber &&
      order.fulfilment?.carrier === body.carrier &&
      order.fulfilment?.trackingUrl === body.trackingUrl;
    if (same) return order;
    const now = deps.now();
    const fulfilment = {
      fulfilledAt: order.fulfilment?.fulfilledAt ?? new Date(now).toISOString(),
      ...(body.trackingNumber === undefined ? {} : { trackingNumber: body.trackingNumber }),
      ...(body.carrier === undefined ? {} : { carrier: body.carrier }),
      ...(body.trackingUrl === undefined ? {} : { trackingUrl: body.trackingUrl }),
    };
    if (await deps.orderAdmin.fulfil(orderId, fulfilment, now)) return (await deps.orders.get(orderId)) ?? order;
    // Moved in between (paid, refunded, fulfilled by another admin): judge it again as it is now.
  }
  throw new OrderStateConflictError('The order kept changing; try again.', 'UNKNOWN');
}

/**
 * Refunds `amount` (default: all that is left) of an order paid online,
 * through the payment provider, then records it on the order (REFUNDED, or
 * PARTIALLY_REFUNDED). The provider's idempotency key is the admin's
 * `Idempotency-Key` if given, else the order and what was refunded before,
 * so a retried request never refunds twice. A refund the order's state does
 * not allow is 409 and calls the provider not at all.
 *
 * @example
 * ```ts
 * const order = await refundOrder(deps, orderId, { amount: 500 }, request.headers['idempotency-key']);
 * ```
 */
export async function refundOrder(
  deps: Deps,
  orderId: string,
  body: RefundRequest,
  idempotencyKey: string | undefined,
): Promise<{ order: StoredOrder; replayed: boolean }> {
  let order = await orderForAdmin(deps, orderId);
  const before = order.refundedTotal ?? 0;
  if (idempotencyKey !== undefined) {
    // The same request again after it was recorded: answer the order as it is.
    const key = `refund-${orderId}-${idempotencyKey}`;
    if (order.refunds?.some((refund) => refund.key === key)) {
      return { order, replayed: true };
    }
  }
  const plan = planRefund(order, body.amount);
  if (!plan.ok) throw new OrderStateConflictError(plan.reason, order.status);
  const key = `refund-${orderId}-${idempotencyKey ?? `after-${before}-${plan.amount}`}`;
  const provider = await deps.payments();
  let refund: { refundId: string; amount: number };
  try {
    refund = await provider.refund({
      sessionId: order.paymentSessionId ?? '',
      amount: plan.amount,
      orderId,
      idempotencyKey: key,
    });
  } catch (error) {
    if (error instanceof RefundRefusedError) throw new OrderStateConflictError(error.message, order.status);
    throw error;
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (order.refunds?.some((recorded) => recorded.refundId === refund.refundId)) return { order, replayed: true };
    const refunded = order.refundedTotal ?? 0;
    const total = order.totals?.total ?? order.subtotal;
    const status = refunded + refund.amount >= total ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    const entry = { refundId: refund.refundId, amount: refund.amount, at: new Date(deps.now()).toISOString(), key };
    if (await deps.orderAdmin.recordRefund(orderId, entry, refunded, status)) {
      return { order: (await deps.orders.get(orderId)) ?? order, replayed: false };
    }
    order = await orderForAdmin(deps, orderId);
  }
  throw new Error(`Refund ${refund.refundId} of order ${orderId} was made but could not be recorded`);
}
