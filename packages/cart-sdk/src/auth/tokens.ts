/**
 * Cognito's tokens as the SDK's {@link Session}: shared by the password flows
 * (`./cognito.ts`) and the provider sign-in (`./oauth.ts`), both lazy chunks.
 */
import { AuthError } from '../errors/errors.js';
import type { Session } from './session.js';

export interface AuthResult {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
}

/** A JWT's claims (read only for the user's id, email and expiry; the API verifies the signature). */
export function claims(jwt: string): Record<string, unknown> {
  const part = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export function toSession(out: AuthResult, username: string, previousRefreshToken?: string): Session {
  const result = out.AuthenticationResult;
  if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    throw new AuthError({ message: 'A new password is required', cognitoCode: 'NewPasswordRequired' });
  }
  if (out.ChallengeName && /MFA/.test(out.ChallengeName)) {
    throw new AuthError({ message: 'MFA is not supported', cognitoCode: 'MfaRequired' });
  }
  if (out.ChallengeName || !result?.AccessToken || !result.IdToken) {
    throw new AuthError({ message: `Unsupported sign-in step ${out.ChallengeName ?? '(no tokens)'}` });
  }
  const id = claims(result.IdToken);
  const access = claims(result.AccessToken);
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    // Cognito does not always rotate the refresh token.
    refreshToken: result.RefreshToken ?? previousRefreshToken ?? '',
    expiresAt: Number(access['exp']) * 1000,
    username,
    user: { userId: String(id['sub'] ?? access['sub'] ?? username), email: String(id['email'] ?? username) },
  };
}
