import { createHash } from 'node:crypto';
import { escapeHtml } from '../stripe/hosted-page.js';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:26rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0003}
h1{font-size:1.25rem;margin:0 0 .5rem}.badge{display:inline-block;background:#ffe08a;color:#5c3d00;font-size:.75rem;padding:0 .4rem;border-radius:4px}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input{font:inherit;width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #6b7785;border-radius:6px}
input:focus,button:focus{outline:3px solid #1a5fd0;outline-offset:2px}
button{font:inherit;width:100%;margin-top:1rem;padding:.6rem;border-radius:6px;border:1px solid #1a5fd0;background:#1a5fd0;color:#fff;font-weight:600;cursor:pointer}
.hint{color:#4d5866;font-size:.875rem;margin:.25rem 0 0}.error{background:#fde8e8;color:#8a1c1c;border-radius:6px;padding:.6rem .8rem;margin:1rem 0}`;

/** The CSP source of the pages' one inline style block. */
export const PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/**
 * The pages' Content-Security-Policy: no script at all, and the one style block. No
 * `form-action`: Chromium applies it to every redirect that follows the form's post, and the
 * sign-in ends on the shop's own page (post → callback → the page that started it), whose
 * origin only the callback knows.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

/**
 * The local identity provider's page: one labelled email field and "Continue", a plain form
 * that works without JavaScript. `fields` are the authorize request's parameters, carried in
 * hidden inputs so the post is checked exactly as the authorize request was.
 *
 * @example
 * ```ts
 * res.end(renderIdentityPage({ providerName: 'Local provider', fields, action: '/login' }));
 * ```
 */
export function renderIdentityPage(options: {
  providerName: string;
  action: string;
  fields: Readonly<Record<string, string>>;
  email?: string;
  error?: string;
}): string {
  const hidden = Object.entries(options.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const error = options.error ? `<p class="error" id="email-error" role="alert">${escapeHtml(options.error)}</p>` : '';
  const describedBy = options.error ? 'email-hint email-error' : 'email-hint';
  return layout(
    `Sign in with ${options.providerName}`,
    `<h1>Sign in with ${escapeHtml(options.providerName)} <span class="badge">local stand-in</span></h1>
<p class="hint">A local identity provider for development: whoever types an email is signed in as that person. Nothing is sent anywhere.</p>
${error}
<form method="post" action="${escapeHtml(options.action)}">
${hidden}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required aria-describedby="${describedBy}"${options.error ? ' aria-invalid="true"' : ''} value="${escapeHtml(options.email ?? '')}">
<p class="hint" id="email-hint">The provider's verified email address.</p>
<button type="submit">Continue</button>
</form>`,
  );
}

/**
 * The hosted sign-in's error page, as Cognito shows one when it cannot redirect (an unknown
 * client or an unregistered `redirect_uri`): the OAuth error code and a sentence.
 *
 * @example
 * ```ts
 * res.end(renderErrorPage('redirect_mismatch', 'This redirect_uri is not registered for the client.'));
 * ```
 */
export function renderErrorPage(error: string, description: string): string {
  return layout(
    'Sign-in error',
    `<h1>Sign-in error</h1>
<p role="alert">An error was encountered with the requested page.</p>
<p>error=<code data-error>${escapeHtml(error)}</code></p>
<p>${escapeHtml(description)}</p>`,
  );
}
