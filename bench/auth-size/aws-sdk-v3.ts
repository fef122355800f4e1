/**
 * The SDK's auth chunk (`packages/cart-sdk/src/auth/cognito.ts`) written the other
 * way issue 15 asks about: `@aws-sdk/client-cognito-identity-provider` (the modular
 * v3 client, only the commands used) plus `cognito-srp-helper` for USER_SRP_AUTH.
 * Same exports, same behaviour; bundled by `size.mts` to compare the lazy chunk.
 */
import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from 'cognito-srp-helper';
import { AuthError } from '../../packages/cart-sdk/src/errors/errors.js';
import type { CognitoSettings, Session } from '../../packages/cart-sdk/src/auth/session.js';

const clients = new Map<string, CognitoIdentityProviderClient>();

function client(settings: CognitoSettings): CognitoIdentityProviderClient {
  const region = settings.userPoolId.split('_')[0] ?? 'us-east-1';
  const key = `${region} ${settings.endpoint ?? ''}`;
  let c = clients.get(key);
  if (!c) {
    // The public (unauthenticated) Cognito operations: no credentials to sign with.
    c = new CognitoIdentityProviderClient({
      region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      signer: { sign: async (request) => request },
    });
    clients.set(key, c);
  }
  return c;
}

function authError(error: unknown): AuthError {
  const e = error as { name?: string; message?: string } | null;
  return new AuthError({
    message: e?.message ?? 'Authentication failed',
    cause: error,
    ...(e?.name ? { cognitoCode: e.name } : {}),
  });
}

function decode(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
}

function toSession(
  result: InitiateAuthCommandOutput['AuthenticationResult'],
  username: string,
  previous?: string,
): Session {
  if (!result?.AccessToken || !result.IdToken) throw new AuthError({ message: 'Cognito returned no tokens' });
  const id = decode(result.IdToken);
  const access = decode(result.AccessToken);
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? previous ?? '',
    expiresAt: Number(access['exp']) * 1000,
    username,
    user: { userId: String(id['sub'] ?? access['sub'] ?? username), email: String(id['email'] ?? username) },
  };
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw authError(error);
  }
}

export function signUp(
  settings: CognitoSettings,
  email: string,
  password: string,
): Promise<{ userConfirmed: boolean }> {
  return call(async () => {
    const out = await client(settings).send(
      new SignUpCommand({
        ClientId: settings.clientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    return { userConfirmed: Boolean(out.UserConfirmed) };
  });
}

export function confirmSignUp(settings: CognitoSettings, email: string, code: string): Promise<void> {
  return call(async () => {
    await client(settings).send(
      new ConfirmSignUpCommand({ ClientId: settings.clientId, Username: email, ConfirmationCode: code }),
    );
  });
}

export function resendConfirmationCode(settings: CognitoSettings, email: string): Promise<void> {
  return call(async () => {
    await client(settings).send(new ResendConfirmationCodeCommand({ ClientId: settings.clientId, Username: email }));
  });
}

export function signIn(settings: CognitoSettings, email: string, password: string): Promise<Session> {
  return call(async () => {
    const c = client(settings);
    if (settings.authFlow === 'USER_PASSWORD_AUTH') {
      const out = await c.send(
        new InitiateAuthCommand({
          ClientId: settings.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      if (out.ChallengeName) throw new AuthError({ message: `Unsupported challenge ${out.ChallengeName}` });
      return toSession(out.AuthenticationResult, email);
    }
    const srp = createSrpSession(email, password, settings.userPoolId, false);
    const started = await c.send(
      new InitiateAuthCommand(
        wrapInitiateAuth(srp, {
          ClientId: settings.clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: email },
        }),
      ),
    );
    const signed = signSrpSession(srp, started);
    const out = await c.send(
      new RespondToAuthChallengeCommand(
        wrapAuthChallenge(signed, {
          ClientId: settings.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: { USERNAME: email },
        }),
      ),
    );
    if (out.ChallengeName) throw new AuthError({ message: `Unsupported challenge ${out.ChallengeName}` });
    return toSession(out.AuthenticationResult, email);
  });
}

export function refresh(settings: CognitoSettings, session: Session): Promise<Session> {
  return call(async () => {
    const out = await client(settings).send(
      new InitiateAuthCommand({
        ClientId: settings.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: session.refreshToken },
      }),
    );
    return toSession(out.AuthenticationResult, session.username, session.refreshToken);
  });
}

export function forgotPassword(settings: CognitoSettings, email: string): Promise<void> {
  return call(async () => {
    await client(settings).send(new ForgotPasswordCommand({ ClientId: settings.clientId, Username: email }));
  });
}

export function confirmForgotPassword(
  settings: CognitoSettings,
  email: string,
  code: string,
  password: string,
): Promise<void> {
  return call(async () => {
    await client(settings).send(
      new ConfirmForgotPasswordCommand({
        ClientId: settings.clientId,
        Username: email,
        ConfirmationCode: code,
        Password: password,
      }),
    );
  });
}
