import { CartError } from '../errors/errors.js';
import type { OAuthErrorReason } from '../types.js';

/**
 * A provider sign-in (`auth.signInWith`) was refused or could not finish; nothing
 * changed (no session stored, the pending attempt gone, the cart as it was).
 * `reason` says why; `cognitoCode` carries the OAuth `error` the hosted sign-in or
 * its token endpoint sent (`invalid_grant`, `access_denied`, …), when one did.
 * Lives in the lazy provider sign-in chunk: test with {@link isOAuthError}.
 *
 * @example
 * ```ts
 * if (isOAuthError(error) && error.reason === 'POPUP_BLOCKED') await cart.auth.signInWith('Google');
 * ```
 */
export class OAuthError extends CartError {
  override name = 'OAuthError' as const;
  declare readonly code: 'AUTH_FAILED';
  /** Why the sign-in was refused. */
  readonly reason: OAuthErrorReason;
  /** The OAuth `error` the hosted sign-in or its token endpoint sent (`invalid_grant`, `access_denied`), if any. */
  readonly cognitoCode: string | undefined;
  constructor(reason: OAuthErrorReason, message: string, init: { cognitoCode?: string; cause?: unknown } = {}) {
    super({ code: 'AUTH_FAILED', message, cause: init.cause });
    this.reason = reason;
    this.cognitoCode = init.cognitoCode;
  }
}
