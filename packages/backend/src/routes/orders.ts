import { createHash, randomBytes } from 'node:crypto';
import {
  blocksCheckout,
  type CheckoutRequest,
  CheckoutRequestSchema,
  type OrderPage,
  OrderQuerySchema,
} from '@cartkit/contract';
import { EMPTY_CART } from '../domain/cart.js';
import {
  CheckoutBlockedError,
  CheckoutInProgressError,
  IdempotencyKeyReuseError,
  NotFoundError,
  QuoteChangedError,
  UnavailableError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { FAILURE, freezeQuote, type StoredOrder, toWireOrder } from '../domain/order.js';
import { hashOrderAccessToken, orderAccessAllowed } from '../domain/order-access.js';
import { newOrderNumber } from '../domain/order-number.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { requireUser, resolveOwner } from '../http/identity.js';
import {
  assertBodySize,
  type HttpRequest,
  readIdempotencyKey,
  readIfMatch,
  readJson,
  readValue,
} from '../http/request.js';
import { json } from '../http/response.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { isAllowedOrigin } from '../http/cors.js';
import { orderAccessToken } from '../use-cases/order-access.js';
import { quoteCart } from '../use-cases/quote-cart.js';
import { priced } from './cart.js';

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
 * `POST /cart/checkout` `CheckoutRequest` (signed-in users and guests, with
 * the cart's credentials as `GET /cart`): quotes the cart afresh
 * (`quoteCart`, the arithmetic `POST /checkout/quote` answered) and freezes
 * that quote into a PENDING order (lines at the quoted prices, totals, the
 * shipping option, the address, the email, a human `number`, and the hash of
 * an access token that this 202 answers once as `accessToken`), queues it for
 * the order worker and answers 202 at once. A blocking problem is 422
 * `CHECKOUT_BLOCKED`; an `expectedTotal` that is not the fresh total is 409
 * `QUOTE_CHANGED`; both carry the quote and place nothing.
 *
 * One cart version makes one order: the order and the cart's checkout mark are
 * one transaction conditioned on the cart version, so checking out the same
 * version again answers 200 with that order, and checking out while an earlier
 * order of the cart is still being processed is 409 `CHECKOUT_IN_PROGRESS`.
 * After a FAILED order the cart can be checked out again. With an
 * `Idempotency-Key` the order id is derived from it, so a repeat finds the same
 * order; the same key with another body is 422, as for every mutation.
 */
export const checkout: Route = async (request, deps) => {
  assertBodySize(request);
  const owner = await resolveOwner(request, deps);
  const key = ownerKey(owner);
  const now = deps.now();
  // Spent before the body is read: a client sending bad bodies in a loop is limited like any other.
  await deps.localLimiter.hit(`mutate#${key}`, deps.config.mutationRatePerMinute, now);
  const body = readCheckoutRequest(request);
  const returnTo = body.returnUrl === undefined ? undefined : checkReturnUrl(body.returnUrl, deps);
  const idempotencyKey = readIdempotencyKey(request);
  const expected = readIfMatch(request);
  const fingerprint = requestHash(request);
  const orderId = newOrderId(now, idempotencyKey === undefined ? undefined : `${key}\n${idempotencyKey}`);
  if (idempotencyKey !== undefined) {
    const earlier = await deps.orders.get(orderId);
    if (earlier) return replayed(earlier, fingerprint);
  }
  // Signed in: the account's own address, whatever the body says (the element shows it fixed).
  const email = owner.kind === 'user' ? ((await deps.users.email(owner.username)) ?? body.email) : body.email;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { quote, stored, version, discount } = await quoteCart(deps, owner, body, email, { fresh: true });
    const mark = stored?.checkout;
    const last = mark ? await settled(deps, mark.orderId) : undefined;
    // FAILED and EXPIRED orders gave their stock back: the cart can be checked out again.
    if (mark?.version === version && last && last.status !== 'FAILED' && last.status !== 'EXPIRED') {
      // This very cart version was checked out already: answer with its order, never place a second one.
      if (expected !== undefined && expected !== version && expected !== last.cartVersion) {
        throw new VersionConflictError(await priced(deps, owner, stored ?? EMPTY_CART));
      }
      return orderAnswer(200, last);
    }
    if (expected !== undefined && expected !== version) {
      throw new VersionConflictError(await priced(deps, owner, stored ?? EMPTY_CART));
    }
    if (
      last &&
      (last.status === 'PENDING' ||
        last.status === 'AWAITING_PAYMENT' ||
        ((last.status === 'CONFIRMED' || last.status === 'PAID') && !last.cartCleared))
    ) {
      // Its lines are still in the cart until the worker takes them out: a second order now would buy them twice.
      throw new CheckoutInProgressError(last.orderId, IN_PROGRESS_RETRY_SECONDS);
    }
    if ((stored?.lines.length ?? 0) === 0) {
      throw new ValidationError('The cart is empty: add something before checking out.');
    }
    if (quote.problems.some((problem) => blocksCheckout(problem))) throw new CheckoutBlockedError(quote);
    if (quote.total !== body.expectedTotal) throw new QuoteChangedError(quote, body.expectedTotal);
    const accessToken = await orderAccessToken(deps, orderId);
    const order = freezeQuote(quote, version, {
      orderId,
      ownerKey: key,
      now,
      number: newOrderNumber(),
      email,
      shippingAddress: body.shippingAddress,
      accessTokenHash: hashOrderAccessToken(accessToken),
      requestHash: fingerprint,
      ...(returnTo === undefined ? {} : { returnUrl: returnTo }),
      ...(discount === undefined ? {} : { discount: { code: discount.code, customer: discount.customer } }),
    });
    const placed = await deps.orders.place(
      order,
      { ownerKey: key, version, previousOrderId: mark?.orderId },
      now,
      discount === undefined ? [] : deps.discounts.useItems(discount, now),
    );
    if (placed === 'order-exists') {
      const earlier = await deps.orders.get(orderId);
      if (earlier) return replayed(earlier, fingerprint);
      continue;
    }
    if (placed === 'number-taken') continue; // another order has that number: draw again
    // The code's last use went to a parallel checkout (or it changed or ended): quote again, which now says why.
    if (placed === 'discount-refused') continue;
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
    return orderAnswer(202, order, {}, accessToken);
  }
  throw new UnavailableError(1);
};

/** The fields of a `CheckoutRequest`, for the 400 that names what an empty body lacks. */
const CHECKOUT_FIELDS = ['email', 'shippingAddress', 'shippingOptionId', 'expectedTotal'] as const;

/**
 * The checkout body. An empty one (the signed-in checkout before issue 14) is
 * 400 naming every missing field, so an old client learns what to send.
 */
function readCheckoutRequest(request: HttpRequest): CheckoutRequest {
  if ((request.rawBody ?? '').trim() === '') {
    throw new ValidationError(
      `Checkout needs a JSON body { ${CHECKOUT_FIELDS.join(', ')} }: the contact email, the shipping address, the chosen shipping option and the total the shopper confirmed (POST /checkout/quote).`,
      CHECKOUT_FIELDS.map((path) => ({ path, message: 'is required' })),
    );
  }
  return readJson(request, CheckoutRequestSchema);
}

/**
 * The checkout's `returnUrl`: an absolute http(s) URL on one of the allowed
 * origins (the payment page sends the shopper there, with the order's access
 * token in the fragment, so a foreign page must never receive it), stored
 * without its own fragment. Anything else is 400 and places nothing.
 */
function checkReturnUrl(raw: string, deps: Deps): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidReturnUrl('returnUrl must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidReturnUrl('returnUrl must be an absolute http(s) URL.');
  }
  if (url.username !== '' || url.password !== '') throw invalidReturnUrl('returnUrl must not carry credentials.');
  if (!isAllowedOrigin(url.origin, deps.config.allowedOrigins)) {
    throw invalidReturnUrl(
      `returnUrl must be on one of this shop's allowed origins; ${url.origin} is not (ALLOWED_ORIGINS).`,
    );
  }
  url.hash = '';
  return url.href;
}

function invalidReturnUrl(message: string): ValidationError {
  return new ValidationError(message, [{ path: 'returnUrl', message }]);
}

/** A repeat with the same `Idempotency-Key`: the order it placed (202, no token again), or 422 for another body. */
function replayed(order: StoredOrder, fingerprint: string) {
  if (order.requestHash !== undefined && order.requestHash !== fingerprint) throw new IdempotencyKeyReuseError();
  return orderAnswer(202, order, { 'Idempotent-Replayed': 'true' });
}

/** What makes two checkouts "the same" for an idempotency key: route, path and body. */
function requestHash(request: HttpRequest): string {
  return createHash('sha256')
    .update(`${request.routeKey}\n${request.path}\n${request.rawBody ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}

/** An order answer: 202 for a new (or idempotently replayed) one, 200 for the order a cart was already checked out into. */
function orderAnswer(status: 200 | 202, order: StoredOrder, extra: Record<string, string> = {}, accessToken?: string) {
  return json(
    status,
    { ...toWireOrder(order), ...(accessToken === undefined ? {} : { accessToken }) },
    {
      Location: `/api/orders/${order.orderId}`,
      'Cache-Control': 'no-store',
      ...extra,
    },
  );
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

/**
 * `GET /orders/{orderId}`: for the signed-in owner, for the cart token that
 * placed it, or with `?token=<order access token>` (the success page and the
 * receipt link; compared in constant time against the stored hash). Anyone
 * else gets 404, as if it did not exist. No credential and no token is 401.
 */
export const getOrder: Route = async (request, deps) => {
  assertBodySize(request);
  const token = request.query.token;
  const hasCredential = request.headers.authorization !== undefined || request.headers['x-cart-token'] !== undefined;
  const owner = hasCredential || token === undefined ? await resolveOwner(request, deps) : undefined;
  const orderId = request.pathParameters.orderId ?? '';
  if (!ORDER_ID.test(orderId)) throw new NotFoundError('No such order.');
  const order = await deps.orders.get(orderId);
  const allowed =
    order !== undefined &&
    ((owner !== undefined && order.ownerKey === ownerKey(owner)) || orderAccessAllowed(order.accessTokenHash, token));
  if (!order || !allowed) throw new NotFoundError('No such order.');
  return json(200, toWireOrder(order), { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
};

/**
 * `GET /orders?limit&cursor`: the signed-in owner's orders, newest first,
 * `{ items: Order[], nextCursor? }` (`nextCursor` absent on the last page).
 * The owner index is eventually consistent: an order placed a moment ago may
 * take a moment to appear.
 */
export const listOrders: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const query = readValue({ limit: request.query.limit, cursor: request.query.cursor }, OrderQuerySchema, 'query');
  const page = await deps.orders.listByOwner(ownerKey(user), {
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  const body: OrderPage = {
    items: page.orders.map(toWireOrder),
    ...(page.cursor === undefined ? {} : { nextCursor: page.cursor }),
  };
  return json(200, body, { 'Cache-Control': 'no-store' });
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
