import type { ShippedOrder } from '../domain/shipped-email.js';
import { renderShippedEmail } from '../domain/shipped-email.js';
import { type ClaimedSendDeps, sendClaimed } from './send-receipt.js';

/** What the "on its way" email reads of a stored order. */
export interface ShippedRecord extends Omit<ShippedOrder, 'fulfilment'> {
  readonly orderId: string;
  readonly status: string;
  readonly email?: string | undefined;
  readonly fulfilment?: ShippedOrder['fulfilment'] | undefined;
  readonly shippedSentAt?: string | undefined;
}

/** The statuses in which a fulfilled order's parcel is still on its way (a refund after fulfilment cancels the email). */
export const SHIPPED_STATUSES: ReadonlySet<string> = new Set(['FULFILLED']);

export interface SendShippedDeps extends ClaimedSendDeps {
  readonly orders: { get(orderId: string): Promise<ShippedRecord | undefined> };
  readonly shopName: string;
  /** The order page with the order's access token (as the receipt links to it). */
  readonly orderUrl: (order: ShippedRecord) => string | Promise<string>;
}

/** What one call did. */
export type ShippedOutcome = 'sent' | 'already-sent' | 'not-due' | 'no-address';

/**
 * Sends a fulfilled order's "Your order CK-… is on its way" email once, with its
 * tracking number, through the receipt's ledger protocol on the order's own
 * `shipped*` attributes: a redelivered or repeated message sends nothing more, and
 * an order with no email (anonymised after `DELETE /me`, or placed without one)
 * is never mailed. A tracking number changed after the email went out sends no
 * second one.
 *
 * @example
 * ```ts
 * await sendShipped({ orders, ledger: shippedLedger, mailer, now: Date.now, shopName, orderUrl, log }, orderId);
 * ```
 */
export async function sendShipped(deps: SendShippedDeps, orderId: string): Promise<ShippedOutcome> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new Error('The order does not exist (yet)');
  const skip = (outcome: ShippedOutcome) => {
    deps.log.info('shipped email not sent', { orderId, outcome });
    return outcome;
  };
  if (order.shippedSentAt !== undefined) return skip('already-sent');
  if (!SHIPPED_STATUSES.has(order.status) || order.fulfilment === undefined) return skip('not-due');
  if (!order.email) return skip('no-address');
  const email = renderShippedEmail(
    { ...order, fulfilment: order.fulfilment },
    { shopName: deps.shopName, orderUrl: await deps.orderUrl(order) },
  );
  return sendClaimed(
    deps,
    orderId,
    { to: order.email, ...email, idempotencyKey: shippedKey(orderId) },
    'shipped email',
  );
}

/**
 * The idempotency key of an order's "on its way" email (a header value).
 *
 * @example
 * ```ts
 * shippedKey('ord_123'); // 'shipped-ord_123'
 * ```
 */
export function shippedKey(orderId: string): string {
  return `shipped-${orderId}`.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 128);
}
