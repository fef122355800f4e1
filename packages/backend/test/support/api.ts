import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Cart } from '@cartkit/contract';
import { stackEnv } from './stack.js';

/** A response, with its body parsed when it is JSON. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as is (for malformed-body tests). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly token?: string;
  readonly cartToken?: string;
}

/** Calls the API through the local gateway, like a browser would. */
export async function call<T = unknown>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cartToken) headers['x-cart-token'] = options.cartToken;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${stackEnv().apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '') && text !== '') parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A fresh anonymous cart token. */
export async function anonymousToken(): Promise<string> {
  const response = await call<{ cartToken: string }>('POST', '/cart/anonymous');
  if (response.status !== 201) throw new Error(`POST /cart/anonymous answered ${response.status}`);
  return response.body.cartToken;
}

/** The caller's cart. */
export async function getCart(auth: { token?: string; cartToken?: string }): Promise<Cart> {
  const response = await call<Cart>('GET', '/cart', auth);
  if (response.status !== 200) throw new Error(`GET /cart answered ${response.status}`);
  return response.body;
}

/** A confirmed Cognito user on cognito-local, signed in with the password flow. */
export interface TestUser {
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  readonly idToken: string;
}

export async function createUser(): Promise<TestUser> {
  const env = stackEnv();
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: env.env.COGNITO_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const email = `shopper-${randomUUID()}@example.com`;
  const password = 'Correct-horse-9';
  await cognito.send(
    new SignUpCommand({
      ClientId: env.env.USER_POOL_CLIENT_ID,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: env.env.USER_POOL_ID, Username: email }));
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: env.env.USER_POOL_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const accessToken = auth.AuthenticationResult?.AccessToken;
  const idToken = auth.AuthenticationResult?.IdToken;
  if (!accessToken || !idToken) throw new Error('cognito-local gave no tokens');
  return { email, password, accessToken, idToken };
}

/**
 * A confirmed user in the Cognito group `admin` (as `pnpm admin:grant` makes one), signed in after
 * joining, so the access token carries `cognito:groups: ["admin"]`.
 */
export async function createAdmin(): Promise<TestUser> {
  const env = stackEnv();
  const user = await createUser();
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: env.env.COGNITO_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: env.env.USER_POOL_ID, Username: user.email, GroupName: 'admin' }),
    );
    const auth = await cognito.send(
      new InitiateAuthCommand({
        ClientId: env.env.USER_POOL_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
      }),
    );
    const accessToken = auth.AuthenticationResult?.AccessToken;
    const idToken = auth.AuthenticationResult?.IdToken;
    if (!accessToken || !idToken) throw new Error('cognito-local gave no tokens');
    return { ...user, accessToken, idToken };
  } finally {
    cognito.destroy();
  }
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
