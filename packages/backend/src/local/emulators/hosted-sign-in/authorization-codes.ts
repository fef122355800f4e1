import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a code was issued for: Cognito binds each code to all of it. */
export interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  /** The S256 PKCE challenge of the authorize request. */
  readonly codeChallenge: string;
  /** The `nonce` of the authorize request, copied into the ID token. */
  readonly nonce: string | undefined;
  readonly scope: readonly string[];
  /** The native user of the pool the code signs in as. */
  readonly username: string;
  /** The provider the person came through (`LocalIdP`), for the ID token's `identities`. */
  readonly provider: { readonly name: string; readonly userId: string };
}

/** Cognito's authorization codes are valid for 5 minutes. */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * Is `verifier` the PKCE (RFC 7636) S256 verifier of `challenge`? The verifier must be
 * 43-128 unreserved characters; the comparison is constant-time.
 *
 * @example
 * ```ts
 * verifyS256(verifier, base64url(sha256(verifier))); // true
 * ```
 */
export function verifyS256(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const actual = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The stand-in's authorization codes: random, single use (taking a code deletes it, whatever
 * happens next, so a verifier cannot be guessed twice against one code), and gone after 5 minutes.
 *
 * @example
 * ```ts
 * const codes = new AuthorizationCodes();
 * const code = codes.issue(grant);
 * codes.take(code); // grant; a second take is undefined
 * ```
 */
export class AuthorizationCodes {
  readonly #codes = new Map<string, { grant: CodeGrant; expiresAt: number }>();
  readonly #lifetimeMs: number;
  readonly #now: () => number;

  constructor(options: { lifetimeMs?: number; now?: () => number } = {}) {
    this.#lifetimeMs = options.lifetimeMs ?? CODE_LIFETIME_MS;
    this.#now = options.now ?? Date.now;
  }

  issue(grant: CodeGrant): string {
    this.#sweep();
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(code, { grant, expiresAt: this.#now() + this.#lifetimeMs });
    return code;
  }

  /** The grant of a live code, deleting the code; undefined for unknown, used or expired codes. */
  take(code: string): CodeGrant | undefined {
    const entry = this.#codes.get(code);
    this.#codes.delete(code);
    if (!entry || entry.expiresAt <= this.#now()) return undefined;
    return entry.grant;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [code, entry] of this.#codes) if (entry.expiresAt <= now) this.#codes.delete(code);
  }
}
