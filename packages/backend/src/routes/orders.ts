import { createHash, randomBytes } from 'node:crypto';
import { logger } from '../runtime/logger.js';
import { EMPTY_CART, priceCart } from '../domain/cart.js';
import type { Deps } from '../runtime/deps.js';
import {
  CheckoutInProgressError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { FAILURE, freezeCart, type StoredOrder, toWireOrder } from '../domain/order.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { requireUser } from '../http/identity.js';
import { assertBodySize, readIdempotencyKey, readIfMatch } from '../http/request.js';
import { json } from '../http/response.js';

const ORDER_ID = /^[0-9a-z]{3,10}-[A-Za-z0-9_-]{16,22}$/;

/** How long a client waits before retrying a checkout refused with CHECKOUT_IN_PROGRESS. */
const IN_PROGRESS_RETRY_SECONDS = 2;
/**
 * A PENDING order this old will not be processed any more (its message has
 * long been retried into the dead-letter queue): a new checkout of its cart
 * fails it first (conditioned on PENDING, so a late worker finds it FAILED and
 * reserves nothing) instead of being refused forever.
 */
const STALE_PENDING_MS = 15 * 60_000;
const ATTEMPTS = 6;

/**
 * `POST /cart/checkout` (signed-in users): freezes the cart into a PENDING
 * order at the prices it shows, queues it for the order worker and answers
 * 202 at once. The order and the cart's checkout mark are one transaction
 * conditioned on the cart version, so one cart version makes one order:
 * checking out the same version again answers 200 with that order, and
 * checking out while an earlier order of the cart is still being processed
 * is 409 `CHECKOUT_IN_PROGRESS`. After a FAILED order the cart can be checked
 * out again. With an `Idempotency-Key` the order id is derived from it, so a
 * repeat finds the same order.
 */
export const checkout: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const key = ownerKey(user);
  const now = deps.now();
  const idempotencyKey = readIdempotencyKey(request);
  const expected = readIfMatch(request);
  await deps.localLimiter.hit(`mutate#${key}`, deps.config.mutationRatePerMinute, now);
  const orderId = newOrderId(now, idempotencyKey === undefined ? undefined : `${key}\n${idempotencyKey}`);
  if (idempotencyKey !== undefined) {
    const earlier = await deps.orders.get(orderId);
    if (earlier) return orderAnswer(202, earlier, { 'Idempotent-Replayed': 'true' });
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [stored, lookup] = await Promise.all([deps.carts.get(key), deps.catalog.lookup()]);
    const cart = priceCart(stored ?? EMPTY_CART, 'user', lookup, deps.config.currency);
    const mark = stored?.checkout;
    const last = mark ? await settled(deps, mark.orderId) : undefined;
    // FAILED and EXPIRED orders gave their stock back: the cart can be checked out again.
    if (mark?.version === cart.version && last && last.status !== 'FAILED' && last.status !== 'EXPIRED') {
      // This very cart version was checked out already: answer with its order, never place a second one.
      if (expected !== undefined && expected !== cart.version && expected !== last.cartVersion) {
        throw new VersionConflictError(cart);
      }
      return orderAnswer(200, last);
    }
    if (expected !== undefined && expected !== cart.version) throw new VersionConflictError(cart);
    if (
      last &&
      (last.status === 'PENDING' ||
        last.status === 'AWAITING_PAYMENT' ||
        ((last.status === 'CONFIRMED' || last.status === 'PAID') && !last.cartCleared))
    ) {
      // Its lines are still in the cart until the worker takes them out: a second order now would buy them twice.
      throw new CheckoutInProgressError(last.orderId, IN_PROGRESS_RETRY_SECONDS);
    }
    if (cart.items.length === 0) throw new ValidationError('The cart is empty: add something before checking out.');
    const order = freezeCart(cart, { orderId, ownerKey: key, now });
    const placed = await deps.orders.place(
      order,
      { ownerKey: key, version: cart.version, previousOrderId: mark?.orderId },
      now,
    );
    if (placed === 'order-exists') {
      const earlier = await deps.orders.get(orderId);
      if (earlier) return orderAnswer(202, earlier, { 'Idempotent-Replayed': 'true' });
      continue;
    }
    if (placed === 'cart-moved') {
      // Another checkout or change of this cart committed first: read it again (with jitter, so racers spread out).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
      continue;
    }
    try {
      await deps.queue.send({ type: 'order.placed', orderId });
    } catch (error) {
      // Never leave an order PENDING that no worker will ever see (FAILED also lets the cart be checked out again).
      await deps.orders.fail(
        orderId,
        'We could not start processing this order. Nothing was charged; please try again.',
        deps.now(),
        FAILURE.NOT_PROCESSED,
      );
      logger.error('order not queued', { requestId: request.requestId, orderId, error: error as Error });
      throw new UnavailableError(2, error);
    }
    return orderAnswer(202, order);
  }
  throw new UnavailableError(1);
};

/** An order answer: 202 for a new (or idempotently replayed) one, 200 for the order a cart was already checked out into. */
function orderAnswer(status: 200 | 202, order: StoredOrder, extra: Record<string, string> = {}) {
  return json(status, toWireOrder(order), {
    Location: `/api/orders/${order.orderId}`,
    'Cache-Control': 'no-store',
    ...extra,
  });
}

/** The cart's last order, after failing it if it has been PENDING too long to be processed any more. */
async function settled(deps: Deps, orderId: string): Promise<StoredOrder | undefined> {
  const order = await deps.orders.get(orderId);
  if (order?.status !== 'PENDING' || deps.now() - Date.parse(order.createdAt) < STALE_PENDING_MS) return order;
  await deps.orders.fail(
    orderId,
    'We could not process this order in time. Nothing was charged; please check out again.',
    deps.now(),
    FAILURE.NOT_PROCESSED,
  );
  return deps.orders.get(orderId);
}

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
