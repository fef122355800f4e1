/**
 * Sign-in through the hosted sign-in (Cognito's managed login, or the local
 * stand-in) with a provider: the authorization-code flow with PKCE (S256),
 * `state` and `nonce`, in a redirect or a popup. A lazy chunk: a page that
 * never offers a provider never downloads it. docs/API.md "Federated sign-in"
 * describes the wire; the callback page on the API origin forwards the code to
 * the page (`#cartkit-auth=<code>&state=<state>`) or to the opener (postMessage).
 */
import type { Config, OAuthConfig } from '@cartkit/contract';
import type { ConfigSource } from '../http/config.js';
import { CartError } from '../errors/errors.js';
import type { Persistence } from '../store/persistence.js';
import type { Store } from '../store/store.js';
import type { AuthUser, SignInMode } from '../types.js';
import type { AuthController } from './controller.js';
import { OAuthError } from './oauth-error.js';
import { base64url, codeChallenge, randomToken } from './pkce.js';
import type { Session } from './session.js';
import { claims, toSession } from './tokens.js';

/** Where the one pending attempt waits (sessionStorage: this tab only, gone when it closes). */
export const PENDING_KEY = 'cartkit:oauth';
/** An attempt older than this is refused (the hosted sign-in's codes live 5 minutes). */
const MAX_AGE_MS = 10 * 60_000;
const SCOPE = 'openid email profile aws.cognito.signin.user.admin';
/** The longest return URL (bytes as UTF-8 ≈ characters) whose state stays within the callback page's 4096. */
const MAX_RETURN_URL = 3000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** The hosted sign-in's endpoints get as long as the API's requests (`ready()` waits for the exchange). */
const TIMEOUT_MS = 15_000;

/** What the flow touches, so tests can give their own (browsers get {@link browserEnv}). */
export interface OAuthEnv {
  clientId: string;
  /** The user pool's issuer (the ID token's `iss`): `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  issuer: string;
  /** `GET /config`'s `oauth`; null when the shop offers no provider. */
  oauth: OAuthConfig | null;
  /** Holds the pending attempt: `sessionStorage` in browsers. */
  pending: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
  /** The page: its address (the return URL), origin (the sign-out's return) and navigation. */
  page: { readonly href: string; readonly origin: string; assign(url: string): void };
  /** Where the popup's message arrives (`window`). */
  messages: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/** The attempt kept while the shopper is at the hosted sign-in. */
interface Attempt {
  state: string;
  verifier: string;
  nonce: string;
  provider: string;
  startedAt: number;
  /** This attempt is the automatic second one after `account_linked` (there is no third). */
  relinked?: boolean;
}

/** What came back from the hosted sign-in (the fragment or the popup's message). */
export interface OAuthReturn {
  code?: string | null | undefined;
  state?: string | null | undefined;
  error?: string | null | undefined;
}

/** The page's own environment. */
export function browserEnv(config: Config): OAuthEnv {
  return {
    clientId: config.userPoolClientId,
    issuer: `https://cognito-idp.${config.region}.amazonaws.com${config.region.startsWith('cn-') ? '.cn' : ''}/${config.userPoolId}`,
    oauth: config.oauth ?? null,
    pending: sessionStorage,
    fetch: (input, init) => fetch(input, init),
    page: location,
    messages: window,
  };
}

function configured(env: OAuthEnv, provider: string): OAuthConfig {
  const oauth = env.oauth;
  if (oauth?.providers.some((p) => p.id === provider)) return oauth;
  throw new OAuthError('NOT_CONFIGURED', `The shop offers no sign-in with "${provider}".`);
}

/**
 * Starts an attempt: a new verifier, nonce and state (kept as the one pending
 * attempt, replacing any earlier one) and the hosted sign-in's authorize URL.
 */
export async function authorizeUrl(
  env: OAuthEnv,
  provider: string,
  mode: SignInMode,
  relinked = false,
): Promise<string> {
  const oauth = configured(env, provider);
  const verifier = randomToken();
  const nonce = randomToken();
  // The callback page reads where to send the code from the state: this page, without its fragment
  // (and without its query when the state would pass the callback page's 4096 characters).
  let back = env.page.href.split('#')[0] ?? '';
  if (back.length > MAX_RETURN_URL) back = new URL(back).origin + new URL(back).pathname;
  if (back.length > MAX_RETURN_URL) back = `${env.page.origin}/`;
  const returnUrl = base64url(new TextEncoder().encode(back));
  const state = `${randomToken()}.${mode === 'popup' ? 'p' : 'r'}.${returnUrl}`;
  const challenge = await codeChallenge(verifier);
  const attempt: Attempt = { state, verifier, nonce, provider, startedAt: Date.now(), ...(relinked && { relinked }) };
  env.pending.setItem(PENDING_KEY, JSON.stringify(attempt));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: env.clientId,
    redirect_uri: oauth.redirectUri,
    identity_provider: provider,
    scope: SCOPE,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${oauth.domain}/oauth2/authorize?${query}`;
}

/** `#cartkit-auth=<code>&state=…` or `#cartkit-auth-error=<error>&state=…` as an {@link OAuthReturn}. */
export function parseReturn(hash: string): OAuthReturn {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { code: params.get('cartkit-auth'), error: params.get('cartkit-auth-error'), state: params.get('state') };
}

/** The pending attempt (or null), read whatever is stored. */
function pendingAttempt(env: OAuthEnv): Attempt | null {
  try {
    return JSON.parse(env.pending.getItem(PENDING_KEY) ?? 'null') as Attempt | null;
  } catch {
    return null; // unreadable: no attempt
  }
}

/** What the hosted sign-in's own errors mean for the shopper (the rest: "not completed"). */
const PROVIDER_ERRORS: Readonly<Record<string, string>> = {
  access_denied: 'The sign-in was cancelled.',
  email_missing: 'The provider shared no email address with the shop; please sign in another way.',
  email_not_verified:
    'The provider has not verified this email address; verify it there first, or sign in another way.',
  account_linked: 'Your account is linked to this provider now; please continue with it once more.',
};

/**
 * `account_linked` (docs/API.md, "Linking"): Cognito refuses the first sign-in right after it
 * linked the provider to the shopper's account, and the next one goes through silently. For the
 * pending attempt of `mode` the answer is for, once, the authorize URL of that second attempt.
 */
export async function relinkUrl(env: OAuthEnv, back: OAuthReturn, mode: SignInMode): Promise<string | undefined> {
  const attempt = pendingAttempt(env);
  if (back.error !== 'account_linked' || !attempt || attempt.relinked || back.state !== attempt.state) return;
  if (modeOf(attempt.state) !== mode || Date.now() - attempt.startedAt > MAX_AGE_MS) return;
  return authorizeUrl(env, attempt.provider, mode, true);
}

/** The mode an attempt's state names (`<random>.<r|p>.<return URL>`). */
function modeOf(state: string): SignInMode {
  return state.split('.')[1] === 'p' ? 'popup' : 'redirect';
}

/**
 * Finishes an attempt: the state must be the pending one's (which is used up
 * whatever happens), the code is exchanged at `{domain}/oauth2/token` with the
 * verifier, and the ID token must carry the attempt's nonce and this client as
 * its audience. Returns the session to keep; throws an {@link OAuthError} and
 * keeps nothing otherwise.
 */
export async function finish(env: OAuthEnv, back: OAuthReturn): Promise<Session> {
  const attempt = pendingAttempt(env);
  env.pending.removeItem(PENDING_KEY);
  if (!attempt || !back.state || back.state !== attempt.state) {
    throw new OAuthError(
      'STATE_MISMATCH',
      'This sign-in answer does not belong to a sign-in started here (it was changed, used already, or started in another tab).',
    );
  }
  if (Date.now() - attempt.startedAt > MAX_AGE_MS) {
    throw new OAuthError('STATE_MISMATCH', 'This sign-in took too long and expired; please sign in again.');
  }
  if (back.error || !back.code) {
    const error = back.error ?? 'invalid_request';
    throw new OAuthError('PROVIDER_ERROR', PROVIDER_ERRORS[error] ?? `The sign-in was not completed (${error}).`, {
      cognitoCode: error,
    });
  }
  const oauth = configured(env, attempt.provider);
  let response: Response;
  try {
    response = await env.fetch(`${oauth.domain}/oauth2/token`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: env.clientId,
        code: back.code,
        redirect_uri: oauth.redirectUri,
        code_verifier: attempt.verifier,
      }),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw new OAuthError('UNREACHABLE', 'The sign-in service could not be reached; please sign in again.', { cause });
  }
  const tokens = (await response.json().catch(() => ({}))) as {
    id_token?: string;
    access_token?: string;
    refresh_token?: string;
    error?: string;
  };
  if (!response.ok) {
    const error = typeof tokens.error === 'string' ? tokens.error : `http_${response.status}`;
    throw new OAuthError(
      'TOKEN_REFUSED',
      error === 'invalid_grant'
        ? 'This sign-in was used already or has expired; please sign in again.'
        : `The sign-in service refused the sign-in (${error}).`,
      { cognitoCode: error },
    );
  }
  let id: Record<string, unknown>;
  try {
    id = claims(tokens.id_token ?? '');
  } catch (cause) {
    throw new OAuthError('TOKEN_INVALID', 'The sign-in service sent no readable ID token.', { cause });
  }
  if (id['nonce'] !== attempt.nonce) {
    throw new OAuthError('NONCE_MISMATCH', 'The ID token was not issued for this sign-in (its nonce differs).');
  }
  if (id['aud'] !== env.clientId || !tokens.access_token) {
    throw new OAuthError('TOKEN_INVALID', 'The ID token was issued for another app (its audience differs).');
  }
  if (id['iss'] !== env.issuer) {
    throw new OAuthError(
      'TOKEN_INVALID',
      "The ID token was issued by another user pool (its issuer differs from the shop's).",
    );
  }
  // A minute's grace for the device's clock.
  if (!(Number(id['exp']) * 1000 > Date.now() - 60_000)) {
    throw new OAuthError('TOKEN_INVALID', 'The ID token has expired; please sign in again.');
  }
  const username = String(id['cognito:username'] ?? id['email'] ?? id['sub']);
  const session = toSession(
    {
      AuthenticationResult: {
        AccessToken: tokens.access_token,
        IdToken: tokens.id_token,
        RefreshToken: tokens.refresh_token,
      },
    },
    username,
  );
  return { ...session, provider: { id: attempt.provider, mode: modeOf(attempt.state) } };
}

/**
 * The popup's answer: only a `type` message from the callback page's origin and this popup counts,
 * and, given `state`, only one for that attempt (a second click hands back the same named popup,
 * so an earlier attempt still listening must not take the later one's answer).
 */
function popupAnswer(
  env: OAuthEnv,
  oauth: OAuthConfig,
  popup: Window,
  type: string,
  state?: string,
): Promise<OAuthReturn | null> {
  const origin = new URL(oauth.redirectUri).origin;
  return new Promise((resolve) => {
    const settle = (value: OAuthReturn | null) => {
      clearInterval(watch);
      env.messages.removeEventListener('message', onMessage);
      resolve(value);
    };
    const ours = () => state === undefined || pendingAttempt(env)?.state === state;
    /** An answer with another state: refused (STATE_MISMATCH) when the popup closes, if still ours. */
    let stray: OAuthReturn | null = null;
    const onMessage = (event: MessageEvent) => {
      const data = event.data as (OAuthReturn & { type?: unknown }) | null;
      if (event.origin !== origin || event.source !== popup || data?.type !== type) return;
      // An attempt that a later click replaced (same named popup) waits for the popup to close.
      if (!ours()) return;
      if (state !== undefined && data.state !== state) stray = data;
      else settle(data);
    };
    // Closed without an answer: the shopper gave up (a closed popup posts nothing).
    const watch = setInterval(() => {
      if (popup.closed) settle(ours() ? stray : null);
    }, 300);
    env.messages.addEventListener('message', onMessage);
  });
}

/**
 * `auth.signInWith`: in redirect mode the page leaves for the hosted sign-in
 * (the promise never settles; the page's next load finishes the attempt); in
 * popup mode `popup` (opened by the caller during the click, so no blocker
 * stops it) goes there and its answer is finished here.
 */
export async function signInWith(
  env: OAuthEnv,
  provider: string,
  mode: SignInMode,
  popup: Window | null,
): Promise<Session> {
  if (mode === 'popup' && !popup) {
    throw new OAuthError(
      'POPUP_BLOCKED',
      'The browser blocked the sign-in window; allow pop-ups or sign in in this page.',
    );
  }
  const url = await authorizeUrl(env, provider, mode);
  if (!popup) {
    env.page.assign(url);
    return new Promise<never>(() => {});
  }
  popup.location.href = url;
  let state = pendingAttempt(env)?.state;
  let back = await popupAnswer(env, configured(env, provider), popup, 'cartkit:auth', state);
  // account_linked: the same sign-in once more, in the same popup (silent: the provider's session lives).
  const again = back && (await relinkUrl(env, back, 'popup'));
  if (again) {
    popup.location.href = again;
    state = pendingAttempt(env)?.state;
    back = await popupAnswer(env, configured(env, provider), popup, 'cartkit:auth', state);
  }
  if (!back) {
    // Only this attempt's: a later click's attempt may be pending in the same popup.
    if (pendingAttempt(env)?.state === state) env.pending.removeItem(PENDING_KEY);
    throw new OAuthError('POPUP_CLOSED', 'The sign-in window was closed before the sign-in finished.');
  }
  return finish(env, back);
}

/**
 * After a provider session's local sign-out: revoke its refresh token (best
 * effort) and end the hosted session, so the next "Continue with" asks again:
 * the page goes to `{domain}/logout` and comes back to its origin's root, or
 * `popup` does and closes on the signed-out page's message.
 */
export async function endHosted(env: OAuthEnv, session: Session, popup: Window | null): Promise<void> {
  const oauth = env.oauth;
  if (!oauth) return;
  await env
    .fetch(`${oauth.domain}/oauth2/revoke`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ token: session.refreshToken, client_id: env.clientId }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    // Read to the end: a body still streaming when the page leaves for the logout is an aborted request.
    .then((response) => response.text())
    .catch(() => undefined);
  const logout = (uri: string) =>
    `${oauth.domain}/logout?${new URLSearchParams({ client_id: env.clientId, logout_uri: uri })}`;
  if (!popup) {
    env.page.assign(logout(`${env.page.origin}/`));
    return;
  }
  popup.location.href = logout(oauth.logoutUri);
  await popupAnswer(env, { ...oauth, redirectUri: oauth.logoutUri }, popup, 'cartkit:signed-out');
}

// ---- the client's side: its `Accounts` call these (the chunk's entry points)

/** What the entry points need from the client. */
export interface ProviderDeps {
  config: Pick<ConfigSource, 'load'>;
  store: Pick<Store, 'dispatch'>;
  session: Pick<AuthController, 'session' | 'start'>;
  persistence: Pick<Persistence, 'hydrate'>;
}

/** The client's account switching (`Accounts`): the same path as a password sign-in's. */
export interface AccountSwitch {
  clearUser(broadcast: boolean): Promise<void>;
  signedIn(next: Session): Promise<AuthUser>;
}

/** A checked provider session replaces the previous user's and merges the anonymous cart, as a password sign-in does. */
async function adopt(deps: ProviderDeps, accounts: AccountSwitch, next: Session): Promise<AuthUser> {
  await deps.persistence.hydrate();
  if (deps.session.session) await accounts.clearUser(true);
  await deps.session.start(next);
  return accounts.signedIn(next);
}

/** `auth.signInWith`: see {@link signInWith}; a popup is closed when the attempt fails. */
export async function signIn(
  deps: ProviderDeps,
  accounts: AccountSwitch,
  provider: string,
  mode: SignInMode = 'redirect',
  popup: Window | null = null,
): Promise<AuthUser> {
  try {
    const env = browserEnv(await deps.config.load());
    return await adopt(deps, accounts, await signInWith(env, provider, mode, popup));
  } catch (error) {
    popup?.close();
    throw error;
  }
}

/**
 * The page loaded with the hosted sign-in's answer in its fragment (already out of the address bar):
 * finish it. A refusal (an {@link OAuthError}, or the API unreachable) changes nothing and is the
 * snapshot's `error`, as a failed change is; `ready()` still resolves with the cart as it was.
 */
export async function complete(deps: ProviderDeps, accounts: AccountSwitch, hash: string): Promise<void> {
  try {
    const env = browserEnv(await deps.config.load());
    const back = parseReturn(hash);
    const again = await relinkUrl(env, back, 'redirect');
    if (again) return env.page.assign(again); // the second, silent sign-in; this page is leaving
    await adopt(deps, accounts, await finish(env, back));
  } catch (error) {
    // Every failure here is a CartError already (the API's, the hosted sign-in's); anything else is wrapped.
    const failure =
      error instanceof CartError
        ? error
        : new CartError({ code: 'AUTH_FAILED', message: 'The sign-in could not be finished.', cause: error });
    deps.store.dispatch({ type: 'error', error: failure });
  }
}

/**
 * `auth.signOut` of a provider session: the local sign-out as for any session, then the hosted
 * session ends (best effort: the local sign-out stands whatever the hosted sign-in answers).
 */
export async function signOut(deps: ProviderDeps, accounts: AccountSwitch, popup: Window | null): Promise<void> {
  const ended = deps.session.session;
  await accounts.clearUser(true);
  try {
    if (ended) await endHosted(browserEnv(await deps.config.load()), ended, popup);
  } catch {
    popup?.close();
  }
}
