import { ForbiddenError } from '../domain/errors.js';

/**
 * CORS from the deployment's origin allow-list. The special entry `localhost`
 * allows any http(s) origin on localhost or 127.0.0.1 (the local stack's
 * default); `*` allows every origin (credentials are headers, not cookies, so
 * that is safe, but deployments should list their sites).
 */
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export const EXPOSED_HEADERS = 'ETag, X-Request-Id, Retry-After, Idempotent-Replayed, X-Next-Cursor';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Cart-Token, Idempotency-Key, If-Match, X-Request-Id';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/** Is `origin` on the allow-list? */
export function isAllowedOrigin(origin: string, allowList: readonly string[]): boolean {
  for (const entry of allowList) {
    if (entry === '*') return true;
    if (entry === 'localhost' && LOCAL_ORIGIN.test(origin)) return true;
    if (entry === origin) return true;
  }
  return false;
}

/**
 * The origin rule for every entry point (HTTP routes and the WebSocket
 * `$connect`): a request that names an `Origin` not on the allow-list is
 * refused with 403 before anything is read or written. No `Origin` (a server,
 * a CLI) passes: credentials, not origins, authenticate.
 *
 * @example
 * ```ts
 * refuseForeignOrigin(request.headers.origin, deps.config.allowedOrigins);
 * ```
 */
export function refuseForeignOrigin(origin: string | undefined, allowList: readonly string[]): void {
  if (origin !== undefined && !isAllowedOrigin(origin, allowList)) {
    throw new ForbiddenError(`Requests from ${origin} are not allowed by this deployment.`);
  }
}

/**
 * Headers for an actual (non-preflight) response. `Vary: Origin` goes on every
 * answer, with or without an `Origin`: the allow-origin header differs by
 * origin, so no cache (CloudFront, the browser's) may hand one site's answer,
 * or the answer to a request without `Origin`, to another.
 */
export function corsHeaders(origin: string | undefined, allowList: readonly string[]): Record<string, string> {
  if (origin === undefined || !isAllowedOrigin(origin, allowList)) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  };
}

/** Headers for a preflight answer; empty when the origin is not allowed. */
export function preflightHeaders(origin: string | undefined, allowList: readonly string[]): Record<string, string> {
  if (origin === undefined || !isAllowedOrigin(origin, allowList)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}
