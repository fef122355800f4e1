import { randomUUID } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Config } from '@cartkit/contract';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { afterAll, describe, expect, it } from 'vitest';
import { call, createUser } from '../support/api.js';
import {
  authorizeUrl,
  claims,
  CookieJar,
  oauth,
  pkce,
  sdkState,
  signInAtLocalProvider,
  tokenRequest,
} from '../support/hosted-sign-in.js';
import { stackEnv } from '../support/stack.js';

const SHOP_PAGE = 'http://localhost:5173/shop/page?x=1';
const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: stackEnv().env.COGNITO_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(() => cognito.destroy());

/** A whole provider sign-in: authorize, the identity page, the code, the token exchange. */
async function signInWithProvider(email: string, jar = new CookieJar()) {
  const p = pkce();
  const state = sdkState(SHOP_PAGE);
  const { location } = await signInAtLocalProvider(authorizeUrl({ ...p, state }), email, jar);
  const code = location.searchParams.get('code') ?? '';
  const exchanged = await tokenRequest({
    grant_type: 'authorization_code',
    client_id: oauth().clientId,
    code,
    redirect_uri: oauth().redirectUri,
    code_verifier: p.verifier,
  });
  return { ...p, state, location, code, exchanged };
}

function idVerifier() {
  const env = stackEnv().env;
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async (uri) => (await fetch(`${env.COGNITO_ENDPOINT}${new URL(uri).pathname}`)).arrayBuffer(),
    },
  });
  return CognitoJwtVerifier.create(
    { userPoolId: env.USER_POOL_ID ?? '', tokenUse: 'id', clientId: env.USER_POOL_CLIENT_ID ?? '' },
    { jwksCache },
  );
}

describe('GET /config', () => {
  it('announces the local hosted sign-in, its provider and the two registered URLs', async () => {
    const response = await call<Config>('GET', '/config');

    expect(response.body.oauth).toEqual({
      domain: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      providers: [{ id: 'LocalIdP', name: 'Local provider' }],
      redirectUri: `${stackEnv().apiUrl}/auth/callback`,
      logoutUri: `${stackEnv().apiUrl}/auth/signed-out`,
    });
  });
});

describe('the stand-in /oauth2/authorize', () => {
  it('refuses an unknown redirect_uri with redirect_mismatch on its own page, redirecting nowhere', async () => {
    const p = pkce();
    const response = await fetch(
      authorizeUrl({ ...p, state: sdkState(SHOP_PAGE) }, { redirect_uri: 'https://evil.example/callback' }),
      { redirect: 'manual' },
    );

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('<code data-error>redirect_mismatch</code>');
  });

  it('refuses an unknown client_id on its own page', async () => {
    const response = await fetch(authorizeUrl({ ...pkce(), state: 'x' }, { client_id: 'nope' }), {
      redirect: 'manual',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_client');
  });

  it('sends request errors back to the callback with the state, as Cognito does', async () => {
    const state = sdkState(SHOP_PAGE);
    for (const [overrides, error] of [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: undefined }, 'invalid_request'],
      [{ response_type: 'token' }, 'invalid_request'],
      [{ identity_provider: 'Facebook' }, 'unauthorized_client'],
      [{ scope: 'openid admin' }, 'invalid_scope'],
    ] as const) {
      const response = await fetch(authorizeUrl({ ...pkce(), state }, overrides), { redirect: 'manual' });
      const location = new URL(response.headers.get('location') ?? 'http://none/');

      expect(response.status, JSON.stringify(overrides)).toBe(302);
      expect(location.origin + location.pathname).toBe(oauth().redirectUri);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe(state);
      expect(location.searchParams.has('code')).toBe(false);
    }
  });

  it('shows a labelled no-JavaScript form with no script allowed', async () => {
    const response = await fetch(authorizeUrl({ ...pkce(), state: sdkState(SHOP_PAGE) }));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toMatch(/<label for="email">Email<\/label>\s*<input id="email" name="email" type="email"/);
    expect(html).toContain('<button type="submit">Continue</button>');
    expect(html).not.toContain('<script');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('asks again for a malformed email, changing nothing', async () => {
    const page = await fetch(authorizeUrl({ ...pkce(), state: sdkState(SHOP_PAGE) }));
    const fields = Object.fromEntries(
      [...(await page.text()).matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const posted = await fetch(new URL('/login', oauth().domain), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, email: 'not-an-email' }).toString(),
    });

    expect(posted.status).toBe(400);
    expect(posted.headers.get('set-cookie')).toBeNull();
    expect(await posted.text()).toContain('role="alert"');
  });
});

describe('the stand-in /oauth2/token', () => {
  it('exchanges the code for cognito-local tokens: the ID token has the nonce and verifies against its JWKS', async () => {
    const email = `federated-${randomUUID()}@example.com`;
    const { exchanged, nonce, location, state } = await signInWithProvider(email);

    expect(location.searchParams.get('state')).toBe(state);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    const payload = await idVerifier().verify(String(exchanged.body.id_token));
    expect(payload.nonce).toBe(nonce);
    expect(payload.email).toBe(email);
    expect(payload.aud).toBe(oauth().clientId);
  });

  it('hands out an access token the backend accepts on an authenticated route (GET /me)', async () => {
    const email = `federated-${randomUUID()}@example.com`;
    const { exchanged } = await signInWithProvider(email);

    const me = await call<{ userId: string; email: string }>('GET', '/me', {
      token: String(exchanged.body.access_token),
    });

    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
    expect(me.body.userId).toBe(claims(String(exchanged.body.id_token)).sub);
  });

  it('refuses a code used twice with invalid_grant', async () => {
    const { code, verifier, exchanged } = await signInWithProvider(`federated-${randomUUID()}@example.com`);
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      client_id: oauth().clientId,
      code,
      redirect_uri: oauth().redirectUri,
      code_verifier: verifier,
    });

    expect(exchanged.status).toBe(200);
    expect(again).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
  });

  it('refuses a wrong PKCE verifier with invalid_grant, and the code is spent', async () => {
    const p = pkce();
    const { location } = await signInAtLocalProvider(
      authorizeUrl({ ...p, state: sdkState(SHOP_PAGE) }),
      `federated-${randomUUID()}@example.com`,
    );
    const form = {
      grant_type: 'authorization_code',
      client_id: oauth().clientId,
      code: location.searchParams.get('code') ?? '',
      redirect_uri: oauth().redirectUri,
    };

    const wrong = await tokenRequest({ ...form, code_verifier: pkce().verifier });
    const right = await tokenRequest({ ...form, code_verifier: p.verifier });

    expect(wrong).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    expect(right.body.error).toBe('invalid_grant');
  });

  it('refuses another client (invalid_client) and another redirect_uri (invalid_grant)', async () => {
    const p = pkce();
    const email = `federated-${randomUUID()}@example.com`;
    const jar = new CookieJar();
    const first = await signInAtLocalProvider(authorizeUrl({ ...p, state: sdkState(SHOP_PAGE) }), email, jar);
    const wrongClient = await tokenRequest({
      grant_type: 'authorization_code',
      client_id: 'another-client',
      code: first.location.searchParams.get('code') ?? '',
      redirect_uri: oauth().redirectUri,
      code_verifier: p.verifier,
    });
    const second = await signInAtLocalProvider(authorizeUrl({ ...p, state: sdkState(SHOP_PAGE) }), email, jar);
    const wrongRedirect = await tokenRequest({
      grant_type: 'authorization_code',
      client_id: oauth().clientId,
      code: second.location.searchParams.get('code') ?? '',
      redirect_uri: `${oauth().redirectUri}/other`,
      code_verifier: p.verifier,
    });

    expect(wrongClient).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_client' }) });
    expect(wrongRedirect).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
  });

  it('refreshes with the refresh_token grant, and a revoked refresh token is refused', async () => {
    const { exchanged } = await signInWithProvider(`federated-${randomUUID()}@example.com`);
    const refreshToken = String(exchanged.body.refresh_token);
    const form = { grant_type: 'refresh_token', client_id: oauth().clientId, refresh_token: refreshToken };

    const refreshed = await tokenRequest(form);
    const revoked = await fetch(new URL('/oauth2/revoke', oauth().domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: oauth().clientId }).toString(),
    });
    const afterRevoke = await tokenRequest(form);

    expect(refreshed.status).toBe(200);
    expect(claims(String(refreshed.body.id_token)).sub).toBe(claims(String(exchanged.body.id_token)).sub);
    expect(revoked.status).toBe(200);
    expect(afterRevoke.body.error).toBe('invalid_grant');
  });
});

describe('linking: one person, one cart', () => {
  it('signs a provider sign-in for a password account into that account, and the password still works', async () => {
    const user = await createUser();
    const passwordSub = claims(user.idToken).sub;

    const { exchanged } = await signInWithProvider(user.email.toUpperCase());
    const again = await cognito.send(
      new InitiateAuthCommand({
        ClientId: oauth().clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
      }),
    );

    expect(claims(String(exchanged.body.id_token)).sub).toBe(passwordSub);
    expect(claims(again.AuthenticationResult?.IdToken ?? '').sub).toBe(passwordSub);
  });

  it('refuses a later password sign-up for an email a provider sign-in created', async () => {
    const email = `federated-${randomUUID()}@example.com`;
    await signInWithProvider(email);

    const signUp = cognito.send(
      new SignUpCommand({
        ClientId: oauth().clientId,
        Username: email,
        Password: 'Correct-horse-9',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );

    await expect(signUp).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });

  it('gives the same sub on every provider sign-in of one email', async () => {
    const email = `federated-${randomUUID()}@example.com`;
    const first = await signInWithProvider(email);
    const second = await signInWithProvider(email);

    expect(claims(String(second.exchanged.body.id_token)).sub).toBe(claims(String(first.exchanged.body.id_token)).sub);
  });

  it('replaces an unconfirmed password sign-up instead of handing it the provider identity', async () => {
    const email = `federated-${randomUUID()}@example.com`;
    await cognito.send(
      new SignUpCommand({
        ClientId: oauth().clientId,
        Username: email,
        Password: 'Chosen-by-someone-else-1',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );

    const { exchanged } = await signInWithProvider(email);
    const squatter = cognito.send(
      new InitiateAuthCommand({
        ClientId: oauth().clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: 'Chosen-by-someone-else-1' },
      }),
    );

    expect(exchanged.status).toBe(200);
    await expect(squatter).rejects.toMatchObject({ name: expect.not.stringMatching(/UserNotConfirmed/) });
  });
});

describe('the hosted session', () => {
  it('signs in again without asking while it lives, and logout ends it (the next authorize asks again)', async () => {
    const jar = new CookieJar();
    const email = `federated-${randomUUID()}@example.com`;
    await signInAtLocalProvider(authorizeUrl({ ...pkce(), state: sdkState(SHOP_PAGE) }), email, jar);

    const silent = await fetch(authorizeUrl({ ...pkce(), state: sdkState(SHOP_PAGE) }), {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    const logoutUrl = new URL('/logout', oauth().domain);
    logoutUrl.searchParams.set('client_id', oauth().clientId);
    logoutUrl.searchParams.set('logout_uri', 'http://localhost:5173/');
    const logout = await fetch(logoutUrl, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(logout);
    const afterLogout = await fetch(authorizeUrl({ ...pkce(), state: sdkState(SHOP_PAGE) }), {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });

    expect(silent.status).toBe(302);
    expect(new URL(silent.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('http://localhost:5173/');
    expect(afterLogout.status).toBe(200);
    expect(await afterLogout.text()).toContain('<label for="email">Email</label>');
  });

  it('logs out to the signed-out page too, and refuses an unregistered logout_uri', async () => {
    const logout = (uri: string) => {
      const url = new URL('/logout', oauth().domain);
      url.searchParams.set('client_id', oauth().clientId);
      url.searchParams.set('logout_uri', uri);
      return fetch(url, { redirect: 'manual' });
    };

    expect((await logout(oauth().logoutUri)).status).toBe(302);
    for (const uri of ['https://evil.example/', 'http://localhost:5173/some/page', 'javascript:alert(1)']) {
      const response = await logout(uri);
      expect(response.status, uri).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });
});

describe('Cognito\u2019s first-sign-in-after-linking refusal, reproduced on request', () => {
  it('refuses the first sign-in of a newly linked email with "Already found an entry", then signs in silently', async () => {
    const { startHostedSignIn } = await import('../../src/local/emulators/hosted-sign-in/hosted-sign-in.js');
    const { silentLogger } = await import('../../src/local/support/log.js');
    const env = stackEnv().env;
    const redirectUri = oauth().redirectUri;
    const hosted = await startHostedSignIn({
      cognito: {
        endpoint: env.COGNITO_ENDPOINT ?? '',
        userPoolId: env.USER_POOL_ID ?? '',
        clientId: env.USER_POOL_CLIENT_ID ?? '',
        poolFile: stackEnv().cognitoPoolFile,
      },
      redirectUri,
      isLogoutUri: () => false,
      log: silentLogger,
      refuseFirstLinkedSignIn: true,
    });
    try {
      const user = await createUser();
      const jar = new CookieJar();
      const authorize = () => {
        const url = new URL(authorizeUrl({ ...pkce(), state: sdkState(SHOP_PAGE) }));
        return new URL(`${url.pathname}${url.search}`, hosted.url).href;
      };
      const page = await fetch(authorize());
      const fields = Object.fromEntries(
        [...(await page.text()).matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      const first = await fetch(new URL('/login', hosted.url), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, email: user.email }).toString(),
      });
      jar.store(first);
      const firstLocation = new URL(first.headers.get('location') ?? '');
      const retry = await fetch(authorize(), { redirect: 'manual', headers: { cookie: jar.header() } });

      expect(firstLocation.searchParams.get('error')).toBe('invalid_request');
      expect(firstLocation.searchParams.get('error_description')).toMatch(
        /^Already found an entry for username LocalIdP_/,
      );
      expect(firstLocation.searchParams.has('code')).toBe(false);
      expect(retry.status).toBe(302);
      expect(new URL(retry.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    } finally {
      await hosted.stop();
    }
  });
});
