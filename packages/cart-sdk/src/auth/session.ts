import type { AuthUser } from '../types.js';

/** A Cognito session as the SDK persists it (not Cognito's own storage format). */
export interface Session {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** When the access token expires, ms since the epoch. */
  expiresAt: number;
  /** The Cognito username used to sign in (needed to refresh). */
  username: string;
  user: AuthUser;
  /** Set when the session came from a provider's sign-in: its sign-out also ends the hosted session. */
  provider?: { id: string; mode: 'redirect' | 'popup' };
}

/** The Cognito settings the auth chunk needs. */
export interface CognitoSettings {
  userPoolId: string;
  clientId: string;
  /** cognito-local's URL on the local stack; null on AWS. */
  endpoint: string | null;
  authFlow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
}

/** Is the session's access token usable for at least `marginMs` more? */
export function isFresh(session: Session, now: number, marginMs = 60_000): boolean {
  return session.expiresAt - now > marginMs;
}
