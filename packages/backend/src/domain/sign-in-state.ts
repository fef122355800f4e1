/**
 * Federated sign-in's `state` (issue 18), as the SDK makes it and the callback page reads it:
 * `<random base64url, 22+ chars>.<mode: r|p>.<base64url(returnUrl)>`. The random part makes
 * it unguessable (the SDK compares it with the one it stored); the rest tells the callback
 * page where to hand the code back, and how.
 */

/** `r`: redirect back to the page; `p`: post to the popup's opener. */
export type SignInMode = 'redirect' | 'popup';

export interface SignInState {
  readonly mode: SignInMode;
  /** The page that started the sign-in, without its fragment. */
  readonly returnUrl: URL;
}

const NONCE_PART = /^[A-Za-z0-9_-]{22,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Reads a `state`; undefined when it is not of the SDK's form or its return URL is not an
 * absolute http(s) URL. Whether the URL's origin may receive the code is the caller's check.
 *
 * @example
 * ```ts
 * parseSignInState(`${random}.r.${Buffer.from('https://shop.example/p').toString('base64url')}`);
 * // { mode: 'redirect', returnUrl: URL('https://shop.example/p') }
 * ```
 */
export function parseSignInState(state: string | undefined): SignInState | undefined {
  if (state === undefined || state.length > 4096) return undefined;
  const parts = state.split('.');
  if (parts.length !== 3) return undefined;
  const [nonce = '', mode, encoded = ''] = parts;
  if (!NONCE_PART.test(nonce) || (mode !== 'r' && mode !== 'p') || !BASE64URL.test(encoded)) return undefined;
  let returnUrl: URL;
  try {
    returnUrl = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (returnUrl.protocol !== 'https:' && returnUrl.protocol !== 'http:') return undefined;
  if (returnUrl.username || returnUrl.password) return undefined;
  returnUrl.hash = '';
  return { mode: mode === 'r' ? 'redirect' : 'popup', returnUrl };
}

/** What the hosted sign-in sent to the callback: a code, or an error. */
export type SignInOutcome = { readonly code: string } | { readonly error: string };

/**
 * The error the page is told when Cognito refused the first sign-in of a just-linked identity:
 * the PreSignUp trigger links the provider identity to the native user and then stops that
 * sign-in on purpose (see `handlers/pre-sign-up.ts`), and Cognito itself answers "Already found
 * an entry for username ..." in the same case. The next attempt signs in as the linked user,
 * so the SDK starts the same sign-in once more when it sees this code.
 */
export const ACCOUNT_LINKED_ERROR = 'account_linked';
/** The message the PreSignUp trigger stops a just-linked sign-in with (Cognito prefixes it). */
export const ACCOUNT_LINKED_MARKER = 'CARTKIT_ACCOUNT_LINKED';

/**
 * The PreSignUp trigger's other refusals: the marker it throws (Cognito passes the message on
 * in `error_description`) and the error the callback page forwards for it.
 */
export const SIGN_UP_REFUSALS = {
  emailMissing: { marker: 'CARTKIT_EMAIL_MISSING', error: 'email_missing' },
  emailNotVerified: { marker: 'CARTKIT_EMAIL_NOT_VERIFIED', error: 'email_not_verified' },
} as const;

/**
 * The callback's query as an outcome: the code, else the OAuth error (the two linking
 * refusals above become {@link ACCOUNT_LINKED_ERROR}, the trigger's others their `error`), else
 * `invalid_request`.
 */
export function signInOutcome(query: Readonly<Record<string, string | undefined>>): SignInOutcome {
  const code = query.code;
  if (code && /^[A-Za-z0-9._~-]{1,512}$/.test(code)) return { code };
  const description = query.error_description ?? '';
  if (description.includes(ACCOUNT_LINKED_MARKER) || description.startsWith('Already found an entry for username')) {
    return { error: ACCOUNT_LINKED_ERROR };
  }
  for (const refusal of Object.values(SIGN_UP_REFUSALS)) {
    if (description.includes(refusal.marker)) return { error: refusal.error };
  }
  const error = query.error;
  return { error: error && /^[a-z_]{1,64}$/.test(error) ? error : 'invalid_request' };
}

/**
 * The fragment the page reads: `cartkit-auth=<code>&state=<state>`, or
 * `cartkit-auth-error=<error>&state=<state>`.
 *
 * @example
 * ```ts
 * signInFragment({ code: 'abc' }, state); // 'cartkit-auth=abc&state=...'
 * ```
 */
export function signInFragment(outcome: SignInOutcome, state: string): string {
  const params = new URLSearchParams();
  if ('code' in outcome) params.set('cartkit-auth', outcome.code);
  else params.set('cartkit-auth-error', outcome.error);
  params.set('state', state);
  return params.toString();
}
