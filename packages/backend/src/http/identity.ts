import type { Deps } from '../runtime/deps.js';
import { identify, ownerFromCredentials } from '../use-cases/identity.js';
import { UnauthorizedError } from '../domain/errors.js';
import type { Owner } from '../domain/owner.js';
import type { HttpRequest } from './request.js';

/**
 * The caller's user identity from `Authorization: Bearer <access token>`,
 * or undefined when the header is absent. A present but bad, expired or
 * revoked token is 401 (see `identify`).
 */
export async function readUser(
  request: HttpRequest,
  deps: Deps,
): Promise<Extract<Owner, { kind: 'user' }> | undefined> {
  const accessToken = bearerToken(request);
  return accessToken === undefined ? undefined : identify({ kind: 'user', accessToken }, deps);
}

/** The token of `Authorization: Bearer <access token>`; undefined when the header is absent, 401 when it is malformed. */
export function bearerToken(request: HttpRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,4096})\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('Authorization must be "Bearer <access token>".');
  return match[1];
}

/** The anonymous identity from `X-Cart-Token`, or undefined when absent. A forged or expired token is 401. */
export async function readCartToken(
  request: HttpRequest,
  deps: Deps,
): Promise<Extract<Owner, { kind: 'anonymous' }> | undefined> {
  const token = request.headers['x-cart-token'];
  if (token === undefined) return undefined;
  return identify({ kind: 'anonymous', cartToken: token }, deps);
}

/**
 * The owner of the cart this request acts on: the signed-in user if there is
 * a bearer token, else the anonymous cart token (`ownerFromCredentials`, as on
 * `$connect`). Neither is 401.
 */
export async function resolveOwner(request: HttpRequest, deps: Deps): Promise<Owner> {
  const owner = await ownerFromCredentials(
    { accessToken: bearerToken(request), cartToken: request.headers['x-cart-token'] },
    deps,
  );
  if (owner) return owner;
  throw new UnauthorizedError('Send Authorization: Bearer <access token> or X-Cart-Token.');
}

/** A route only signed-in users may call. */
export async function requireUser(request: HttpRequest, deps: Deps): Promise<Extract<Owner, { kind: 'user' }>> {
  const user = await readUser(request, deps);
  if (!user) throw new UnauthorizedError('Sign in: this route needs Authorization: Bearer <access token>.');
  return user;
}
