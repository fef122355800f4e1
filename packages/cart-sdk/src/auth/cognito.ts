/**
 * Everything that talks to Cognito. Loaded with a dynamic `import()` (its own
 * chunk), so pages that never sign in never download it. Cognito's user-pool
 * operations the SDK uses are public (no AWS credentials, no SigV4): each is
 * one JSON POST with an `X-Amz-Target`, sent with `fetch`; USER_SRP_AUTH's
 * math is in `./srp.ts`.
 */
import { AuthError } from '../errors/errors.js';
import type { CognitoSettings, Session } from './session.js';
import { claimSignature, cognitoTimestamp, passwordKey, srpStart } from './srp.js';
import { type AuthResult, toSession } from './tokens.js';

/** A user-pool operation: the parsed answer, or an AuthError carrying Cognito's error type as `cognitoCode`. */
async function cognito<T>(settings: CognitoSettings, operation: string, body: object): Promise<T> {
  const region = settings.userPoolId.split('_')[0] ?? 'us-east-1';
  const url = settings.endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new AuthError({ message: 'Cognito is unreachable', cause: error, cognitoCode: 'NetworkError' });
  }
  const data = (await response.json().catch(() => ({}))) as T & { __type?: string; message?: string };
  if (!response.ok) {
    // `__type` is `NotAuthorizedException`, or `com.amazonaws…#NotAuthorizedException` from some endpoints.
    const code = data.__type?.split('#').pop();
    throw new AuthError({
      message: data.message ?? `Cognito ${operation} failed (${response.status})`,
      ...(code ? { cognitoCode: code } : {}),
    });
  }
  return data;
}

/**
 * The account's name: the email in lower case, trimmed. The pool compares names without case, but
 * keeps an address as typed, and the provider sign-in's linking finds the account by its address
 * (ListUsers compares exactly): "Ada@Example.com" from a phone keyboard must be the same person.
 */
const account = (email: string) => email.trim().toLowerCase();

/** Create an account (the email is the username). */
export async function signUp(
  settings: CognitoSettings,
  { email, password }: { email: string; password: string },
): Promise<{ userConfirmed: boolean }> {
  const out = await cognito<{ UserConfirmed?: boolean }>(settings, 'SignUp', {
    ClientId: settings.clientId,
    Username: account(email),
    Password: password,
    UserAttributes: [{ Name: 'email', Value: account(email) }],
  });
  return { userConfirmed: Boolean(out.UserConfirmed) };
}

/** Confirm an account with the emailed code. */
export async function confirmSignUp(
  settings: CognitoSettings,
  { email, code }: { email: string; code: string },
): Promise<void> {
  await cognito(settings, 'ConfirmSignUp', {
    ClientId: settings.clientId,
    Username: account(email),
    ConfirmationCode: code,
    ForceAliasCreation: true,
  });
}

/** Send the sign-up confirmation code again. */
export async function resendConfirmationCode(settings: CognitoSettings, { email }: { email: string }): Promise<void> {
  await cognito(settings, 'ResendConfirmationCode', { ClientId: settings.clientId, Username: account(email) });
}

/** Sign in with SRP (AWS) or USER_PASSWORD_AUTH (cognito-local). */
export async function signIn(
  settings: CognitoSettings,
  { email, password }: { email: string; password: string },
): Promise<Session> {
  if (settings.authFlow === 'USER_SRP_AUTH') return signInWithSrp(settings, account(email), password);
  const out = await cognito<AuthResult>(settings, 'InitiateAuth', {
    ClientId: settings.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: account(email), PASSWORD: password },
  });
  return toSession(out, account(email));
}

/** USER_SRP_AUTH: send A, answer the PASSWORD_VERIFIER challenge with the signature (the password never leaves). */
async function signInWithSrp(settings: CognitoSettings, email: string, password: string): Promise<Session> {
  const poolName = settings.userPoolId.split('_')[1] ?? '';
  const start = srpStart();
  const challenge = await cognito<AuthResult>(settings, 'InitiateAuth', {
    ClientId: settings.clientId,
    AuthFlow: 'USER_SRP_AUTH',
    AuthParameters: { USERNAME: email, SRP_A: start.A.toString(16) },
  });
  const p = challenge.ChallengeParameters ?? {};
  const { SRP_B: b, SALT: salt, SECRET_BLOCK: secretBlock } = p;
  if (challenge.ChallengeName !== 'PASSWORD_VERIFIER' || !b || !salt || !secretBlock) {
    throw new AuthError({ message: `Unexpected sign-in step ${challenge.ChallengeName ?? '(none)'}` });
  }
  const userId = p['USER_ID_FOR_SRP'] ?? email;
  const key = await passwordKey(poolName, userId, password, start, BigInt(`0x${b}`), BigInt(`0x${salt}`));
  const timestamp = cognitoTimestamp();
  const out = await cognito<AuthResult>(settings, 'RespondToAuthChallenge', {
    ClientId: settings.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: await claimSignature(key, poolName, userId, secretBlock, timestamp),
    },
  });
  return toSession(out, email);
}

/** New tokens from the refresh token. */
export async function refresh(settings: CognitoSettings, session: Session): Promise<Session> {
  const out = await cognito<AuthResult>(settings, 'InitiateAuth', {
    ClientId: settings.clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: session.refreshToken },
  });
  const next = toSession(out, session.username, session.refreshToken);
  // A provider session stays one across refreshes (its sign-out also ends the hosted session).
  return session.provider ? { ...next, provider: session.provider } : next;
}

/** Send a password reset code. */
export async function forgotPassword(settings: CognitoSettings, { email }: { email: string }): Promise<void> {
  await cognito(settings, 'ForgotPassword', { ClientId: settings.clientId, Username: account(email) });
}

/** Set a new password with the reset code. */
export async function confirmForgotPassword(
  settings: CognitoSettings,
  { email, code, password }: { email: string; code: string; password: string },
): Promise<void> {
  await cognito(settings, 'ConfirmForgotPassword', {
    ClientId: settings.clientId,
    Username: account(email),
    ConfirmationCode: code,
    Password: password,
  });
}
