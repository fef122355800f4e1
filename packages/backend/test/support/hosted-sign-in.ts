import { createHash, randomBytes } from 'node:crypto';
import type { OAuthConfig } from '@cartkit/contract';
import { stackEnv } from './stack.js';

/** The stack's federated sign-in settings (`OAUTH_CONFIG`, what `GET /config` announces). */
export function oauth(): OAuthConfig & { clientId: string } {
  const { env } = stackEnv();
  const raw = env.OAUTH_CONFIG;
  if (!raw) throw new Error('the local stack set no OAUTH_CONFIG');
  return { ...(JSON.parse(raw) as OAuthConfig), clientId: env.USER_POOL_CLIENT_ID ?? '' };
}

/** A PKCE pair and a nonce, as the SDK makes them. */
export function pkce(): { verifier: string; challenge: string; nonce: string } {
  const verifier = randomBytes(32).toString('base64url');
  return {
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  };
}

/** The SDK's `state`: random, mode, base64url(return URL). */
export function sdkState(returnUrl: string, mode: 'r' | 'p' = 'r'): string {
  return `${randomBytes(16).toString('base64url')}.${mode}.${Buffer.from(returnUrl).toString('base64url')}`;
}

/** The authorize URL with the SDK's parameters; `overrides` replace (or, as undefined, drop) any of them. */
export function authorizeUrl(
  params: { challenge: string; nonce: string; state: string },
  overrides: Record<string, string | undefined> = {},
): string {
  const config = oauth();
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    identity_provider: 'LocalIdP',
    scope: 'openid email profile aws.cognito.signin.user.admin',
    state: params.state,
    nonce: params.nonce,
    code_challenge: params.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL('/oauth2/authorize', config.domain);
  for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

/** A browser's cookie jar for the stand-in's origin (one cookie is all it sets). */
export class CookieJar {
  #cookies = new Map<string, string>();
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', ...rest] = pair.split('=');
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.#cookies.delete(name.trim());
      else this.#cookies.set(name.trim(), rest.join('='));
    }
  }
}

/** The hidden fields of the identity page's form. */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] ?? ''] = (match[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  }
  return fields;
}

/**
 * What a browser does on the identity page: opens the authorize URL, types `email`, presses
 * Continue. Returns the redirect the stand-in answered with (to the callback, with the code).
 */
export async function signInAtLocalProvider(
  authorize: string,
  email: string,
  jar = new CookieJar(),
): Promise<{ location: URL; page: Response }> {
  const page = await fetch(authorize, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(page);
  if (page.status === 302) return { location: new URL(page.headers.get('location') ?? ''), page };
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${html}`);
  const posted = await fetch(new URL('/login', oauth().domain), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ ...formFields(html), email }).toString(),
  });
  jar.store(posted);
  if (posted.status !== 302) throw new Error(`the identity page answered ${posted.status}: ${await posted.text()}`);
  return { location: new URL(posted.headers.get('location') ?? ''), page };
}

/** `POST {domain}/oauth2/token` with a form, as the SDK sends it. */
export async function tokenRequest(
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/oauth2/token', oauth().domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The claims of a JWT (not verified: the backend's own verifier does that in the tests). */
export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
