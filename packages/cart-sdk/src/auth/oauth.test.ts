import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CartClient, isOAuthError, type OAuthError, type StorageAdapter } from '../index.js';
import { API, HOSTED, OAUTH } from '../../test/support/fake-api.js';
import { fakePopup, message, stubPage } from '../../test/support/page.js';
import { until, useFakeApi } from '../../test/support/setup.js';
import { inspectableStorage } from '../../test/support/storage.js';
import { vi } from 'vitest';
import { codeChallenge } from './pkce.js';

const ctx = useFakeApi();
const SHOP = 'https://shop.example/p/tee?size=M';
let page: ReturnType<typeof stubPage>;

beforeEach(() => {
  page = stubPage(`${SHOP}#reviews`);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The query of the authorize URL the page went to (the last one). */
function authorize(url = page.assigned.at(-1) ?? ''): URLSearchParams {
  expect(url.startsWith(`${HOSTED}/oauth2/authorize?`)).toBe(true);
  return new URL(url).searchParams;
}

/** The pending attempt as stored in sessionStorage. */
function pending(): { state: string; verifier: string; nonce: string; provider: string; startedAt: number } | null {
  return JSON.parse(page.sessionStorage.getItem('cartkit:oauth') ?? 'null');
}

/** Start a redirect sign-in (its promise never settles: the page leaves). */
async function startRedirect(client: CartClient): Promise<URLSearchParams> {
  const before = page.assigned.length;
  void client.auth.signInWith('Google');
  await until(() => page.assigned.length > before);
  return authorize();
}

/** The page's next load with `fragment`, and its client (same device storage, same tab). */
function returnTo(fragment: string, storage: StorageAdapter): CartClient {
  page.load(`${SHOP}${fragment}`);
  return ctx.make({ storage }).client;
}

const tokenRequests = () => ctx.api.requests.filter((r) => r.path === 'hosted:/oauth2/token');

async function anonymousWithTee() {
  const storage = inspectableStorage();
  const { client } = ctx.make({ storage });
  await client.ready();
  await client.add('TEE', 2);
  return { client, storage };
}

async function refusal(client: CartClient): Promise<OAuthError> {
  await client.ready();
  const error = client.getSnapshot().error;
  expect(isOAuthError(error)).toBe(true);
  return error as OAuthError;
}

describe('auth.signInWith, redirect mode', () => {
  it('goes to the hosted sign-in with PKCE S256, a fresh state and nonce, and keeps one pending attempt', async () => {
    const { client } = await anonymousWithTee();

    const query = await startRedirect(client);

    expect(Object.fromEntries(query)).toMatchObject({
      response_type: 'code',
      client_id: 'client1',
      redirect_uri: OAUTH.redirectUri,
      identity_provider: 'Google',
      scope: 'openid email profile aws.cognito.signin.user.admin',
      code_challenge_method: 'S256',
    });
    const attempt = pending()!;
    expect(attempt).toMatchObject({ provider: 'Google', state: query.get('state'), nonce: query.get('nonce') });
    expect(query.get('code_challenge')).toBe(await codeChallenge(attempt.verifier));
    expect(attempt.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(attempt.nonce).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    // state = <random>.<mode>.<base64url(this page without its fragment)>, what the callback page reads.
    const [random, mode, returnUrl] = attempt.state.split('.');
    expect(random).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(mode).toBe('r');
    expect(Buffer.from(returnUrl ?? '', 'base64url').toString()).toBe(SHOP);

    // A second attempt replaces the first, with values of its own.
    const again = await startRedirect(client);
    expect(again.get('state')).not.toBe(query.get('state'));
    expect(again.get('nonce')).not.toBe(query.get('nonce'));
    expect(again.get('code_challenge')).not.toBe(query.get('code_challenge'));
    expect(pending()?.state).toBe(again.get('state'));
  });

  it('a page address too long for the callback page (state over 4096 characters) returns to the page without its query', async () => {
    page.load(`https://shop.example/p/tee?utm=${'x'.repeat(5000)}#reviews`);
    const { client } = await anonymousWithTee();

    const query = await startRedirect(client);

    const state = query.get('state') ?? '';
    expect(state.length).toBeLessThanOrEqual(4096);
    expect(Buffer.from(state.split('.')[2] ?? '', 'base64url').toString()).toBe('https://shop.example/p/tee');
  });

  it('the next load finishes it: the fragment leaves at once, the session is kept and refreshed, the cart merged', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const attempt = pending()!;
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com');

    const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
    const ready = back.ready();

    expect(location.hash).toBe(''); // before any await: not in the address bar, the history or a shared link
    expect(page.url).toBe(SHOP);
    await ready;
    expect(back.getSnapshot().error).toBeNull();
    expect(back.auth.currentUser()).toEqual({ userId: 'sub-ada@example.com', email: 'ada@example.com' });
    expect(back.getSnapshot().cart?.items.map((l) => [l.sku, l.quantity])).toEqual([['TEE', 2]]);
    expect(tokenRequests().map((r) => r.body)).toEqual([
      {
        grant_type: 'authorization_code',
        client_id: 'client1',
        code,
        redirect_uri: OAUTH.redirectUri,
        code_verifier: attempt.verifier,
      },
    ]);
    // The merge is the password sign-in's: one POST /cart/merge with the user's token and the anonymous cart's.
    const merges = ctx.api.requests.filter((r) => r.path === '/cart/merge');
    expect(merges).toHaveLength(1);
    expect(merges[0]?.headers['authorization']).toMatch(/^Bearer /);
    expect(merges[0]?.headers['x-cart-token']).toBeTruthy();
    expect(pending()).toBeNull();
    const session = [...storage.map.entries()].find(([key]) => key.includes('session'))?.[1] ?? '';
    expect(JSON.parse(session)).toMatchObject({ provider: { id: 'Google', mode: 'redirect' } });

    // Refreshed exactly like a password session (REFRESH_TOKEN_AUTH), and still a provider session after.
    ctx.api.revokeAccessTokens();
    await back.refresh();
    const refresh = ctx.api.requests.find((r) => r.path === 'cognito:InitiateAuth');
    expect(refresh?.body).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'refresh-ada@example.com' },
    });
    const refreshed = [...storage.map.entries()].find(([key]) => key.includes('session'))?.[1] ?? '';
    expect(JSON.parse(refreshed)).toMatchObject({ provider: { id: 'Google', mode: 'redirect' } });
  });

  it('a replayed answer (the same fragment on a later load) is refused with STATE_MISMATCH and changes nothing', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const fragment = `#cartkit-auth=${ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com')}&state=${query.get('state')}`;
    const first = returnTo(fragment, storage);
    await first.ready();
    const signedIn = first.getSnapshot();

    const replay = returnTo(fragment, storage);
    const error = await refusal(replay);

    expect(error.reason).toBe('STATE_MISMATCH');
    expect(error.message).toMatch(/does not belong to a sign-in started here/);
    expect(tokenRequests()).toHaveLength(1);
    expect(replay.auth.currentUser()).toEqual(signedIn.user);
    expect(replay.getSnapshot().cart?.items).toEqual(signedIn.cart?.items);
  });

  it('a tampered state is refused with STATE_MISMATCH: no code exchange, still anonymous, the attempt used up', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com');
    const state = query.get('state')!;
    const tampered = `${state.slice(0, 5)}${state[5] === 'A' ? 'B' : 'A'}${state.slice(6)}`;

    const back = returnTo(`#cartkit-auth=${code}&state=${tampered}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('STATE_MISMATCH');
    expect(tokenRequests()).toHaveLength(0);
    expect(back.auth.currentUser()).toBeNull();
    expect(back.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
    expect(ctx.api.requests.some((r) => r.path === '/cart/merge')).toBe(false);
    expect(pending()).toBeNull();
    expect(location.hash).toBe('');
  });

  it('an ID token without the attempt’s nonce is refused with NONCE_MISMATCH; its tokens are not kept', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com', { nonce: 'someone-elses-nonce' });

    const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('NONCE_MISMATCH');
    expect(back.auth.currentUser()).toBeNull();
    expect(await back.auth.getAccessToken()).toBeNull();
    expect([...storage.map.keys()].some((key) => key.includes('session') && storage.map.get(key) !== 'null')).toBe(
      false,
    );
    expect(back.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
  });

  it('an ID token for another app (its aud) is refused with TOKEN_INVALID', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com', { aud: 'another-client' });

    const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('TOKEN_INVALID');
    expect(error.message).toMatch(/audience/);
    expect(back.auth.currentUser()).toBeNull();
  });

  it('an ID token from another issuer (another pool, another region) is refused with TOKEN_INVALID', async () => {
    for (const iss of [
      'https://cognito-idp.local.amazonaws.com/another_pool',
      'https://cognito-idp.eu-west-1.amazonaws.com/local_pool1',
      'https://evil.example/local_pool1',
    ]) {
      const { client, storage } = await anonymousWithTee();
      const query = await startRedirect(client);
      const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com', { iss });

      const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
      const error = await refusal(back);

      expect(error.reason, iss).toBe('TOKEN_INVALID');
      expect(error.message).toMatch(/issuer/);
      expect(back.auth.currentUser()).toBeNull();
      expect(back.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
    }
  });

  it('an expired ID token is refused with TOKEN_INVALID', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const exp = Math.floor(Date.now() / 1000) - 600;
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com', { exp });

    const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('TOKEN_INVALID');
    expect(error.message).toMatch(/expired/);
    expect(back.auth.currentUser()).toBeNull();
    expect(ctx.api.requests.some((r) => r.path === '/cart/merge')).toBe(false);
  });

  it('a code used twice is refused by the token endpoint (invalid_grant) and signs nobody in', async () => {
    const { client, storage } = await anonymousWithTee();
    const first = await startRedirect(client);
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com');
    const signedIn = returnTo(`#cartkit-auth=${code}&state=${first.get('state')}`, storage);
    await signedIn.ready();
    await signedIn.auth.signOut();
    const second = await startRedirect(signedIn);

    const back = returnTo(`#cartkit-auth=${code}&state=${second.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('TOKEN_REFUSED');
    expect(error.cognitoCode).toBe('invalid_grant');
    expect(error.message).toMatch(/used already or has expired/);
    expect(tokenRequests()).toHaveLength(2);
    expect(back.auth.currentUser()).toBeNull();
  });

  it('the hosted sign-in’s error (#cartkit-auth-error=) is a PROVIDER_ERROR, with no code exchange', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);

    const back = returnTo(`#cartkit-auth-error=access_denied&state=${query.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('PROVIDER_ERROR');
    expect(error.cognitoCode).toBe('access_denied');
    expect(tokenRequests()).toHaveLength(0);
    expect(location.hash).toBe('');
    expect(back.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
  });

  it('account_linked (the first sign-in after linking) starts the same sign-in once more, and only once', async () => {
    const { client, storage } = await anonymousWithTee();
    const first = await startRedirect(client);

    const linked = returnTo(`#cartkit-auth-error=account_linked&state=${first.get('state')}`, storage);
    await linked.ready();
    const second = authorize();
    expect(second.get('identity_provider')).toBe('Google');
    expect(second.get('state')).not.toBe(first.get('state'));
    expect(pending()).toMatchObject({ state: second.get('state'), relinked: true });
    expect(linked.getSnapshot().error).toBeNull();

    // The same answer to the second attempt is not followed a third time.
    const again = returnTo(`#cartkit-auth-error=account_linked&state=${second.get('state')}`, storage);
    const error = await refusal(again);
    expect(error.reason).toBe('PROVIDER_ERROR');
    expect(error.cognitoCode).toBe('account_linked');
    expect(page.assigned).toHaveLength(2);
  });

  it('the second attempt after account_linked signs in as any other', async () => {
    const { client, storage } = await anonymousWithTee();
    const first = await startRedirect(client);
    await returnTo(`#cartkit-auth-error=account_linked&state=${first.get('state')}`, storage).ready();
    const second = authorize();
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com');

    const back = returnTo(`#cartkit-auth=${code}&state=${second.get('state')}`, storage);
    await back.ready();

    expect(back.auth.currentUser()?.email).toBe('ada@example.com');
    expect(back.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
  });

  it('an unverified provider email is refused in words the shopper can act on', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);

    const back = returnTo(`#cartkit-auth-error=email_not_verified&state=${query.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('PROVIDER_ERROR');
    expect(error.cognitoCode).toBe('email_not_verified');
    expect(error.message).toMatch(/not verified this email address/);
    expect(page.assigned).toHaveLength(1);
  });

  it('a token endpoint that cannot be reached is UNREACHABLE, and nothing is kept', async () => {
    ctx.server.use(http.post(`${HOSTED}/oauth2/token`, () => HttpResponse.error()));
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com');

    const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
    const error = await refusal(back);

    expect(error.reason).toBe('UNREACHABLE');
    expect(back.auth.currentUser()).toBeNull();
    expect(back.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
  });

  it('a complete config given to the client carries its oauth: no GET /config needed', async () => {
    const { client } = ctx.make({
      config: { userPoolId: 'local_pool1', userPoolClientId: 'client1', realtimeUrl: '', oauth: OAUTH },
    });

    const query = await startRedirect(client);

    expect(query.get('identity_provider')).toBe('Google');
    expect(ctx.api.requests.some((r) => r.path === '/config')).toBe(false);
  });

  it('a provider the shop does not offer is NOT_CONFIGURED, and the page stays', async () => {
    const { client } = await anonymousWithTee();

    const error = await client.auth.signInWith('Facebook').catch((e: unknown) => e);

    expect(isOAuthError(error) && error.reason).toBe('NOT_CONFIGURED');
    expect(page.assigned).toEqual([]);
    expect(pending()).toBeNull();
  });
});

describe('auth.signInWith, popup mode', () => {
  const CALLBACK_ORIGIN = new URL(OAUTH.redirectUri).origin;

  it('accepts the answer only from the callback page’s origin and the popup itself, then merges', async () => {
    const { client } = await anonymousWithTee();
    const signingIn = client.auth.signInWith('Google', { mode: 'popup' });
    const popup = page.popups[0]!;
    await until(() => popup.location.href.startsWith(HOSTED));
    const query = authorize(popup.location.href);
    expect(query.get('state')?.split('.')[1]).toBe('p');
    const code = ctx.api.issueCode(popup.location.href, 'ada@example.com');
    const answer = { type: 'cartkit:auth', code, state: query.get('state') };

    page.window.dispatchEvent(message(answer, 'https://evil.example', popup)); // another origin
    page.window.dispatchEvent(message(answer, CALLBACK_ORIGIN, fakePopup())); // another window
    page.window.dispatchEvent(message({ ...answer, type: 'other' }, CALLBACK_ORIGIN, popup)); // not ours
    await new Promise((r) => setTimeout(r, 20));
    expect(tokenRequests()).toHaveLength(0);
    expect(pending()).not.toBeNull();
    page.window.dispatchEvent(message(answer, CALLBACK_ORIGIN, popup));

    expect(await signingIn).toEqual({ userId: 'sub-ada@example.com', email: 'ada@example.com' });
    expect(tokenRequests()).toHaveLength(1);
    expect(client.getSnapshot().cart?.items.map((l) => [l.sku, l.quantity])).toEqual([['TEE', 2]]);
    expect(page.assigned).toEqual([]); // the page never left
  });

  it('account_linked in the popup starts the same sign-in once more in that popup, and only once', async () => {
    const { client } = await anonymousWithTee();
    const signingIn = client.auth.signInWith('Google', { mode: 'popup' });
    const popup = page.popups[0]!;
    await until(() => popup.location.href.startsWith(HOSTED));
    const first = authorize(popup.location.href);

    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', error: 'account_linked', state: first.get('state') }, CALLBACK_ORIGIN, popup),
    );
    await until(() => authorize(popup.location.href).get('state') !== first.get('state'));
    const second = authorize(popup.location.href);
    expect(second.get('state')?.split('.')[1]).toBe('p');
    expect(second.get('identity_provider')).toBe('Google');
    expect(tokenRequests()).toHaveLength(0);
    const code = ctx.api.issueCode(popup.location.href, 'ada@example.com');
    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', code, state: second.get('state') }, CALLBACK_ORIGIN, popup),
    );

    expect(await signingIn).toEqual({ userId: 'sub-ada@example.com', email: 'ada@example.com' });
    expect(page.assigned).toEqual([]);

    // A second account_linked for the retried attempt is an error, not a third attempt.
    const again = client.auth.signInWith('Google', { mode: 'popup' }).catch((e: unknown) => e);
    const popup2 = page.popups.at(-1)!;
    await until(() => popup2.location.href.startsWith(HOSTED));
    const third = authorize(popup2.location.href);
    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', error: 'account_linked', state: third.get('state') }, CALLBACK_ORIGIN, popup2),
    );
    await until(() => authorize(popup2.location.href).get('state') !== third.get('state'));
    const fourth = authorize(popup2.location.href);
    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', error: 'account_linked', state: fourth.get('state') }, CALLBACK_ORIGIN, popup2),
    );
    const error = await again;
    expect(isOAuthError(error) && error.reason).toBe('PROVIDER_ERROR');
    expect(authorize(popup2.location.href).get('state')).toBe(fourth.get('state'));
  });

  it('a blocked popup is POPUP_BLOCKED, with nothing stored', async () => {
    page.blockPopups = true;
    const { client } = await anonymousWithTee();

    const error = await client.auth.signInWith('Google', { mode: 'popup' }).catch((e: unknown) => e);

    expect(isOAuthError(error) && error.reason).toBe('POPUP_BLOCKED');
    expect(pending()).toBeNull();
  });

  it('a second click while the popup is open (the browser hands back the same named popup) signs in once, for the second attempt only', async () => {
    const { client } = await anonymousWithTee();
    const shared = fakePopup();
    vi.stubGlobal('open', () => shared); // open('', 'cartkit-auth', …) again: the window of that name
    const firstCall = client.auth.signInWith('Google', { mode: 'popup' }).catch((e: unknown) => e);
    await until(() => shared.location.href.startsWith(HOSTED));
    const first = authorize(shared.location.href);
    const secondCall = client.auth.signInWith('Google', { mode: 'popup' });
    await until(() => authorize(shared.location.href).get('state') !== first.get('state'));
    const second = authorize(shared.location.href);
    const code = ctx.api.issueCode(shared.location.href, 'ada@example.com');

    // The first attempt's answer, arriving late, is not the second's; then the second's own.
    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', code: 'stale', state: first.get('state') }, CALLBACK_ORIGIN, shared),
    );
    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', code, state: second.get('state') }, CALLBACK_ORIGIN, shared),
    );

    expect(await secondCall).toEqual({ userId: 'sub-ada@example.com', email: 'ada@example.com' });
    shared.close(); // the callback page closes itself
    const error = await firstCall;
    expect(isOAuthError(error) && error.reason).toBe('POPUP_CLOSED');
    expect(tokenRequests().map((r) => (r.body as Record<string, string>)['code'])).toEqual([code]);
    expect(client.auth.currentUser()).toEqual({ userId: 'sub-ada@example.com', email: 'ada@example.com' });
    expect(ctx.api.requests.filter((r) => r.path === '/cart/merge')).toHaveLength(1);
  });

  it('an answer with a tampered state in the popup is refused with STATE_MISMATCH, changing nothing', async () => {
    const { client } = await anonymousWithTee();
    const signingIn = client.auth.signInWith('Google', { mode: 'popup' }).catch((e: unknown) => e);
    const popup = page.popups[0]!;
    await until(() => popup.location.href.startsWith(HOSTED));
    const code = ctx.api.issueCode(popup.location.href, 'ada@example.com');

    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', code, state: 'x'.repeat(22) + '.p.aGk' }, CALLBACK_ORIGIN, popup),
    );
    popup.close(); // the callback page closes itself

    const error = await signingIn;
    expect(isOAuthError(error) && error.reason).toBe('STATE_MISMATCH');
    expect(tokenRequests()).toHaveLength(0);
    expect(pending()).toBeNull();
    expect(client.auth.currentUser()).toBeNull();
    expect(client.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE']);
  });

  it('a popup closed before the end is POPUP_CLOSED, and the attempt is dropped', async () => {
    const { client } = await anonymousWithTee();
    const signingIn = client.auth.signInWith('Google', { mode: 'popup' }).catch((e: unknown) => e);
    const popup = page.popups[0]!;
    await until(() => popup.location.href.startsWith(HOSTED));

    popup.close();

    const error = await signingIn;
    expect(isOAuthError(error) && error.reason).toBe('POPUP_CLOSED');
    expect(pending()).toBeNull();
    expect(client.auth.currentUser()).toBeNull();
  });
});

describe('signing out of a provider session', () => {
  it('revokes the refresh token and goes through the hosted logout back to the origin’s root', async () => {
    const { client, storage } = await anonymousWithTee();
    const query = await startRedirect(client);
    const code = ctx.api.issueCode(page.assigned.at(-1)!, 'ada@example.com');
    const back = returnTo(`#cartkit-auth=${code}&state=${query.get('state')}`, storage);
    await back.ready();

    await back.auth.signOut();

    expect(back.auth.currentUser()).toBeNull();
    const revoke = ctx.api.requests.find((r) => r.path === 'hosted:/oauth2/revoke');
    expect(revoke?.body).toEqual({ token: 'refresh-ada@example.com', client_id: 'client1' });
    const logout = new URL(page.assigned.at(-1)!);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${HOSTED}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: 'client1',
      logout_uri: 'https://shop.example/',
    });
  });

  it('after a popup sign-in, a popup goes through the hosted logout to the signed-out page', async () => {
    const { client } = await anonymousWithTee();
    const signingIn = client.auth.signInWith('Google', { mode: 'popup' });
    const popup = page.popups[0]!;
    await until(() => popup.location.href.startsWith(HOSTED));
    const query = authorize(popup.location.href);
    const code = ctx.api.issueCode(popup.location.href, 'ada@example.com');
    page.window.dispatchEvent(
      message({ type: 'cartkit:auth', code, state: query.get('state') }, new URL(API).origin, popup),
    );
    await signingIn;

    const signingOut = client.auth.signOut();
    const logoutPopup = page.popups[1]!;
    await until(() => logoutPopup.location.href.startsWith(HOSTED));
    expect(new URL(logoutPopup.location.href).searchParams.get('logout_uri')).toBe(OAUTH.logoutUri);
    page.window.dispatchEvent(message({ type: 'cartkit:signed-out' }, new URL(API).origin, logoutPopup));
    await signingOut;

    expect(client.auth.currentUser()).toBeNull();
    expect(page.assigned).toEqual([]);
  });

  it('a password session signs out as before: no revoke, no hosted logout', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });

    await client.auth.signOut();

    expect(ctx.api.requests.some((r) => r.path.startsWith('hosted:'))).toBe(false);
    expect(page.assigned).toEqual([]);
  });
});
