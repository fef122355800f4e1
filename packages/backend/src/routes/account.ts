import type { Me } from '@cartkit/contract';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { requireUser } from '../http/identity.js';
import { assertBodySize } from '../http/request.js';
import { empty, json } from '../http/response.js';
import { anonymiseOrders, exportPersonalData } from '../use-cases/personal-data.js';

/** `GET /me`: the signed-in user. */
export const getMe: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const body: Me = { userId: user.id, email: await deps.users.email(user.username) };
  return json(200, body, { 'Cache-Control': 'no-store' });
};

/**
 * `GET /me/export`: everything stored about the signed-in shopper (account,
 * cart, orders) as one JSON document (`exportPersonalData`), as a download.
 */
export const exportMe: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const body = await exportPersonalData(deps, user, ownerKey(user));
  return json(200, body, {
    'Cache-Control': 'no-store',
    'Content-Disposition': 'attachment; filename="cartkit-personal-data.json"',
  });
};

/**
 * `DELETE /me`: deletes the account and what it owns, and ends the identity.
 * Every step is idempotent and the token keeps working until the revocation is
 * written, so a failure part-way leaves a user who can retry, never orphaned
 * data behind a dead login. After the revocation, every use of the token is
 * 401 (`identify`); the cart and sockets are swept once more for a request
 * that raced the deletion. Orders stay (the merchant's records: numbers,
 * lines, totals, status) with their personal fields erased (email, shipping
 * address but its country and region; `anonymiseOrders`), and are no longer
 * readable with the token.
 */
export const deleteMe: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const key = ownerKey(user);
  await erase(deps, key, request.requestId);
  await anonymiseOrders(deps, key);
  await deps.users.delete(user.username);
  await deps.revocations.revoke(key, deps.now(), 'account-deleted');
  await erase(deps, key, request.requestId);
  return empty(204, { 'Cache-Control': 'no-store' });
};

/** The owner's cart, open sockets (closed, so they get no further pushes) and connection rows. */
async function erase(deps: Deps, key: string, requestId: string): Promise<void> {
  await deps.carts.delete(key);
  await deps.cartReminders.forget(key); // the cart's reminder item (its account's username)
  const connections = await deps.connections.listByOwner(key);
  const notifier = deps.notifier;
  if (notifier) {
    const results = await Promise.allSettled(connections.map((c) => notifier.disconnect(c.connectionId)));
    const failed = results.filter((result) => result.status === 'rejected').length;
    // The rows go regardless, so no push reaches a socket left open; it closes at its idle timeout.
    if (failed > 0) logger.warn('sockets not closed on account deletion', { requestId, failed });
  }
  await deps.connections.deleteOwner(key);
}
