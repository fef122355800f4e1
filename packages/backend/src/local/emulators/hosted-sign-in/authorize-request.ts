/** What the client registered: its id, its one callback URL, and the provider it may use. */
export interface ClientRegistration {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly providerId: string;
}

/** An authorize request that passed every check. */
export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string | undefined;
  readonly nonce: string | undefined;
  readonly codeChallenge: string;
  readonly scope: readonly string[];
  /** The parameters as sent, for the identity page's hidden fields. */
  readonly fields: Record<string, string>;
}

export type AuthorizeCheck =
  | { readonly ok: true; readonly request: AuthorizeRequest }
  /** Cognito shows its error page: there is nowhere safe to redirect to. */
  | { readonly ok: false; readonly page: { readonly status: number; readonly error: string; readonly text: string } }
  /** Cognito redirects to the callback with the error and the state. */
  | { readonly ok: false; readonly redirect: string };

const ALLOWED_SCOPES = new Set(['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin']);
const CARRIED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'identity_provider',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;

/**
 * `base` with these query parameters set (undefined ones left out).
 *
 * @example
 * ```ts
 * withParams('https://api.example/cb', { code: 'c', state: undefined }); // 'https://api.example/cb?code=c'
 * ```
 */
export function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

/**
 * Checks `GET /oauth2/authorize`'s parameters (and the identity page's post, which carries them)
 * as Cognito does: an unknown client or an unregistered `redirect_uri` get the error page
 * (`invalid_client`, `redirect_mismatch`) and no redirect; anything else wrong goes back to the
 * callback with `error` and the `state`: `response_type` not `code`, no S256 `code_challenge`
 * (the stand-in requires PKCE), an `identity_provider` the client may not use
 * (`unauthorized_client`), a scope outside Cognito's (`invalid_scope`).
 *
 * @example
 * ```ts
 * const result = checkAuthorizeRequest(url.searchParams, { clientId, redirectUri, providerId: 'LocalIdP' });
 * if (result.ok) showIdentityPage(result.request.fields);
 * ```
 */
export function checkAuthorizeRequest(params: URLSearchParams, client: ClientRegistration): AuthorizeCheck {
  const get = (name: string) => params.get(name) ?? undefined;
  const clientId = get('client_id');
  if (clientId !== client.clientId) {
    return { ok: false, page: { status: 400, error: 'invalid_client', text: 'Unknown client_id.' } };
  }
  const redirectUri = get('redirect_uri');
  if (redirectUri !== client.redirectUri) {
    return {
      ok: false,
      page: {
        status: 400,
        error: 'redirect_mismatch',
        text: 'This redirect_uri is not a callback URL registered for the client.',
      },
    };
  }
  const state = get('state');
  const fail = (error: string, description: string): AuthorizeCheck => ({
    ok: false,
    redirect: withParams(redirectUri, { error, error_description: description, state }),
  });
  if (get('response_type') !== 'code') return fail('invalid_request', 'response_type must be code.');
  const provider = get('identity_provider');
  if (provider !== undefined && provider !== client.providerId) {
    return fail('unauthorized_client', `The identity provider ${provider} is not enabled for this client.`);
  }
  const codeChallenge = get('code_challenge');
  if (!codeChallenge || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge) || get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'A code_challenge with code_challenge_method S256 is required.');
  }
  const scope = (get('scope') ?? 'openid').split(/[\s+]+/).filter(Boolean);
  if (scope.some((s) => !ALLOWED_SCOPES.has(s))) return fail('invalid_scope', 'A requested scope is not allowed.');
  const fields: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = get(name);
    if (value !== undefined) fields[name] = value;
  }
  return { ok: true, request: { clientId, redirectUri, state, nonce: get('nonce'), codeChallenge, scope, fields } };
}
