import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { ADMIN_GROUP, ADMIN_PREFIX } from '../topology/admin.js';
import type { RouteDefinition } from '../topology/http-routes.js';
import { verifyUserToken } from '../use-cases/identity.js';
import { bearerToken } from './identity.js';
import type { HttpRequest } from './request.js';
import type { HttpResponse } from './response.js';

export { ADMIN_GROUP, ADMIN_PREFIX };

/** A verified member of the `admin` group. Only the Cognito `sub` is kept: it is what the audit log names. */
export interface Admin {
  readonly sub: string;
}

/** Whether a route is an admin route, which `createHttpHandler` guards with {@link requireAdmin}. */
export function isAdminRoute(route: Pick<RouteDefinition, 'path'>): boolean {
  return route.path.startsWith(ADMIN_PREFIX);
}

/**
 * The admin guard, the one check for every `/admin/*` route (whichever function
 * serves it, `createHttpHandler` calls it before the route runs):
 * 401 without a bearer token or with one the identity rule refuses (bad,
 * expired, revoked), 403 for a signed-in user outside the `admin` group.
 * Group membership is read from the access token's `cognito:groups`, so a
 * user added to or removed from the group gets the change with the next token.
 *
 * @example
 * ```ts
 * const admin = await requireAdmin(request, deps); // { sub }
 * ```
 */
export async function requireAdmin(request: HttpRequest, deps: Deps): Promise<Admin> {
  const token = bearerToken(request);
  if (token === undefined) {
    throw new UnauthorizedError('Sign in as an admin: this route needs Authorization: Bearer <access token>.');
  }
  const user = await verifyUserToken(token, deps);
  if (!user.groups.includes(ADMIN_GROUP)) {
    logger.warn('admin access refused', { sub: user.sub, routeKey: request.routeKey, requestId: request.requestId });
    throw new ForbiddenError(`This route is for members of the "${ADMIN_GROUP}" group.`);
  }
  return { sub: user.sub };
}

/**
 * The audit line of one admin request: who (the admin's `sub`), what (the
 * operation, its route and path parameters such as the SKU), and the outcome
 * (status). Never the body, headers or token. Reads are logged too, at debug.
 */
export function auditAdminAction(
  admin: Admin,
  operation: string,
  request: HttpRequest,
  response: Pick<HttpResponse, 'statusCode'>,
): void {
  const entry = {
    audit: 'admin',
    adminSub: admin.sub,
    action: operation,
    routeKey: request.routeKey,
    target: request.pathParameters,
    status: response.statusCode,
    requestId: request.requestId,
  };
  if (request.method === 'GET') logger.debug('admin read', entry);
  else logger.info('admin action', entry);
}

/** A route only admins reach: it gets the verified admin as its third argument. */
export type AdminRoute = (request: HttpRequest, deps: Deps, admin: Admin) => Promise<HttpResponse>;
