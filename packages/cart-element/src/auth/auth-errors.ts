import { isAuthError, isOAuthError, isUnreachableError } from '../sdk.js';
import type { CartStrings } from '../strings.js';
import type { AuthStrings } from './auth-strings.js';

/** What the panel was doing when Cognito answered. */
export type AuthOperation = 'signIn' | 'signUp' | 'confirm' | 'resend' | 'forgot' | 'reset' | 'provider';

/** A key of the strings the panel can show. */
export type AuthMessage = keyof AuthStrings | 'errorUnreachable' | 'errorGeneric';

const TOO_MANY = new Set(['LimitExceededException', 'TooManyRequestsException', 'TooManyFailedAttemptsException']);
const NO_SUCH_USER = ['UserNotFoundException', 'NotAuthorizedException', 'InvalidParameterException'];

// Per operation, Cognito's code → the message. Anything unlisted is the generic string:
// Cognito's own English (and whatever it says about the account) never reaches the shopper.
const MESSAGES: Record<AuthOperation, Record<string, keyof AuthStrings>> = {
  signIn: {
    NotAuthorizedException: 'errorSignIn',
    UserNotFoundException: 'errorSignIn',
    InvalidPasswordException: 'errorSignIn', // cognito-local's answer to a wrong password
    InvalidParameterException: 'errorSignIn',
    NewPasswordRequired: 'errorAccountUnsupported',
    MfaRequired: 'errorAccountUnsupported',
  },
  signUp: { InvalidPasswordException: 'errorPasswordPolicy', InvalidParameterException: 'errorCheckInput' },
  confirm: {
    CodeMismatchException: 'errorCode',
    ExpiredCodeException: 'errorCode',
    UserNotFoundException: 'errorCode',
    NotAuthorizedException: 'errorCode',
  },
  resend: {},
  forgot: {},
  provider: {},
  reset: {
    CodeMismatchException: 'errorCode',
    ExpiredCodeException: 'errorCode',
    UserNotFoundException: 'errorCode',
    InvalidPasswordException: 'errorPasswordPolicy',
    InvalidParameterException: 'errorPasswordPolicy',
  },
};

// A refused provider sign-in (the SDK's OAuthError): the hosted sign-in's own errors the shopper can act on.
const PROVIDER_MESSAGES: Record<string, keyof AuthStrings> = {
  email_missing: 'errorProviderEmailMissing',
  email_not_verified: 'errorProviderEmailUnverified',
};

/**
 * The message for a refused provider sign-in, or undefined when `error` is not one.
 *
 * @example
 * ```ts
 * providerMessage(oauthError); // 'errorProviderEmailUnverified' for cognitoCode 'email_not_verified'
 * ```
 */
export function providerMessage(error: unknown): keyof AuthStrings | undefined {
  if (!isOAuthError(error)) return undefined;
  return PROVIDER_MESSAGES[error.cognitoCode ?? ''] ?? 'errorProviderSignIn';
}

/** Cognito's code of an SDK `AuthError`, if it is one. */
export function cognitoCode(error: unknown): string | undefined {
  return isAuthError(error) ? error.cognitoCode : undefined;
}

/**
 * Whether `error` must get the same answer as success, so the answer does not
 * tell whether the address has an account: sign-up of a taken address, and a
 * reset or a new code asked for an unknown (or already confirmed) one.
 */
export function answersAsSuccess(operation: AuthOperation, error: unknown): boolean {
  const code = cognitoCode(error) ?? '';
  if (operation === 'signUp') return code === 'UsernameExistsException';
  if (operation === 'forgot' || operation === 'resend') return NO_SUCH_USER.includes(code);
  return false;
}

/**
 * The message for a failed auth call: a replaceable string, never Cognito's text.
 *
 * @example
 * ```ts
 * authMessage('signIn', new AuthError({ cognitoCode: 'UserNotFoundException' })); // 'errorSignIn'
 * ```
 */
export function authMessage(operation: AuthOperation, error: unknown): AuthMessage {
  if (isUnreachableError(error)) return 'errorUnreachable';
  if (operation === 'provider' || isOAuthError(error)) return providerMessage(error) ?? 'errorProviderSignIn';
  const code = cognitoCode(error);
  if (code && TOO_MANY.has(code)) return 'errorTooManyAttempts';
  return (code && MESSAGES[operation][code]) || 'errorGeneric';
}

/** All the strings the panel reads: the host's over the defaults of both sets. */
export type PanelStrings = CartStrings & AuthStrings;
