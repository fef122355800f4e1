import type { HttpFunctionName } from './functions.js';

/**
 * The HTTP API's routes, defined once: the CDK app creates API Gateway routes
 * from this list, the local gateway dispatches with it, and each HTTP
 * function's handler serves its routes by `operation` (`createHttpHandler`),
 * so all three send the same `routeKey` and `pathParameters` to the same code.
 * Adding a route is one line here plus its operation (`src/routes/`).
 *
 * Every path is under `/api`, so CloudFront can forward `/api/*` to the HTTP
 * API unchanged and the storefront stays same-origin.
 */
export const API_PREFIX = '/api';

/**
 * Federated sign-in's pages on the API origin (issue 18): the one callback URL registered
 * with Cognito, and the registered logout URL of popup sign-out (`{apiUrl}/auth/...`).
 */
export const AUTH_CALLBACK_PATH = '/api/auth/callback';
export const AUTH_SIGNED_OUT_PATH = '/api/auth/signed-out';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax, `{name}` for a parameter. */
  readonly path: string;
  /** The function that serves it (`FUNCTIONS`). */
  readonly handler: HttpFunctionName;
  /** The name of the route's implementation, which the handler passes to `createHttpHandler`. */
  readonly operation: string;
}

export const ROUTES = [
  { method: 'GET', path: '/api/config', handler: 'cart-api', operation: 'getConfig' },
  // Federated sign-in's HTML pages: hand the code back to the shop's page (AUTH_CALLBACK_PATH, AUTH_SIGNED_OUT_PATH).
  { method: 'GET', path: '/api/auth/callback', handler: 'cart-api', operation: 'authCallback' },
  { method: 'GET', path: '/api/auth/signed-out', handler: 'cart-api', operation: 'authSignedOut' },
  { method: 'GET', path: '/api/products', handler: 'cart-api', operation: 'listProducts' },
  { method: 'GET', path: '/api/products/{sku}', handler: 'cart-api', operation: 'getProduct' },
  { method: 'POST', path: '/api/cart/anonymous', handler: 'cart-api', operation: 'createAnonymousCart' },
  { method: 'GET', path: '/api/cart', handler: 'cart-api', operation: 'getCart' },
  { method: 'DELETE', path: '/api/cart', handler: 'cart-api', operation: 'clearCart' },
  { method: 'POST', path: '/api/cart/items', handler: 'cart-api', operation: 'addItem' },
  { method: 'PUT', path: '/api/cart/items/{sku}', handler: 'cart-api', operation: 'setItem' },
  { method: 'DELETE', path: '/api/cart/items/{sku}', handler: 'cart-api', operation: 'removeItem' },
  { method: 'POST', path: '/api/cart/merge', handler: 'checkout-api', operation: 'mergeCart' },
  // Abandoned-cart reminder links (issue 16): copy the cart's lines into the caller's cart, or stop its reminder.
  { method: 'POST', path: '/api/cart/restore', handler: 'cart-api', operation: 'restoreCart' },
  {
    method: 'POST',
    path: '/api/cart/reminders/unsubscribe',
    handler: 'cart-api',
    operation: 'unsubscribeCartReminder',
  },
  { method: 'POST', path: '/api/checkout/quote', handler: 'cart-api', operation: 'quoteCheckout' },
  { method: 'POST', path: '/api/cart/checkout', handler: 'checkout-api', operation: 'checkout' },
  { method: 'GET', path: '/api/orders', handler: 'cart-api', operation: 'listOrders' },
  { method: 'GET', path: '/api/orders/{orderId}', handler: 'cart-api', operation: 'getOrder' },
  { method: 'POST', path: '/api/webhooks/stripe', handler: 'stripe-webhook', operation: 'stripeWebhook' },
  { method: 'GET', path: '/api/me', handler: 'account', operation: 'getMe' },
  { method: 'DELETE', path: '/api/me', handler: 'account', operation: 'deleteMe' },
  { method: 'GET', path: '/api/me/export', handler: 'account', operation: 'exportMe' },
  // Admin (issue 16): every /api/admin/* route passes the admin guard (http/admin.ts) whichever function serves it.
  { method: 'GET', path: '/api/admin/products', handler: 'admin-api', operation: 'listAdminProducts' },
  { method: 'GET', path: '/api/admin/products/{sku}', handler: 'admin-api', operation: 'getAdminProduct' },
  { method: 'PUT', path: '/api/admin/products/{sku}', handler: 'admin-api', operation: 'putAdminProduct' },
  { method: 'PATCH', path: '/api/admin/products/{sku}', handler: 'admin-api', operation: 'patchAdminProduct' },
  { method: 'DELETE', path: '/api/admin/products/{sku}', handler: 'admin-api', operation: 'deleteAdminProduct' },
  { method: 'POST', path: '/api/admin/products/{sku}/stock', handler: 'admin-api', operation: 'adjustAdminStock' },
  // Shop operations (issue 16): discount codes and orders, served by shop-admin.
  { method: 'GET', path: '/api/admin/discounts', handler: 'shop-admin', operation: 'listDiscounts' },
  { method: 'GET', path: '/api/admin/discounts/{code}', handler: 'shop-admin', operation: 'getDiscount' },
  { method: 'PUT', path: '/api/admin/discounts/{code}', handler: 'shop-admin', operation: 'putDiscount' },
  { method: 'DELETE', path: '/api/admin/discounts/{code}', handler: 'shop-admin', operation: 'deleteDiscount' },
  { method: 'GET', path: '/api/admin/orders', handler: 'shop-admin', operation: 'listAdminOrders' },
  // Before `{orderId}`: the local gateway takes the first match (API Gateway prefers the literal path anyway).
  { method: 'GET', path: '/api/admin/orders/export', handler: 'shop-admin', operation: 'exportAdminOrders' },
  { method: 'GET', path: '/api/admin/orders/{orderId}', handler: 'shop-admin', operation: 'getAdminOrder' },
  { method: 'POST', path: '/api/admin/orders/{orderId}/fulfil', handler: 'shop-admin', operation: 'fulfilAdminOrder' },
  { method: 'POST', path: '/api/admin/orders/{orderId}/refund', handler: 'shop-admin', operation: 'refundAdminOrder' },
  { method: 'GET', path: '/api/admin/webhooks', handler: 'shop-admin', operation: 'listWebhooks' },
  { method: 'PUT', path: '/api/admin/webhooks', handler: 'shop-admin', operation: 'putWebhooks' },
  { method: 'GET', path: '/api/admin/webhooks/deliveries', handler: 'shop-admin', operation: 'listWebhookDeliveries' },
  {
    method: 'POST',
    path: '/api/admin/webhooks/deliveries/{deliveryId}/replay',
    handler: 'shop-admin',
    operation: 'replayWebhookDelivery',
  },
] as const satisfies readonly RouteDefinition[];

/**
 * Requests that match no route (including CORS preflight `OPTIONS`) go to the
 * `$default` route, served by the cart API handler, which answers CORS and
 * problem+json 404/405 itself. On AWS this is the HTTP API's `$default` route;
 * API Gateway's own CORS is left off so one implementation serves both.
 */
export const DEFAULT_ROUTE = { routeKey: '$default', handler: 'cart-api' } as const satisfies {
  routeKey: string;
  handler: HttpFunctionName;
};

/** The names of one HTTP function's operations, as a type. */
export type OperationOf<F extends HttpFunctionName> = Extract<(typeof ROUTES)[number], { handler: F }>['operation'];

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
