import type { AnonymousToken } from '@cartkit/contract';
import { logger } from '../runtime/logger.js';
import { assertCartAlive } from '../domain/cart-liveness.js';
import { UnauthorizedError } from '../domain/errors.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { readCartToken, requireUser } from '../http/identity.js';
import { assertBodySize } from '../http/request.js';
import { json } from '../http/response.js';
import { armReminder, cartResponse, priced } from './cart.js';

/** `POST /cart/anonymous`: a new anonymous cart token, rate limited per client IP. */
export const createAnonymousCart: Route = async (request, deps) => {
  assertBodySize(request);
  const now = deps.now();
  await deps.sharedLimiter.hit(`anon#${request.sourceIp}`, deps.config.anonymousRatePerMinute, now);
  const issued = (await deps.cartTokens()).issue(now);
  const body: AnonymousToken = { cartToken: issued.cartToken, expiresAt: issued.expiresAt };
  return json(201, body, { 'Cache-Control': 'no-store' });
};

/**
 * `POST /cart/merge` (user and `X-Cart-Token`): moves the anonymous lines into
 * the user's cart in one transaction that also empties the anonymous cart, so
 * merging twice changes nothing; the emptied anonymous cart is then deleted
 * by the cleanup worker through the queue.
 */
export const mergeCart: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const anonymous = await readCartToken(request, deps);
  if (!anonymous) throw new UnauthorizedError("Merging needs the anonymous cart's X-Cart-Token as well.");
  const now = deps.now();
  await deps.localLimiter.hit(`mutate#${ownerKey(user)}`, deps.config.mutationRatePerMinute, now);
  const anonymousKey = ownerKey(anonymous);
  const before = await deps.carts.get(anonymousKey);
  assertCartAlive(anonymous, before, now);
  const result = await deps.carts.merge(ownerKey(user), anonymousKey, now);
  if (result.merged) {
    // Lines moved into an empty account cart start an abandonment: its reminder is armed (issue 16).
    await armReminder(deps, user, result.cart, now, request.requestId);
    try {
      await deps.queue.send({ type: 'cart.cleanup', ownerKey: anonymousKey, version: result.anonymousVersion });
    } catch (error) {
      // The merge itself is committed and the emptied cart expires by TTL anyway: never fail the user's request for it.
      logger.warn('cleanup job not queued', { requestId: request.requestId, error: error as Error });
    }
  }
  return cartResponse(await priced(deps, user, result.cart));
};
