import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { findNativeUserByEmail, nativeUserForProvider } from '../../src/adapters/account-linking.js';
import { linkFederatedSignUp, type ProviderIdentity } from '../../src/use-cases/link-federated-sign-up.js';
import { createUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';

// The PreSignUp trigger's logic against cognito-local (which cannot call a trigger itself): finding
// the native user by email and creating one are real calls; only AdminLinkProviderForUser, which
// cognito-local does not implement, is recorded instead of sent.
const env = stackEnv().env;
const poolId = env.USER_POOL_ID ?? '';
const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: env.COGNITO_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(() => cognito.destroy());

function externalSignUp(userName: string, email: string): PreSignUpTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: poolId,
    userName,
    callerContext: { awsSdkVersion: '3', clientId: env.USER_POOL_CLIENT_ID ?? '' },
    triggerSource: 'PreSignUp_ExternalProvider',
    request: { userAttributes: { email, email_verified: 'true' } },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

async function runTrigger(event: PreSignUpTriggerEvent) {
  const links: [string, ProviderIdentity][] = [];
  const outcome = await linkFederatedSignUp(
    event,
    {
      nativeUserFor: (email) => nativeUserForProvider(cognito, event.userPoolId, email),
      link: async (username, identity) => {
        links.push([username, identity]);
      },
    },
    ['Google'],
  ).catch((error: Error) => error);
  return { outcome, links };
}

describe('findNativeUserByEmail', () => {
  it('finds the password user by email, whatever the case, and nobody for an email with no account', async () => {
    const user = await createUser();

    const found = await findNativeUserByEmail(cognito, poolId, user.email.toUpperCase());
    const none = await findNativeUserByEmail(cognito, poolId, `nobody-${randomUUID()}@example.com`);

    expect(found).toMatchObject({
      status: 'CONFIRMED',
      sub: JSON.parse(Buffer.from(user.idToken.split('.')[1] ?? '', 'base64url').toString()).sub,
    });
    expect(none).toBeUndefined();
  });

  it('treats a quote in the email as data, not filter syntax', async () => {
    await expect(findNativeUserByEmail(cognito, poolId, 'a"b\\@example.com')).resolves.toBeUndefined();
  });
});

describe('the PreSignUp trigger\u2019s logic on cognito-local', () => {
  it('links a Google identity to the existing password user, then stops that first sign-in', async () => {
    const user = await createUser();
    const native = await findNativeUserByEmail(cognito, poolId, user.email);

    const { outcome, links } = await runTrigger(externalSignUp('google_1001', user.email));

    expect(String(outcome)).toContain('CARTKIT_ACCOUNT_LINKED');
    expect(links).toEqual([[native?.username, { providerName: 'Google', providerUserId: '1001' }]]);
  });

  it('finishes a native user whose creation was cut short (no password set: FORCE_CHANGE_PASSWORD), so "forgot password" works', async () => {
    // What an earlier trigger run leaves when AdminSetUserPassword fails after AdminCreateUser (throttled, timed out).
    const email = `google-${randomUUID()}@example.com`;
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );

    const { outcome, links } = await runTrigger(externalSignUp('Google_3003', email));
    const after = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: links[0]?.[0] ?? '' }));

    expect(String(outcome)).toContain('CARTKIT_ACCOUNT_LINKED');
    expect(links).toHaveLength(1);
    expect(after.UserStatus).toBe('CONFIRMED');
  });

  it('creates a confirmed, verified native user for a new email (no known password), and links to it', async () => {
    const email = `google-${randomUUID()}@example.com`;

    const { links } = await runTrigger(externalSignUp('Google_2002', email));
    const created = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: links[0]?.[0] ?? '' }));
    const signUp = cognito.send(
      new SignUpCommand({
        ClientId: env.USER_POOL_CLIENT_ID,
        Username: email,
        Password: 'Correct-horse-9',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );

    expect(created.UserStatus).toBe('CONFIRMED');
    expect(created.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
    await expect(signUp).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });
});
