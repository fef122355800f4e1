/**
 * The floor for the auth chunk: the same module on nothing but `fetch` and
 * Cognito's JSON API (the operations the SDK uses are unauthenticated: no SigV4),
 * WITHOUT USER_SRP_AUTH (it throws for it). Measured by `size.mts` to show what
 * the calls themselves cost; SRP (BigInt + WebCrypto) would come on top.
 */
import { AuthError } from '../../packages/cart-sdk/src/errors/errors.js';
import type { CognitoSettings, Session } from '../../packages/cart-sdk/src/auth/session.js';

async function cognito<T>(settings: CognitoSettings, operation: string, body: object): Promise<T> {
  const region = settings.userPoolId.split('_')[0] ?? 'us-east-1';
  const url = settings.endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new AuthError({ message: 'Cognito is unreachable', cause: error });
  });
  const data = (await response.json().catch(() => ({}))) as { __type?: string; message?: string } & T;
  if (!response.ok) {
    const code = data.__type?.split('#').pop();
    throw new AuthError({ message: data.message ?? 'Authentication failed', ...(code ? { cognitoCode: code } : {}) });
  }
  return data;
}

interface AuthResult {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  ChallengeName?: string;
}

function decode(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
}

function toSession(out: AuthResult, username: string, previous?: string): Session {
  const r = out.AuthenticationResult;
  if (out.ChallengeName || !r?.AccessToken || !r.IdToken) {
    throw new AuthError({ message: `Unsupported challenge ${out.ChallengeName ?? '(no tokens)'}` });
  }
  const id = decode(r.IdToken);
  const access = decode(r.AccessToken);
  return {
    accessToken: r.AccessToken,
    idToken: r.IdToken,
    refreshToken: r.RefreshToken ?? previous ?? '',
    expiresAt: Number(access['exp']) * 1000,
    username,
    user: { userId: String(id['sub'] ?? access['sub'] ?? username), email: String(id['email'] ?? username) },
  };
}

export async function signUp(s: CognitoSettings, email: string, password: string): Promise<{ userConfirmed: boolean }> {
  const out = await cognito<{ UserConfirmed?: boolean }>(s, 'SignUp', {
    ClientId: s.clientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  return { userConfirmed: Boolean(out.UserConfirmed) };
}

export async function confirmSignUp(s: CognitoSettings, email: string, code: string): Promise<void> {
  await cognito(s, 'ConfirmSignUp', { ClientId: s.clientId, Username: email, ConfirmationCode: code });
}

export async function resendConfirmationCode(s: CognitoSettings, email: string): Promise<void> {
  await cognito(s, 'ResendConfirmationCode', { ClientId: s.clientId, Username: email });
}

export async function signIn(s: CognitoSettings, email: string, password: string): Promise<Session> {
  if (s.authFlow !== 'USER_PASSWORD_AUTH') throw new AuthError({ message: 'USER_SRP_AUTH is not in this variant' });
  const out = await cognito<AuthResult>(s, 'InitiateAuth', {
    ClientId: s.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  return toSession(out, email);
}

export async function refresh(s: CognitoSettings, session: Session): Promise<Session> {
  const out = await cognito<AuthResult>(s, 'InitiateAuth', {
    ClientId: s.clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: session.refreshToken },
  });
  return toSession(out, session.username, session.refreshToken);
}

export async function forgotPassword(s: CognitoSettings, email: string): Promise<void> {
  await cognito(s, 'ForgotPassword', { ClientId: s.clientId, Username: email });
}

export async function confirmForgotPassword(
  s: CognitoSettings,
  email: string,
  code: string,
  password: string,
): Promise<void> {
  await cognito(s, 'ConfirmForgotPassword', {
    ClientId: s.clientId,
    Username: email,
    ConfirmationCode: code,
    Password: password,
  });
}
