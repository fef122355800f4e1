import { createHash, randomBytes } from 'node:crypto';
import { logger } from '../app/logger.js';
import { EMPTY_CART, priceCart } from '../domain/cart.js';
import { NotFoundError, UnavailableError, ValidationError, VersionConflictError } from '../domain/errors.js';
import { freezeCart, toWireOrder } from '../domain/order.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { requireUser } from '../http/identity.js';
import { assertBodySize, readIdempotencyKey, readIfMatch } from '../http/request.js';
import { json } from '../http/response.js';

const ORDER_ID = /^[0-9a-z]{3,10}-[A-Za-z0-9_-]{16,22}$/;

/**
 * `POST /cart/checkout` (signed-in users): freezes the cart into a PENDING
 * order, queues it for the order worker and answers 202 at once. With an
 * `Idempotency-Key` the order id is derived from it, so a repeat finds the
 * same order instead of placing a second one.
 */
export const checkout: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const key = ownerKey(user);
  const now = deps.now();
  const idempotencyKey = readIdempotencyKey(request);
  const orderId = newOrderId(now, idempotencyKey === undefined ? undefined : `${key}\n${idempotencyKey}`);
  if (idempotencyKey !== undefined) {
    const earlier = await deps.orders.get(orderId);
    if (earlier)
      return json(202, toWireOrder(earlier), { Location: `/api/orders/${orderId}`, 'Idempotent-Replayed': 'true' });
  }
  const [stored, lookup] = await Promise.all([deps.carts.get(key), deps.catalog.lookup()]);
  const cart = priceCart(stored ?? EMPTY_CART, 'user', lookup, deps.config.currency);
  const expected = readIfMatch(request);
  if (expected !== undefined && expected !== cart.version) throw new VersionConflictError(cart);
  if (cart.items.length === 0) throw new ValidationError('The cart is empty: add something before checking out.');
  const order = freezeCart(cart, { orderId, ownerKey: key, now });
  if (!(await deps.orders.create(order))) {
    const earlier = await deps.orders.get(orderId);
    if (earlier) return json(202, toWireOrder(earlier), { Location: `/api/orders/${orderId}` });
  }
  try {
    await deps.queue.send({ type: 'order.placed', orderId });
  } catch (error) {
    // Never leave an order PENDING that no worker will ever see.
    await deps.orders.fail(orderId, 'We could not start processing this order. Please try again.', deps.now());
    logger.error('order not queued', { requestId: request.requestId, orderId, error: error as Error });
    throw new UnavailableError(2, error);
  }
  return json(202, toWireOrder(order), { Location: `/api/orders/${orderId}`, 'Cache-Control': 'no-store' });
};

/** `GET /orders/{orderId}`: only the owner's orders; anyone else gets 404, as if it did not exist. */
export const getOrder: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const orderId = request.pathParameters.orderId ?? '';
  if (!ORDER_ID.test(orderId)) throw new NotFoundError('No such order.');
  const order = await deps.orders.get(orderId);
  if (!order || order.ownerKey !== ownerKey(user)) throw new NotFoundError('No such order.');
  return json(200, toWireOrder(order), { 'Cache-Control': 'no-store' });
};

/**
 * Order ids: base36 milliseconds then 128 random bits (time-sortable), or,
 * for a checkout with an Idempotency-Key, `key-` and a hash of the owner and
 * key, so every repeat of that checkout names the same order.
 */
function newOrderId(now: number, seed: string | undefined): string {
  if (seed !== undefined) return `key-${createHash('sha256').update(seed).digest('base64url').slice(0, 22)}`;
  return `${now.toString(36).padStart(10, '0')}-${randomBytes(16).toString('base64url')}`;
}
