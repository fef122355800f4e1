import { Duration, Lazy, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
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
  type UserPoolDomain,
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
import type { OAuthConfig, OAuthProvider } from '@cartkit/contract';
import { ADMIN_GROUP } from '../src/topology/admin.js';
import { AUTH_CALLBACK_PATH, AUTH_SIGNED_OUT_PATH, API_PREFIX } from '../src/topology/http-routes.js';
import type { CartkitConfig } from './config.js';

export type AuthProps = Pick<
  CartkitConfig,
  'identityProviders' | 'authDomainPrefix' | 'callbackUrls' | 'logoutUrls' | 'mfa' | 'retainData' | 'threatProtection'
> & {
  /**
   * The API's base URL (`https://{api}/api`): federated sign-in's one callback URL is
   * `{apiUrl}/auth/callback`, and `{apiUrl}/auth/signed-out` a logout URL.
   */
  readonly apiUrl?: string;
  /** The shop's origins: each one's root (`https://shop.example/`) is a registered logout URL. */
  readonly allowedOrigins?: readonly string[];
};

/** A registered logout URL must be https, or http on localhost; `*` and the like never are (a token passes: CloudFront's URL). */
const REGISTRABLE_ORIGIN = /^(https:\/\/[^/*\s]+|http:\/\/localhost(:\d+)?)$/;

/** The label a provider's button shows, by Cognito provider name. */
const PROVIDER_LABELS: Record<string, string> = {
  Google: 'Google',
  Facebook: 'Facebook',
  LoginWithAmazon: 'Amazon',
  SignInWithApple: 'Apple',
};

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
  /** The hosted sign-in's domain; undefined without federated providers. */
  readonly domain: UserPoolDomain | undefined;
  /** What `GET /config` announces as `oauth` (null without federated providers). */
  readonly oauth: OAuthConfig | null;
  /** The providers, `{ id: Cognito's provider name, name: the button's label }`. */
  readonly providers: readonly OAuthProvider[];
  readonly #logoutOrigins: string[];

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
    this.providers = this.providerList(props);
    this.domain =
      federated && props.authDomainPrefix
        ? this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.authDomainPrefix } })
        : undefined;
    const apiUrl = props.apiUrl;
    this.#logoutOrigins = [...(props.allowedOrigins ?? [])];
    // One callback page on the API origin hands the code to whichever allowed page started the sign-in.
    const callbackUrls = [
      ...(apiUrl ? [`${apiUrl}${AUTH_CALLBACK_PATH.slice(API_PREFIX.length)}`] : []),
      ...props.callbackUrls,
    ];
    const signedOutUrl = apiUrl ? `${apiUrl}${AUTH_SIGNED_OUT_PATH.slice(API_PREFIX.length)}` : undefined;
    // Lazy: the storefront's own origin (CloudFront's) is added after this construct exists.
    const logoutUrls = Lazy.list({
      produce: () => [
        ...new Set([
          ...(signedOutUrl ? [signedOutUrl] : []),
          ...this.#logoutOrigins.filter((origin) => REGISTRABLE_ORIGIN.test(origin)).map((origin) => `${origin}/`),
          ...props.logoutUrls,
        ]),
      ],
    });
    this.oauth =
      federated && props.authDomainPrefix && apiUrl && signedOutUrl
        ? {
            // The hosted sign-in's origin, spelled out: no reference to the domain resource.
            domain: `https://${props.authDomainPrefix}.auth.${Stack.of(this).region}.amazoncognito.com`,
            providers: [...this.providers],
            redirectUri: callbackUrls[0] ?? '',
            logoutUri: signedOutUrl,
          }
        : null;
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
            // COGNITO_ADMIN: the hosted sign-in's access token may call the user's own Cognito APIs, as SRP's does.
            scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE, OAuthScope.COGNITO_ADMIN],
            callbackUrls,
            logoutUrls,
          }
        : undefined,
    });
    for (const provider of providers) this.client.node.addDependency(provider);
  }

  /** Registers `{origin}/` as a logout URL (redirect-mode sign-out returns to the page's origin). */
  addLogoutOrigin(origin: string): void {
    this.#logoutOrigins.push(origin);
  }

  private providerList(props: AuthProps): OAuthProvider[] {
    const { google, facebook, amazon, apple, oidc = [] } = props.identityProviders;
    const ids = [
      ...(google ? ['Google'] : []),
      ...(facebook ? ['Facebook'] : []),
      ...(amazon ? ['LoginWithAmazon'] : []),
      ...(apple ? ['SignInWithApple'] : []),
    ];
    return [
      ...ids.map((id) => ({ id, name: PROVIDER_LABELS[id] ?? id })),
      ...oidc.map((provider) => ({ id: provider.name, name: provider.label ?? provider.name })),
    ];
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
          attributeMapping: {
            email: ProviderAttribute.GOOGLE_EMAIL,
            emailVerified: ProviderAttribute.GOOGLE_EMAIL_VERIFIED,
          },
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
          attributeMapping: {
            email: ProviderAttribute.APPLE_EMAIL,
            emailVerified: ProviderAttribute.APPLE_EMAIL_VERIFIED,
          },
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
          attributeMapping: {
            email: ProviderAttribute.other('email'),
            emailVerified: ProviderAttribute.other('email_verified'),
          },
        }),
      );
    }
    return providers;
  }
}
