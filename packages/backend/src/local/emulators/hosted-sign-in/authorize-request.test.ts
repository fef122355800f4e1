import { describe, expect, it } from 'vitest';
import { checkAuthorizeRequest } from './authorize-request.js';

const CLIENT = { clientId: 'client', redirectUri: 'http://localhost:3000/api/auth/callback', providerId: 'LocalIdP' };
const GOOD = {
  response_type: 'code',
  client_id: 'client',
  redirect_uri: CLIENT.redirectUri,
  identity_provider: 'LocalIdP',
  scope: 'openid email profile aws.cognito.signin.user.admin',
  state: 's.r.x',
  nonce: 'n',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
};
const check = (overrides: Record<string, string | undefined> = {}) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...GOOD, ...overrides }))
    if (value !== undefined) params.set(name, value);
  return checkAuthorizeRequest(params, CLIENT);
};

describe('checkAuthorizeRequest', () => {
  it('accepts the SDK\u2019s request and carries every parameter for the form', () => {
    const result = check();

    expect(result.ok && result.request).toMatchObject({ nonce: 'n', state: 's.r.x', scope: GOOD.scope.split(' ') });
    expect(result.ok && result.request.fields).toEqual(GOOD);
  });

  it('shows the error page (no redirect) for an unknown client or an unregistered redirect_uri', () => {
    expect(check({ client_id: 'other' })).toMatchObject({ ok: false, page: { error: 'invalid_client' } });
    expect(check({ redirect_uri: 'http://localhost:3000/api/auth/callback/' })).toMatchObject({
      ok: false,
      page: { status: 400, error: 'redirect_mismatch' },
    });
  });

  it.each([
    [{ response_type: 'token' }, 'invalid_request'],
    [{ code_challenge_method: undefined }, 'invalid_request'],
    [{ code_challenge: 'too-short' }, 'invalid_request'],
    [{ identity_provider: 'Google' }, 'unauthorized_client'],
    [{ scope: 'openid offline_access' }, 'invalid_scope'],
  ])('redirects %j back with %s and the state', (overrides, error) => {
    const result = check(overrides);
    const location = new URL(!result.ok && 'redirect' in result ? result.redirect : 'http://none/');

    expect(location.origin + location.pathname).toBe(CLIENT.redirectUri);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('s.r.x');
  });
});
