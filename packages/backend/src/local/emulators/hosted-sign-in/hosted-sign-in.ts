import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { nativeUserForProvider } from '../../../adapters/account-linking.js';
import { localClientConfig } from '../../support/aws-config.js';
import type { Logger } from '../../support/log.js';
import { freePort, readTextBody } from '../../support/net.js';
import { maskEmail } from '../confirmation-codes.js';
import { type AuthorizeCheck, type AuthorizeRequest, checkAuthorizeRequest, withParams } from './authorize-request.js';
import { AuthorizationCodes } from './authorization-codes.js';
import { CognitoLocalTokens } from './cognito-tokens.js';
import { createTokenEndpoint, OAuthProblem } from './token-endpoint.js';
import { PAGE_POLICY, renderErrorPage, renderIdentityPage } from './pages.js';

/** The provider the stand-in offers: its no-JS identity page. */
export const LOCAL_PROVIDER = { id: 'LocalIdP', name: 'Local provider' } as const;

/** Options of {@link startHostedSignIn}. */
export interface HostedSignInOptions {
  readonly cognito: {
    readonly endpoint: string;
    readonly userPoolId: string;
    readonly clientId: string;
    /** cognito-local's pool file, `.cognito/db/<pool>.json`. */
    readonly poolFile: string;
  };
  /** The client's only registered callback URL (`{apiUrl}/auth/callback`). */
  readonly redirectUri: string;
  /** Is this a registered logout URL (the signed-out page, an allowed origin's root)? */
  readonly isLogoutUri: (uri: string) => boolean;
  readonly log: Logger;
  /** Port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Tests shorten the codes' 5 minutes. */
  readonly codeLifetimeMs?: number;
  /**
   * Reproduce Cognito's quirk: the first sign-in of an identity just linked to a native user is
   * refused (`error=invalid_request`, "Already found an entry for username LocalIdP_..."), and
   * the next attempt signs in (the hosted session is kept, as the provider's is). Default false.
   */
  readonly refuseFirstLinkedSignIn?: boolean;
}

/** A running hosted sign-in stand-in. */
export interface HostedSignIn {
  /** Its origin, `http://127.0.0.1:<port>`: `GET /config`'s `oauth.domain`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** How long the hosted session (the cookie) lasts; Cognito's is one hour. */
const SESSION_MS = 60 * 60_000;
const MAX_BODY = 16 * 1024;
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]{2,}$/;

function readBody(req: IncomingMessage): Promise<string> {
  return readTextBody(req, MAX_BODY, () => new OAuthProblem(413, 'invalid_request', 'Request body too large.'));
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Starts the local stand-in for Cognito's hosted sign-in (managed login) on its own loopback
 * port: `GET /oauth2/authorize`, the local identity provider's page (`POST /login`),
 * `POST /oauth2/token` (authorization_code with PKCE S256, refresh_token), `GET /logout` and
 * `POST /oauth2/revoke`, answering as Cognito does. Signing in creates or links the native user
 * in cognito-local (`adapters/account-linking.ts`, the calls the PreSignUp trigger makes on AWS)
 * and hands out cognito-local's own tokens (`cognito-tokens.ts`).
 *
 * @example
 * ```ts
 * const hosted = await startHostedSignIn({ cognito, redirectUri, isLogoutUri, log });
 * // GET `${hosted.url}/oauth2/authorize?...`
 * await hosted.stop();
 * ```
 */
export async function startHostedSignIn(options: HostedSignInOptions): Promise<HostedSignIn> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const { log } = options;
  const client = new CognitoIdentityProviderClient(localClientConfig(options.cognito.endpoint));
  const tokens = new CognitoLocalTokens({ client, ...options.cognito });
  const codes = new AuthorizationCodes({ lifetimeMs: options.codeLifetimeMs });
  const endpoint = createTokenEndpoint({ clientId: options.cognito.clientId, codes, tokens });
  // Cookies are per host, not per port: the port in the name keeps two stacks' sessions apart.
  const cookieName = `cartkit_hosted_session_${port}`;
  const sessions = new Map<string, { username: string; email: string; expiresAt: number }>();
  // The LocalIdP identities linked so far (by email): only the first sign-in of each links.
  const linked = new Set<string>();

  const registration = {
    clientId: options.cognito.clientId,
    redirectUri: options.redirectUri,
    providerId: LOCAL_PROVIDER.id,
  };
  const check = (params: URLSearchParams) => checkAuthorizeRequest(params, registration);

  function issueCode(request: AuthorizeRequest, username: string, email: string): string {
    const code = codes.issue({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      scope: request.scope,
      username,
      provider: { name: LOCAL_PROVIDER.id, userId: email },
    });
    return withParams(request.redirectUri, { code, state: request.state });
  }

  function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': PAGE_POLICY,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    res.end(html);
  }

  function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
    res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', ...headers });
    res.end();
  }

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      // Browsers call the token and revoke endpoints from the shop's page; no cookies are involved.
      'Access-Control-Allow-Origin': '*',
    });
    res.end(JSON.stringify(body));
  }

  function answerCheck(res: ServerResponse, result: Exclude<AuthorizeCheck, { ok: true }>): void {
    if ('page' in result) sendHtml(res, result.page.status, renderErrorPage(result.page.error, result.page.text));
    else redirect(res, result.redirect);
  }

  async function liveSession(req: IncomingMessage): Promise<{ username: string; email: string } | undefined> {
    const id = cookieValue(req, cookieName);
    if (!id) return undefined;
    const session = sessions.get(id);
    if (!session) return undefined;
    // Expired, or its account deleted since: the person signs in again.
    if (session.expiresAt <= Date.now() || !(await tokens.hasUser(session.username))) {
      sessions.delete(id);
      return undefined;
    }
    return session;
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): Promise<void> {
    const result = check(params);
    if (!result.ok) return answerCheck(res, result);
    const session = await liveSession(req);
    // As on Cognito: a live hosted session signs in again at once, without asking.
    if (session) return redirect(res, issueCode(result.request, session.username, session.email));
    sendHtml(
      res,
      200,
      renderIdentityPage({ providerName: LOCAL_PROVIDER.name, action: '/login', fields: result.request.fields }),
    );
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return sendHtml(res, 415, renderErrorPage('invalid_request', 'The form must be posted as a form.'));
    }
    const form = new URLSearchParams(await readBody(req));
    const result = check(form);
    if (!result.ok) return answerCheck(res, result);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    if (!EMAIL.test(email)) {
      return sendHtml(
        res,
        400,
        renderIdentityPage({
          providerName: LOCAL_PROVIDER.name,
          action: '/login',
          fields: result.request.fields,
          email: form.get('email') ?? '',
          error: 'Enter an email address, like ada@example.com.',
        }),
      );
    }
    const { username, plan } = await nativeUserForProvider(client, options.cognito.userPoolId, email);
    log.info('hosted-sign-in', 'signed in with the local provider', { email: maskEmail(email), account: plan.action });
    const sessionId = randomBytes(24).toString('base64url');
    sessions.set(sessionId, { username, email, expiresAt: Date.now() + SESSION_MS });
    const cookie = `${cookieName}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MS / 1000}`;
    const firstLink = !linked.has(email);
    linked.add(email);
    if (firstLink && options.refuseFirstLinkedSignIn) {
      return redirect(
        res,
        withParams(result.request.redirectUri, {
          error: 'invalid_request',
          error_description: `Already found an entry for username ${LOCAL_PROVIDER.id}_${email}`,
          state: result.request.state,
        }),
        { 'Set-Cookie': cookie },
      );
    }
    redirect(res, issueCode(result.request, username, email), { 'Set-Cookie': cookie });
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthProblem(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    }
    sendJson(res, 200, await endpoint.token(new URLSearchParams(await readBody(req))));
  }

  async function revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await endpoint.revoke(new URLSearchParams(await readBody(req)));
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
    res.end();
  }

  function logout(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void {
    if (params.get('client_id') !== options.cognito.clientId) {
      sendHtml(res, 400, renderErrorPage('invalid_client', 'Unknown client_id.'));
      return;
    }
    const logoutUri = params.get('logout_uri');
    if (!logoutUri || !options.isLogoutUri(logoutUri)) {
      sendHtml(res, 400, renderErrorPage('redirect_mismatch', 'This logout_uri is not registered for the client.'));
      return;
    }
    const id = cookieValue(req, cookieName);
    if (id) sessions.delete(id);
    redirect(res, logoutUri, { 'Set-Cookie': `${cookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    const key = `${req.method} ${requestUrl.pathname}`;
    if (
      req.method === 'OPTIONS' &&
      (requestUrl.pathname === '/oauth2/token' || requestUrl.pathname === '/oauth2/revoke')
    ) {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
      return void res.end();
    }
    switch (key) {
      case 'GET /oauth2/authorize':
        return authorize(req, res, requestUrl.searchParams);
      case 'POST /login':
        return login(req, res);
      case 'POST /oauth2/token':
        return token(req, res);
      case 'POST /oauth2/revoke':
        return revoke(req, res);
      case 'GET /logout':
        return logout(req, res, requestUrl.searchParams);
      default:
        sendHtml(res, 404, renderErrorPage('not_found', 'There is no such page.'));
    }
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof OAuthProblem) {
        return sendJson(res, error.status, { error: error.code, error_description: error.message });
      }
      log.error('hosted-sign-in', 'request failed', { error: String(error) });
      sendJson(res, 500, { error: 'server_error', error_description: 'The local hosted sign-in failed.' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url,
    stop: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
