import { createHash } from 'node:crypto';
import { parseSignInState, type SignInOutcome, signInFragment, signInOutcome } from '../domain/sign-in-state.js';
import type { Route } from '../http/handler.js';
import { isAllowedOrigin } from '../http/cors.js';
import type { HttpResponse } from '../http/response.js';

/**
 * Federated sign-in's two pages on the API origin (issue 18). Cognito matches `redirect_uri`
 * exactly, and a shop embeds the cart on any page of its sites, so one callback page is
 * registered and hands the code on to the page named in `state`, if its origin is allowed.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
const hash = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:26rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0003}
h1{font-size:1.25rem;margin:0 0 .5rem}a{color:#1a5fd0}`;

/** Posts the result to the window that opened the popup (only to the page's origin), then closes. */
const CALLBACK_SCRIPT = `(function(){var a=document.getElementById('back');if(!a||!window.opener)return;try{window.opener.postMessage(JSON.parse(a.getAttribute('data-message')),a.getAttribute('data-origin'));window.close()}catch(e){}})();`;
/** Tells the opener the hosted session has ended (the message carries nothing), then closes. */
const SIGNED_OUT_SCRIPT = `(function(){if(!window.opener)return;try{window.opener.postMessage({type:'cartkit:signed-out'},'*');window.close()}catch(e){}})();`;

function headers(scriptHash?: string): Record<string, string> {
  const scripts = scriptHash ? `script-src ${scriptHash}` : "script-src 'none'";
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; ${scripts}; style-src ${hash(STYLE)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

function page(title: string, body: string, script?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main>${script ? `<script>${script}</script>` : ''}</body></html>
`;
}

function html(statusCode: number, body: string, scriptHash?: string): HttpResponse {
  return { statusCode, headers: headers(scriptHash), body };
}

/** The refusal, in shopper words: nothing is forwarded anywhere. */
function unusableLink(): HttpResponse {
  return html(
    400,
    page(
      'Sign-in link not usable',
      `<h1>This sign-in link can't be used here.</h1>
<p>Go back to the shop and choose "Continue with" again. If it keeps happening, the shop's sign-in settings need a look.</p>`,
    ),
  );
}

/**
 * May this origin receive a sign-in's code? Only an origin the deployment lists (or the
 * `localhost` entry's local origins): never through `*`. CORS's wildcard is safe because
 * credentials are headers, but here it would hand the code to any site, and whoever built that
 * authorize URL holds its PKCE verifier: the shopper's account, taken.
 */
function mayReceiveSignIn(origin: string, allowList: readonly string[]): boolean {
  return isAllowedOrigin(
    origin,
    allowList.filter((entry) => entry !== '*'),
  );
}

function popupMessage(outcome: SignInOutcome, state: string): string {
  return JSON.stringify({ type: 'cartkit:auth', ...outcome, state });
}

/**
 * `GET /auth/callback?code&state` (or `?error&error_description&state`): the one callback URL
 * registered with the hosted sign-in. A `state` that is not the SDK's, or whose return page is
 * not on `ALLOWED_ORIGINS`: 400 and nothing forwarded. Redirect mode: 303 to the return page
 * with `#cartkit-auth=<code>&state=<state>`. Popup mode: a page that posts
 * `{ type: 'cartkit:auth', code | error, state }` to its opener at the return page's origin
 * and closes, with a link back (same fragment) for when it cannot.
 */
export const authCallback: Route = async (request, deps) => {
  const state = request.query.state;
  const parsed = parseSignInState(state);
  if (!state || !parsed || !mayReceiveSignIn(parsed.returnUrl.origin, deps.config.allowedOrigins)) {
    return unusableLink();
  }
  const outcome = signInOutcome(request.query);
  const target = `${parsed.returnUrl.href}#${signInFragment(outcome, state)}`;
  if (parsed.mode === 'redirect') {
    return {
      statusCode: 303,
      headers: { ...headers(), Location: target },
      body: '',
    };
  }
  const signedIn = 'code' in outcome;
  return html(
    200,
    page(
      signedIn ? 'Signed in' : 'Sign-in stopped',
      `<h1>${signedIn ? 'You\u2019re signed in.' : 'Sign-in didn\u2019t finish.'}</h1>
<p>This window closes by itself. If it stays open, <a id="back" href="${escapeHtml(target)}" data-origin="${escapeHtml(parsed.returnUrl.origin)}" data-message="${escapeHtml(popupMessage(outcome, state))}">return to the shop</a>.</p>`,
      CALLBACK_SCRIPT,
    ),
    hash(CALLBACK_SCRIPT),
  );
};

/**
 * `GET /auth/signed-out`: the registered logout URL of popup sign-out. It posts
 * `{ type: 'cartkit:signed-out' }` to its opener and closes, or says so without JavaScript.
 */
export const authSignedOut: Route = async () =>
  html(
    200,
    page(
      'Signed out',
      `<h1>You\u2019re signed out.</h1>
<p>You can close this window and return to the shop.</p>`,
      SIGNED_OUT_SCRIPT,
    ),
    hash(SIGNED_OUT_SCRIPT),
  );

/** The CSP hashes of the two pages' scripts (tests compare them with the served pages). */
export const AUTH_PAGE_SCRIPT_HASHES = { callback: hash(CALLBACK_SCRIPT), signedOut: hash(SIGNED_OUT_SCRIPT) };
