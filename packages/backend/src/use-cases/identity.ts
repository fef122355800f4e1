import { LIMITS } from '@cartkit/contract';
import type { CartState } from '../domain/cart.js';
import { UnauthorizedError } from '../domain/errors.js';
import { type Owner, ownerKey } from '../domain/owner.js';
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
 * - A cart token must carry a valid signature and must not have expired: 30 days
 *   from issue with no cart written, or 30 days after the cart's last write. Only
 *   a token issued over 30 days ago can have expired, so only then is the cart read.
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
    let user: Awaited<ReturnType<Deps['verifier']['verify']>>;
    try {
      user = await deps.verifier.verify(credential.accessToken);
    } catch {
      throw new UnauthorizedError('The access token is invalid or expired.');
    }
    const owner: Owner = { kind: 'user', id: user.sub, username: user.username };
    const revokedBefore = await deps.revocations.revokedBefore(ownerKey(owner), now);
    if (revokedBefore !== undefined && user.issuedAt <= revokedBefore) {
      throw new UnauthorizedError('This session has ended: the account was deleted.');
    }
    return owner;
  }
  const identity = (await deps.cartTokens()).verify(credential.cartToken.trim());
  if (identity === undefined) throw new UnauthorizedError('The cart token is invalid.');
  const owner: Owner = { kind: 'anonymous', id: identity.id, issuedAt: identity.issuedAt };
  if (issuedLongAgo(owner, now)) assertAnonymousAlive(owner, await deps.carts.get(ownerKey(owner)), now);
  return owner;
}

/** Has an anonymous token passed 30 days since it was issued? */
export function issuedLongAgo(owner: Extract<Owner, { kind: 'anonymous' }>, now: number): boolean {
  return owner.issuedAt + LIMITS.anonymousTtlSeconds <= Math.floor(now / 1000);
}

/** Anonymous carts expire after 30 days without a write; so do tokens that never wrote one. */
export function assertAnonymousAlive(
  owner: Extract<Owner, { kind: 'anonymous' }>,
  stored: CartState | undefined,
  now: number,
): void {
  const expired =
    stored === undefined || stored.version === 0
      ? issuedLongAgo(owner, now)
      : stored.expiresAt !== null && stored.expiresAt <= Math.floor(now / 1000);
  if (expired) throw new UnauthorizedError('The cart token has expired.');
}
