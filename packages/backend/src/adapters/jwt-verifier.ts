import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/** A verified Cognito user. */
export interface VerifiedUser {
  readonly sub: string;
  readonly username: string;
  /** Epoch seconds the token was issued (`iat`): revocations refuse tokens issued before them. */
  readonly issuedAt: number;
  /** The Cognito groups the user belonged to when the token was issued (`cognito:groups`); empty when none. */
  readonly groups: readonly string[];
}

/** Verifies a Cognito access token; throws on anything invalid. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedUser>;
}

/**
 * The production verifier (`aws-jwt-verify`): signature against the pool's
 * JWKS, issuer, client id, `token_use: access` and expiry. On the local stack
 * the JWKS URI (which names AWS's host) is fetched from cognito-local instead,
 * so the very same verifier runs in both places.
 *
 * @example
 * ```ts
 * const verifier = createCognitoVerifier({ userPoolId, clientId, cognitoEndpoint: null });
 * const user = await verifier.verify(accessToken);
 * ```
 */
export function createCognitoVerifier(options: {
  userPoolId: string;
  clientId: string;
  cognitoEndpoint: string | null;
}): TokenVerifier {
  const jwksCache = options.cognitoEndpoint
    ? new SimpleJwksCache({ fetcher: localFetcher(options.cognitoEndpoint) })
    : undefined;
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: options.userPoolId, clientId: options.clientId, tokenUse: 'access' },
    jwksCache ? { jwksCache } : undefined,
  );
  return {
    async verify(token) {
      const payload = await verifier.verify(token);
      // aws-jwt-verify accepts a token without `exp`; Cognito always sets one, so its absence means forgery.
      if (typeof payload.exp !== 'number') throw new Error('The token has no expiry');
      return {
        sub: payload.sub,
        username: typeof payload.username === 'string' ? payload.username : payload.sub,
        // Without `iat` the token counts as issued at the epoch: any revocation of its user ends it.
        issuedAt: typeof payload.iat === 'number' ? payload.iat : 0,
        groups: groupsOf(payload['cognito:groups']),
      };
    },
  };
}

/** `cognito:groups` as Cognito writes it (an array of names); anything else counts as no group. */
function groupsOf(claim: unknown): readonly string[] {
  return Array.isArray(claim) ? claim.filter((group): group is string => typeof group === 'string') : [];
}

/** Fetches the JWKS from cognito-local over plain HTTP, keeping the URI's path. */
function localFetcher(endpoint: string): Fetcher {
  const base = new URL(endpoint);
  return {
    async fetch(uri) {
      const url = new URL(uri);
      url.protocol = base.protocol;
      url.host = base.host;
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (!response.ok) throw new Error(`JWKS fetch failed with status ${response.status}`);
      return response.arrayBuffer();
    },
  };
}
