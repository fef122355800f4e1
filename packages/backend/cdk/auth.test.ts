import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Auth, type AuthProps } from './auth.js';
import { DEFAULT_CONFIG } from './config.js';
import { emptyStack, resources, single } from './testing.js';

function synth(overrides: Partial<AuthProps> = {}) {
  const stack = emptyStack();
  new Auth(stack, 'Auth', { ...DEFAULT_CONFIG, ...overrides });
  return Template.fromStack(stack);
}

const federated: Partial<AuthProps> = {
  authDomainPrefix: 'shop-example',
  callbackUrls: ['https://shop.example.com/'],
  identityProviders: {
    google: { clientId: 'google-client', clientSecretName: 'cartkit/google' },
    apple: { clientId: 'com.example.shop', teamId: 'TEAM', keyId: 'KEY', privateKeySecretName: 'cartkit/apple' },
    oidc: [
      {
        name: 'Okta',
        clientId: 'okta-client',
        clientSecretName: 'cartkit/okta',
        issuerUrl: 'https://example.okta.com',
      },
    ],
  },
};

describe('Auth', () => {
  it('signs shoppers in by verified email with a strong password policy', () => {
    const [, pool] = single(resources(synth(), 'AWS::Cognito::UserPool'));

    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      MfaConfiguration: 'OPTIONAL',
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has one public client: no secret, SRP and refresh only, no OAuth without federation', () => {
    const clients = resources(synth(), 'AWS::Cognito::UserPoolClient');

    expect(clients).toHaveLength(1);
    expect(clients[0]?.[1].Properties).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(clients[0]?.[1].Properties.AllowedOAuthFlows).toBeUndefined();
    expect(clients[0]?.[1].Properties.CallbackURLs).toBeUndefined();
  });

  it('adds federated providers with secrets resolved from Secrets Manager, never in the template', () => {
    const template = synth(federated);

    const providers = resources(template, 'AWS::Cognito::UserPoolIdentityProvider');
    expect(providers.map(([, p]) => p.Properties.ProviderName).sort()).toEqual(['Google', 'Okta', 'SignInWithApple']);
    for (const [id, provider] of providers) {
      const details = provider.Properties.ProviderDetails as Record<string, string>;
      const secret = details.client_secret ?? details.private_key;
      expect(secret, id).toMatch(/^\{\{resolve:secretsmanager:cartkit\/(google|apple|okta):SecretString:::\}\}$/);
    }
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'shop-example' });
    const [, client] = single(resources(template, 'AWS::Cognito::UserPoolClient'));
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://shop.example.com/'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    // Provider names are Refs, which also orders the client after its providers.
    expect(client.Properties.SupportedIdentityProviders).toEqual([
      'COGNITO',
      ...providers.map(([id]) => ({ Ref: id })),
    ]);
  });

  it('enforces MFA and threat protection when configured', () => {
    const [, pool] = single(resources(synth({ mfa: 'required', threatProtection: true }), 'AWS::Cognito::UserPool'));

    expect(pool.Properties).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('creates the admin group in the pool, whose members the admin API lets in', () => {
    const template = synth();
    const [, group] = single(resources(template, 'AWS::Cognito::UserPoolGroup'));
    const [poolId] = single(resources(template, 'AWS::Cognito::UserPool'));
    expect(group.Properties).toMatchObject({ GroupName: 'admin', UserPoolId: { Ref: poolId } });
  });
});
