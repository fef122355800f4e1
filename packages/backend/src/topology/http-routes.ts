/**
 * The HTTP API's routes, defined once: the CDK app creates API Gateway routes
 * from this list and the local gateway dispatches with it, so both send the
 * same `routeKey` and `pathParameters` to the same handler.
 *
 * Every path is under `/api`, so CloudFront can forward `/api/*` to the HTTP
 * API unchanged and the storefront stays same-origin.
 */
export const API_PREFIX = '/api';

/** The HTTP Lambda functions, by the file name under `src/handlers/`. */
export const HTTP_HANDLERS = ['cart-api', 'account'] as const;
export type HttpHandlerName = (typeof HTTP_HANDLERS)[number];

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax, `{name}` for a parameter. */
  readonly path: string;
  readonly handler: HttpHandlerName;
}

export const ROUTES = [
  { method: 'GET', path: '/api/config', handler: 'cart-api' },
  { method: 'GET', path: '/api/products', handler: 'cart-api' },
  { method: 'GET', path: '/api/products/{sku}', handler: 'cart-api' },
  { method: 'POST', path: '/api/cart/anonymous', handler: 'cart-api' },
  { method: 'GET', path: '/api/cart', handler: 'cart-api' },
  { method: 'DELETE', path: '/api/cart', handler: 'cart-api' },
  { method: 'POST', path: '/api/cart/items', handler: 'cart-api' },
  { method: 'PUT', path: '/api/cart/items/{sku}', handler: 'cart-api' },
  { method: 'DELETE', path: '/api/cart/items/{sku}', handler: 'cart-api' },
  { method: 'POST', path: '/api/cart/merge', handler: 'cart-api' },
  { method: 'POST', path: '/api/cart/checkout', handler: 'cart-api' },
  { method: 'GET', path: '/api/orders/{orderId}', handler: 'cart-api' },
  { method: 'GET', path: '/api/me', handler: 'account' },
  { method: 'DELETE', path: '/api/me', handler: 'account' },
] as const satisfies readonly RouteDefinition[];

/**
 * Requests that match no route (including CORS preflight `OPTIONS`) go to the
 * `$default` route, served by the cart API handler, which answers CORS and
 * problem+json 404/405 itself. On AWS this is the HTTP API's `$default` route;
 * API Gateway's own CORS is left off so one implementation serves both.
 */
export const DEFAULT_ROUTE = { routeKey: '$default', handler: 'cart-api' } as const satisfies {
  routeKey: string;
  handler: HttpHandlerName;
};

/** `"GET /api/cart/items/{sku}"`, the form API Gateway puts in `event.routeKey`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * Matches a method and a concrete path against the route table, as API
 * Gateway does. Returns the route and its decoded path parameters, or
 * `{ route: undefined, pathExists }` so callers can tell 404 from 405.
 *
 * @example
 * ```ts
 * matchRoute('PUT', '/api/cart/items/TEE-1'); // { route, pathParameters: { sku: 'TEE-1' } }
 * ```
 */
export function matchRoute(
  method: string,
  path: string,
): { route: RouteDefinition; pathParameters: Record<string, string> } | { route: undefined; pathExists: boolean } {
  let pathExists = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params === undefined) continue;
    pathExists = true;
    if (route.method === method.toUpperCase()) return { route, pathParameters: params };
  }
  return { route: undefined, pathExists };
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}
