import type { Me } from '@cartkit/contract';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { requireUser } from '../http/identity.js';
import { assertBodySize } from '../http/request.js';
import { empty, json } from '../http/response.js';

/** `GET /me`: the signed-in user. */
export const getMe: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  const body: Me = { userId: user.id, email: await deps.users.email(user.username) };
  return json(200, body, { 'Cache-Control': 'no-store' });
};

/**
 * `DELETE /me`: deletes the account and what it owns. The cart goes first,
 * so a failure part-way leaves a user who can retry, never orphaned data
 * behind a deleted login.
 */
export const deleteMe: Route = async (request, deps) => {
  assertBodySize(request);
  const user = await requireUser(request, deps);
  await deps.carts.delete(ownerKey(user));
  await deps.sessions.deleteOwner(ownerKey(user));
  await deps.users.delete(user.username);
  return empty(204, { 'Cache-Control': 'no-store' });
};
