import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ProviderAttribute,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolEmail,
  UserPoolIdentityProviderAmazon,
  UserPoolIdentityProviderApple,
  UserPoolIdentityProviderFacebook,
  UserPoolIdentityProviderGoogle,
  UserPoolIdentityProviderOidc,
  type IUserPoolIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADMIN_GROUP } from '../src/topology/admin.js';
import type { CartkitConfig } from './config.js';

export type AuthProps = Pick<
  CartkitConfig,
  'identityProviders' | 'authDomainPrefix' | 'callbackUrls' | 'logoutUrls' | 'mfa' | 'retainData' | 'threatProtection'
>;

/**
 * The shoppers' Cognito user pool: email sign-in with verification, a strong
 * password policy, optional federated providers, and one public app client
 * (no secret: it runs in browsers) allowing SRP and refresh tokens only.
 *
 * @example
 * ```ts
 * const auth = new Auth(this, 'Auth', { ...config });
 * fn.addEnvironment('USER_POOL_ID', auth.userPool.userPoolId);
 * ```
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: { off: Mfa.OFF, optional: Mfa.OPTIONAL, required: Mfa.REQUIRED }[props.mfa],
      mfaSecondFactor: props.mfa === 'off' ? undefined : { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus ($/MAU) adds compromised-credential and adaptive-risk checks; Essentials otherwise.
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: props.threatProtection ? StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      email: UserPoolEmail.withCognito(),
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Members may call /api/admin/* (`http/admin.ts` reads `cognito:groups`); add people with
    // `pnpm admin:grant <email> --user-pool-id <id>` (AdminAddUserToGroup).
    new CfnUserPoolGroup(this, 'AdminGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMIN_GROUP,
      description: 'Shop admins: may call /api/admin/*',
    });

    const providers = this.addIdentityProviders(props);
    const federated = providers.length > 0;
    if (federated && props.authDomainPrefix) {
      this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.authDomainPrefix } });
    }
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      // Refresh is always allowed by Cognito once any flow is set; only SRP is enabled beside it.
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      supportedIdentityProviders: [
        UserPoolClientIdentityProvider.COGNITO,
        ...providers.map((p) => UserPoolClientIdentityProvider.custom(p.providerName)),
      ],
      // Without federation there is no hosted UI: no OAuth flows, so no redirect URLs to abuse.
      disableOAuth: !federated,
      oAuth: federated
        ? {
            flows: { authorizationCodeGrant: true },
            scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
            callbackUrls: [...props.callbackUrls],
            logoutUrls: props.logoutUrls.length > 0 ? [...props.logoutUrls] : undefined,
          }
        : undefined,
    });
    for (const provider of providers) this.client.node.addDependency(provider);
  }

  private addIdentityProviders(props: AuthProps): IUserPoolIdentityProvider[] {
    const { google, facebook, amazon, apple, oidc = [] } = props.identityProviders;
    const userPool = this.userPool;
    const secret = (name: string) => SecretValue.secretsManager(name);
    const providers: IUserPoolIdentityProvider[] = [];
    if (google) {
      providers.push(
        new UserPoolIdentityProviderGoogle(this, 'Google', {
          userPool,
          clientId: google.clientId,
          clientSecretValue: secret(google.clientSecretName),
          scopes: [...(google.scopes ?? ['openid', 'email', 'profile'])],
          attributeMapping: { email: ProviderAttribute.GOOGLE_EMAIL },
        }),
      );
    }
    if (facebook) {
      providers.push(
        new UserPoolIdentityProviderFacebook(this, 'Facebook', {
          userPool,
          clientId: facebook.clientId,
          clientSecret: secret(facebook.clientSecretName).unsafeUnwrap(),
          scopes: [...(facebook.scopes ?? ['public_profile', 'email'])],
          attributeMapping: { email: ProviderAttribute.FACEBOOK_EMAIL },
        }),
      );
    }
    if (amazon) {
      providers.push(
        new UserPoolIdentityProviderAmazon(this, 'Amazon', {
          userPool,
          clientId: amazon.clientId,
          clientSecret: secret(amazon.clientSecretName).unsafeUnwrap(),
          scopes: [...(amazon.scopes ?? ['profile'])],
          attributeMapping: { email: ProviderAttribute.AMAZON_EMAIL },
        }),
      );
    }
    if (apple) {
      providers.push(
        new UserPoolIdentityProviderApple(this, 'Apple', {
          userPool,
          clientId: apple.clientId,
          teamId: apple.teamId,
          keyId: apple.keyId,
          privateKeyValue: secret(apple.privateKeySecretName),
          scopes: [...(apple.scopes ?? ['email', 'name'])],
          attributeMapping: { email: ProviderAttribute.APPLE_EMAIL },
        }),
      );
    }
    for (const provider of oidc) {
      providers.push(
        new UserPoolIdentityProviderOidc(this, `Oidc${provider.name}`, {
          userPool,
          name: provider.name,
          clientId: provider.clientId,
          // A dynamic reference resolved by CloudFormation: the secret never enters the template.
          clientSecret: secret(provider.clientSecretName).unsafeUnwrap(),
          issuerUrl: provider.issuerUrl,
          scopes: [...(provider.scopes ?? ['openid', 'email'])],
          attributeMapping: { email: ProviderAttribute.other('email') },
        }),
      );
    }
    return providers;
  }
}
