import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { withAssetBase } from '../adapters/catalog.js';
import type { Deps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { MethodNotAllowedError, NotFoundError } from '../domain/errors.js';
import { type Admin, ADMIN_PREFIX, type AdminRoute, auditAdminAction, isAdminRoute, requireAdmin } from './admin.js';
import { onCallerHost } from './caller-host.js';
import { corsHeaders, preflightHeaders, refuseForeignOrigin } from './cors.js';
import { type HttpRequest, toHttpRequest } from './request.js';
import { empty, type HttpResponse, problem } from './response.js';
import type { HttpFunctionName } from '../topology/functions.js';
import { matchRoute, type OperationOf, ROUTES, routeKey } from '../topology/http-routes.js';

/**
 * A route's logic: a request and the dependencies in, a response out. An admin
 * route (`/api/admin/*`) also gets the admin the guard verified.
 */
export type Route = (request: HttpRequest, deps: Deps, admin?: Admin) => Promise<HttpResponse>;

/**
 * An admin route as a {@link Route}: `createHttpHandler` has already run the
 * admin guard on every `/api/admin/*` route, so `admin` is always set here.
 *
 * @example
 * ```ts
 * export const getAdminProduct = adminOnly(async (request, deps, admin) => json(200, ...));
 * ```
 */
export function adminOnly(route: AdminRoute): Route {
  return (request, deps, admin) => {
    if (!admin) throw new Error(`${request.routeKey} is an admin operation on a route outside ${ADMIN_PREFIX}`);
    return route(request, deps, admin);
  };
}

/**
 * One HTTP function's handler: serves the routes `ROUTES` gives it, each by
 * its `operation` (the type requires exactly that function's operations).
 * Wraps them into an API Gateway HTTP API (payload v2) handler: CORS and
 * preflight, 404/405 on `$default`, problem+json for every error, an
 * `X-Request-Id` on every response, and one log line per request.
 *
 * @example
 * ```ts
 * export const handler = createHttpHandler('account', { getMe, deleteMe }, functionDeps('account', services));
 * ```
 */
export function createHttpHandler<F extends HttpFunctionName>(
  name: F,
  operations: Readonly<Record<OperationOf<F>, Route>>,
  getDeps: () => Promise<Deps>,
) {
  const routes = new Map<string, { run: Route; operation: string; admin: boolean }>();
  for (const route of ROUTES) {
    if (route.handler !== name) continue;
    const operation = operations[route.operation as OperationOf<F>];
    if (typeof operation !== 'function') throw new Error(`${name} has no operation ${route.operation}`);
    routes.set(routeKey(route), { run: operation, operation: route.operation, admin: isAdminRoute(route) });
  }
  return async (event: APIGatewayProxyEventV2, _context?: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const started = performance.now();
    const request = toHttpRequest(event);
    const origin = request.headers.origin;
    let response: HttpResponse;
    let allowList: readonly string[] = [];
    let admin: Admin | undefined;
    let adminOperation = '';
    try {
      const deps = await getDeps();
      allowList = deps.config.allowedOrigins;
      if (request.method === 'OPTIONS') {
        response = empty(204, preflightHeaders(origin, allowList));
      } else {
        // A page on a site this deployment does not serve: refuse before touching anything.
        refuseForeignOrigin(origin, allowList);
        const route = routes.get(request.routeKey);
        if (route) {
          // Image URLs resolve against the configured asset base (on the loopback name this request
          // used, locally), or without one against the origin this request came to.
          const configured = deps.config.publicAssetBaseUrl;
          const base = configured ? onCallerHost(configured, request.headers.host) : request.selfOrigin;
          const routeDeps = base === configured ? deps : { ...deps, catalog: withAssetBase(deps.catalog, base) };
          // The one admin guard: every /api/admin/* route, whichever function serves it.
          admin = route.admin ? await requireAdmin(request, deps) : undefined;
          adminOperation = route.operation;
          response = await route.run(request, routeDeps, admin);
        } else {
          const match = matchRoute(request.method, request.path);
          throw match.route === undefined && match.pathExists
            ? new MethodNotAllowedError(`${request.method} is not allowed on ${request.path}.`)
            : new NotFoundError(`Nothing lives at ${request.method} ${request.path}.`);
        }
      }
    } catch (error) {
      response = problem(error, request.requestId);
      if (response.statusCode >= 500 && response.statusCode !== 503) {
        logger.error('request failed', {
          requestId: request.requestId,
          routeKey: request.routeKey,
          error: error as Error,
        });
      }
    }
    // Refusals of the action itself (404, 409, 422) are audited too; the guard's 401/403 set no admin.
    if (admin) auditAdminAction(admin, adminOperation, request, response);
    response.headers = {
      ...response.headers,
      ...corsHeaders(origin, allowList),
      'X-Request-Id': request.requestId,
      'X-Content-Type-Options': 'nosniff',
    };
    logger.info('request', {
      requestId: request.requestId,
      method: request.method,
      routeKey: request.routeKey,
      status: response.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  };
}
