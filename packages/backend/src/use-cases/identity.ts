import { assertCartAlive, issuedLongAgo } from '../domain/cart-liveness.js';
import { UnauthorizedError } from '../domain/errors.js';
import { type Owner, ownerKey } from '../domain/owner.js';
import type { VerifiedUser } from '../adapters/jwt-verifier.js';
import type { Deps } from '../runtime/deps.js';

/** A credential as a caller presents it: a Cognito access token or an anonymous cart token. */
export type Credential =
  | { readonly kind: 'user'; readonly accessToken: string }
  | { readonly kind: 'anonymous'; readonly cartToken: string };

/**
 * The identity rule, the one place it is decided: who owns this credential,
 * and is it still alive? Every HTTP route (through `http/identity.ts`) and the
 * WebSocket `$connect` call it. Refusals are `UnauthorizedError` (401; 4401 on
 * a socket).
 *
 * - A user token must verify (signature, issuer, client, `token_use`, expiry) and
 *   must not be revoked: a deleted account's tokens are refused until they expire.
 * - A cart token must carry a valid signature and its cart must be alive
 *   (`isCartAlive`, domain/cart-liveness.ts). Only a token issued over 30 days
 *   ago can have expired, so only then is the cart read.
 *
 * @example
 * ```ts
 * const owner = await identify({ kind: 'user', accessToken }, deps);
 * ```
 */
export async function identify(
  credential: Extract<Credential, { kind: 'user' }>,
  deps: Deps,
): Promise<Extract<Owner, { kind: 'user' }>>;
export async function identify(
  credential: Extract<Credential, { kind: 'anonymous' }>,
  deps: Deps,
): Promise<Extract<Owner, { kind: 'anonymous' }>>;
export async function identify(credential: Credential, deps: Deps): Promise<Owner>;
export async function identify(credential: Credential, deps: Deps): Promise<Owner> {
  const now = deps.now();
  if (credential.kind === 'user') {
    const user = await verifyUserToken(credential.accessToken, deps);
    return { kind: 'user', id: user.sub, username: user.username };
  }
  const identity = (await deps.cartTokens()).verify(credential.cartToken.trim());
  if (identity === undefined) throw new UnauthorizedError('The cart token is invalid.');
  const owner: Owner = { kind: 'anonymous', id: identity.id, issuedAt: identity.issuedAt };
  // A token younger than 30 days cannot have outlived its cart: read the cart only for older ones.
  if (issuedLongAgo(owner, now)) assertCartAlive(owner, await deps.carts.get(ownerKey(owner)), now);
  return owner;
}

/**
 * The user half of the identity rule: the access token verifies and its user
 * is not revoked. Returns the verified claims (groups included), for callers
 * that need more than the owner, such as the admin guard (`http/admin.ts`).
 *
 * @example
 * ```ts
 * const { sub, groups } = await verifyUserToken(accessToken, deps);
 * ```
 */
export async function verifyUserToken(accessToken: string, deps: Deps): Promise<VerifiedUser> {
  let user: VerifiedUser;
  try {
    user = await deps.verifier.verify(accessToken);
  } catch {
    throw new UnauthorizedError('The access token is invalid or expired.');
  }
  const revokedBefore = await deps.revocations.revokedBefore(ownerKey({ kind: 'user', id: user.sub }), deps.now());
  if (revokedBefore !== undefined && user.issuedAt <= revokedBefore) {
    throw new UnauthorizedError('This session has ended: the account was deleted.');
  }
  return user;
}

/** The credentials a caller presented, however its transport carries them (HTTP headers, WebSocket query). */
export interface PresentedCredentials {
  /** A Cognito access token: `Authorization: Bearer`, or `?token=` on `$connect`. */
  readonly accessToken?: string | undefined;
  /** An anonymous cart token: `X-Cart-Token`, or `?cartToken=` on `$connect`. */
  readonly cartToken?: string | undefined;
}

/**
 * The credential resolver HTTP (`resolveOwner`) and `$connect` share: the
 * signed-in user when an access token is presented (a bad one is 401, never a
 * fall back to the cart token), else the cart token's owner, through
 * `identify`. Undefined when neither is presented: each transport words that
 * refusal itself.
 *
 * @example
 * ```ts
 * const owner = await ownerFromCredentials({ accessToken: query.token, cartToken: query.cartToken }, deps);
 * ```
 */
export async function ownerFromCredentials(presented: PresentedCredentials, deps: Deps): Promise<Owner | undefined> {
  if (presented.accessToken !== undefined) return identify({ kind: 'user', accessToken: presented.accessToken }, deps);
  if (presented.cartToken !== undefined) return identify({ kind: 'anonymous', cartToken: presented.cartToken }, deps);
  return undefined;
}
