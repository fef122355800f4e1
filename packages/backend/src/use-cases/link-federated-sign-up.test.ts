import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  type AccountLinker,
  linkFederatedSignUp,
  type ProviderIdentity,
  providerIdentity,
} from './link-federated-sign-up.js';

const PROVIDERS = ['Google', 'SignInWithApple', 'Facebook', 'Okta'];

function event(
  triggerSource: PreSignUpTriggerEvent['triggerSource'],
  userName: string,
  userAttributes: Record<string, string>,
): PreSignUpTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_Pool',
    userName,
    callerContext: { awsSdkVersion: '3', clientId: 'client' },
    triggerSource,
    request: { userAttributes },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

function recordingLinker(username = 'native-1') {
  const calls: { nativeUserFor: string[]; link: [string, ProviderIdentity][] } = { nativeUserFor: [], link: [] };
  const linker: AccountLinker = {
    nativeUserFor: async (email) => {
      calls.nativeUserFor.push(email);
      return { username };
    },
    link: async (name, identity) => {
      calls.link.push([name, identity]);
    },
  };
  return { linker, calls };
}

describe('providerIdentity', () => {
  it('splits the federated user name at the known provider, whatever its case', () => {
    expect(providerIdentity('Google_1234', PROVIDERS)).toEqual({ providerName: 'Google', providerUserId: '1234' });
    expect(providerIdentity('google_1234', PROVIDERS)).toEqual({ providerName: 'Google', providerUserId: '1234' });
    expect(providerIdentity('signinwithapple_000.abc_def', PROVIDERS)).toEqual({
      providerName: 'SignInWithApple',
      providerUserId: '000.abc_def',
    });
    expect(providerIdentity('Unknown_1', PROVIDERS)).toBeUndefined();
    expect(providerIdentity('Google_', PROVIDERS)).toBeUndefined();
  });
});

describe('linkFederatedSignUp', () => {
  it('passes password sign-ups and admin-created users unchanged, calling nothing', async () => {
    const { linker, calls } = recordingLinker();
    for (const source of ['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser'] as const) {
      const input = event(source, 'ada@example.com', { email: 'ada@example.com' });
      await expect(linkFederatedSignUp(input, linker, PROVIDERS)).resolves.toBe(input);
    }
    expect(calls).toEqual({ nativeUserFor: [], link: [] });
  });

  it('links the provider identity to the native user of the email, then stops this sign-in', async () => {
    const { linker, calls } = recordingLinker('native-ada');
    const input = event('PreSignUp_ExternalProvider', 'Google_42', {
      email: 'Ada@Example.com',
      email_verified: 'true',
    });

    await expect(linkFederatedSignUp(input, linker, PROVIDERS)).rejects.toThrow(/^CARTKIT_ACCOUNT_LINKED$/);
    expect(calls.nativeUserFor).toEqual(['Ada@Example.com']);
    expect(calls.link).toEqual([['native-ada', { providerName: 'Google', providerUserId: '42' }]]);
  });

  it('refuses an unverified or missing email, and an unknown provider, linking nothing', async () => {
    const { linker, calls } = recordingLinker();
    const cases = [
      [
        event('PreSignUp_ExternalProvider', 'Okta_7', { email: 'x@example.com', email_verified: 'false' }),
        /CARTKIT_EMAIL_NOT_VERIFIED/,
      ],
      [event('PreSignUp_ExternalProvider', 'Okta_7', { email: 'x@example.com' }), /CARTKIT_EMAIL_NOT_VERIFIED/],
      [event('PreSignUp_ExternalProvider', 'Google_7', { email_verified: 'true' }), /CARTKIT_EMAIL_MISSING/],
      [
        event('PreSignUp_ExternalProvider', 'Other_7', { email: 'x@example.com', email_verified: 'true' }),
        /does not know/,
      ],
    ] as const;
    for (const [input, message] of cases) {
      await expect(linkFederatedSignUp(input, linker, PROVIDERS)).rejects.toThrow(message);
    }
    expect(calls).toEqual({ nativeUserFor: [], link: [] });
  });

  it('trusts Facebook\u2019s email without email_verified (it shares confirmed addresses only)', async () => {
    const { linker, calls } = recordingLinker();
    const input = event('PreSignUp_ExternalProvider', 'Facebook_9', { email: 'fb@example.com' });

    await expect(linkFederatedSignUp(input, linker, PROVIDERS)).rejects.toThrow('CARTKIT_ACCOUNT_LINKED');
    expect(calls.link).toHaveLength(1);
  });
});
