import { type AuthorizationCodes, verifyS256 } from './authorization-codes.js';
import { type CognitoLocalTokens, type IssuedTokens, UnknownUserError } from './cognito-tokens.js';

/** An OAuth error answer: `status` and `{ error: code, error_description: message }`. */
export class OAuthProblem extends Error {
  override name = 'OAuthProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

/** The token endpoint's success body, as Cognito's. */
export interface TokenResponse {
  readonly id_token: string;
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
}

/**
 * `POST /oauth2/token` and `POST /oauth2/revoke` of the stand-in, on their parsed forms, as
 * Cognito answers them: an unknown `client_id` is `invalid_client`; a code is spent by its first
 * use (even a failed one), and one that is unknown, used, expired (5 minutes), issued for
 * another client or `redirect_uri`, or whose PKCE verifier does not match is `invalid_grant`.
 *
 * @example
 * ```ts
 * const endpoint = createTokenEndpoint({ clientId, codes, tokens });
 * await endpoint.token(new URLSearchParams({ grant_type: 'authorization_code', ... }));
 * ```
 */
export function createTokenEndpoint(deps: {
  readonly clientId: string;
  readonly codes: AuthorizationCodes;
  readonly tokens: CognitoLocalTokens;
}) {
  function requireClient(form: URLSearchParams): string {
    const clientId = form.get('client_id');
    if (!clientId) throw new OAuthProblem(400, 'invalid_request', 'client_id is required.');
    if (clientId !== deps.clientId) throw new OAuthProblem(400, 'invalid_client', 'Unknown client.');
    return clientId;
  }

  async function exchangeCode(form: URLSearchParams, clientId: string): Promise<IssuedTokens> {
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    const verifier = form.get('code_verifier');
    if (!code || !redirectUri) throw new OAuthProblem(400, 'invalid_request', 'code and redirect_uri are required.');
    // Taken (and so spent) before any other check: one attempt per code.
    const grant = deps.codes.take(code);
    if (!grant) throw new OAuthProblem(400, 'invalid_grant', 'The code is unknown, used or expired.');
    if (grant.clientId !== clientId || grant.redirectUri !== redirectUri) {
      throw new OAuthProblem(400, 'invalid_grant', 'The code was issued for another client or redirect_uri.');
    }
    if (!verifier || !verifyS256(verifier, grant.codeChallenge)) {
      throw new OAuthProblem(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    try {
      return await deps.tokens.issue(grant.username, {
        nonce: grant.nonce,
        identity: { providerName: grant.provider.name, userId: grant.provider.userId },
      });
    } catch (error) {
      if (error instanceof UnknownUserError) throw new OAuthProblem(400, 'invalid_grant', error.message);
      throw error;
    }
  }

  async function refresh(form: URLSearchParams): Promise<IssuedTokens> {
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) throw new OAuthProblem(400, 'invalid_request', 'refresh_token is required.');
    const refreshed = await deps.tokens.refresh(refreshToken);
    if (!refreshed) throw new OAuthProblem(400, 'invalid_grant', 'The refresh token is invalid.');
    return refreshed;
  }

  return {
    async token(form: URLSearchParams): Promise<TokenResponse> {
      const clientId = requireClient(form);
      const grantType = form.get('grant_type');
      let issued: IssuedTokens;
      if (grantType === 'authorization_code') issued = await exchangeCode(form, clientId);
      else if (grantType === 'refresh_token') issued = await refresh(form);
      else {
        throw new OAuthProblem(
          400,
          'unsupported_grant_type',
          'grant_type must be authorization_code or refresh_token.',
        );
      }
      return {
        id_token: issued.idToken,
        access_token: issued.accessToken,
        ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
        expires_in: issued.expiresIn,
        token_type: 'Bearer',
      };
    },

    /** Forgets a refresh token; an unknown one is not an error (RFC 7009, as Cognito). */
    async revoke(form: URLSearchParams): Promise<void> {
      const token = form.get('token');
      if (!token) throw new OAuthProblem(400, 'invalid_request', 'token is required.');
      requireClient(form);
      await deps.tokens.revoke(token);
    },
  };
}
