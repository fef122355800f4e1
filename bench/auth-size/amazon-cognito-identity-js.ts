/**
 * The SDK's auth chunk as it was until 2026-12-01, on `amazon-cognito-identity-js`
 * (kept here only for `size.mts` to compare; the SDK's is now `fetch` + `srp.ts`).
 * Bundled for a browser it also needs `globalThis.global` (its `buffer@4` reads it).
 */
import {
  AuthenticationDetails,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { AuthError } from '../../packages/cart-sdk/src/errors/errors.js';
import type { CognitoSettings, Session } from '../../packages/cart-sdk/src/auth/session.js';

// Cognito's own persistence is replaced by the SDK's pluggable storage, so the
// library gets a throwaway in-memory store and never writes localStorage itself.
function scratchStorage(): ICognitoStorage {
  const map = new Map<string, string>();
  return {
    setItem: (k, v) => void map.set(k, v),
    getItem: (k) => map.get(k) ?? null,
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

function pool(settings: CognitoSettings): CognitoUserPool {
  return new CognitoUserPool({
    UserPoolId: settings.userPoolId,
    ClientId: settings.clientId,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    Storage: scratchStorage(),
  });
}

function user(settings: CognitoSettings, username: string): CognitoUser {
  const cognitoUser = new CognitoUser({ Username: username, Pool: pool(settings), Storage: scratchStorage() });
  cognitoUser.setAuthenticationFlowType(settings.authFlow);
  return cognitoUser;
}

function authError(error: unknown): AuthError {
  const e = error as { code?: string; name?: string; message?: string } | null;
  const cognitoCode = e?.code ?? e?.name;
  return new AuthError({
    message: e?.message ?? 'Authentication failed',
    cause: error,
    ...(cognitoCode ? { cognitoCode } : {}),
  });
}

function toSession(session: CognitoUserSession, username: string): Session {
  const id = session.getIdToken().decodePayload() as { sub?: string; email?: string };
  const access = session.getAccessToken();
  return {
    accessToken: access.getJwtToken(),
    idToken: session.getIdToken().getJwtToken(),
    refreshToken: session.getRefreshToken().getToken(),
    expiresAt: access.getExpiration() * 1000,
    username,
    user: { userId: String(id.sub ?? access.decodePayload()['sub'] ?? username), email: id.email ?? username },
  };
}

/** Create an account (the email is the username). */
export function signUp(
  settings: CognitoSettings,
  email: string,
  password: string,
): Promise<{ userConfirmed: boolean }> {
  return new Promise((resolve, reject) => {
    const attributes = [new CognitoUserAttribute({ Name: 'email', Value: email })];
    pool(settings).signUp(email, password, attributes, [], (error, result) => {
      if (error || !result) reject(authError(error));
      else resolve({ userConfirmed: result.userConfirmed });
    });
  });
}

/** Confirm an account with the emailed code. */
export function confirmSignUp(settings: CognitoSettings, email: string, code: string): Promise<void> {
  return new Promise((resolve, reject) => {
    user(settings, email).confirmRegistration(code, true, (error) => (error ? reject(authError(error)) : resolve()));
  });
}

/** Send the sign-up confirmation code again. */
export function resendConfirmationCode(settings: CognitoSettings, email: string): Promise<void> {
  return new Promise((resolve, reject) => {
    user(settings, email).resendConfirmationCode((error) => (error ? reject(authError(error)) : resolve()));
  });
}

/** Sign in with SRP (AWS) or USER_PASSWORD_AUTH (cognito-local). */
export function signIn(settings: CognitoSettings, email: string, password: string): Promise<Session> {
  return new Promise((resolve, reject) => {
    const details = new AuthenticationDetails({ Username: email, Password: password });
    user(settings, email).authenticateUser(details, {
      onSuccess: (session) => resolve(toSession(session, email)),
      onFailure: (error) => reject(authError(error)),
      newPasswordRequired: () =>
        reject(new AuthError({ message: 'A new password is required', cognitoCode: 'NewPasswordRequired' })),
      mfaRequired: () => reject(new AuthError({ message: 'MFA is not supported', cognitoCode: 'MfaRequired' })),
      totpRequired: () => reject(new AuthError({ message: 'MFA is not supported', cognitoCode: 'MfaRequired' })),
    });
  });
}

/** New tokens from the refresh token. */
export function refresh(settings: CognitoSettings, session: Session): Promise<Session> {
  return new Promise((resolve, reject) => {
    const token = new CognitoRefreshToken({ RefreshToken: session.refreshToken });
    user(settings, session.username).refreshSession(token, (error, next: CognitoUserSession | null) => {
      if (error || !next) return reject(authError(error));
      const fresh = toSession(next, session.username);
      // Cognito does not always rotate the refresh token.
      resolve({ ...fresh, refreshToken: fresh.refreshToken || session.refreshToken });
    });
  });
}

/** Send a password reset code. */
export function forgotPassword(settings: CognitoSettings, email: string): Promise<void> {
  return new Promise((resolve, reject) => {
    user(settings, email).forgotPassword({
      onSuccess: () => resolve(),
      onFailure: (error) => reject(authError(error)),
      inputVerificationCode: () => resolve(),
    });
  });
}

/** Set a new password with the reset code. */
export function confirmForgotPassword(
  settings: CognitoSettings,
  email: string,
  code: string,
  password: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    user(settings, email).confirmPassword(code, password, {
      onSuccess: () => resolve(),
      onFailure: (error) => reject(authError(error)),
    });
  });
}
