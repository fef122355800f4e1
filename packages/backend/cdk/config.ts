import type { Node } from 'constructs';

/** An OAuth/OIDC identity provider whose client secret lives in Secrets Manager, never in the template. */
export interface SecretClientProvider {
  readonly clientId: string;
  /** Name or ARN of a Secrets Manager secret holding the client secret (plain string). */
  readonly clientSecretName: string;
  readonly scopes?: readonly string[];
}

/** Sign in with Apple: the private key (.p8 contents) lives in Secrets Manager. */
export interface AppleProvider {
  readonly clientId: string;
  readonly teamId: string;
  readonly keyId: string;
  /** Name or ARN of a Secrets Manager secret holding the private key. */
  readonly privateKeySecretName: string;
  readonly scopes?: readonly string[];
}

/** Any OpenID Connect provider (Microsoft Entra ID, Okta, Auth0, ...). */
export interface OidcProvider extends SecretClientProvider {
  /** Provider name in the pool (Cognito's `identity_provider`), 3-32 characters. */
  readonly name: string;
  /** The button's label in the element ("Continue with {label}"); default `name`. */
  readonly label?: string;
  readonly issuerUrl: string;
}

/** Federated sign-in; any provider given here needs `authDomainPrefix` (the callback URL is the API's own). */
export interface IdentityProvidersConfig {
  readonly google?: SecretClientProvider;
  readonly facebook?: SecretClientProvider;
  readonly amazon?: SecretClientProvider;
  readonly apple?: AppleProvider;
  readonly oidc?: readonly OidcProvider[];
}

/**
 * Everything a deployer may change, read from CDK context (`cdk.json`,
 * `cdk.context.json` or `-c key=value`). Every field has a safe default, so
 * `cdk deploy` with no context gives a working, locked-down stack.
 */
export interface CartkitConfig {
  /** Origins the API answers CORS for (env `ALLOWED_ORIGINS`); the CloudFront origin is always added. */
  readonly allowedOrigins: readonly string[];
  /** ISO 4217 currency of the catalog. */
  readonly currency: string;
  /** HTTP API stage throttling: steady requests per second and burst. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  /** WebSocket stage throttling (messages and connects). */
  readonly realtimeRateLimit: number;
  readonly realtimeBurstLimit: number;
  /** Handler-side limits (env `ANONYMOUS_RATE_PER_MINUTE`, `MUTATION_RATE_PER_MINUTE`). */
  readonly anonymousRatePerMinute: number;
  readonly mutationRatePerMinute: number;
  /** Memory of every function, in MB (CPU scales with it). */
  readonly lambdaMemoryMb: number;
  /** Reserved concurrency of the cart API function; unset means the account's shared pool. */
  readonly apiReservedConcurrency: number | undefined;
  /** CloudWatch Logs retention of function and access logs, in days. */
  readonly logRetentionDays: number;
  /** Keep tables, the user pool and the token secret when the stack is deleted (default true). */
  readonly retainData: boolean;
  /** Email address subscribed to a new SNS alarm topic. */
  readonly alarmEmail: string | undefined;
  /** An existing SNS topic for alarm actions (instead of `alarmEmail`). */
  readonly alarmTopicArn: string | undefined;
  /** Custom domain of the CloudFront distribution, with an ACM certificate in us-east-1. */
  readonly domainName: string | undefined;
  readonly certificateArn: string | undefined;
  /** An existing AWS WAF web ACL (CLOUDFRONT scope) to attach to the distribution. */
  readonly webAclArn: string | undefined;
  /** Cognito hosted-UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), needed for federation. */
  readonly authDomainPrefix: string | undefined;
  /**
   * Extra OAuth redirect URLs of the app client (federated sign-in), for apps of the shop's own:
   * `{apiUrl}/auth/callback` is always registered, and is all the element and SDK need.
   */
  readonly callbackUrls: readonly string[];
  /** Extra logout URLs; `{apiUrl}/auth/signed-out` and each allowed origin's root are always registered. */
  readonly logoutUrls: readonly string[];
  readonly identityProviders: IdentityProvidersConfig;
  /** Cognito MFA: `off`, `optional` (TOTP, user's choice) or `required`. */
  readonly mfa: 'off' | 'optional' | 'required';
  /** Cognito Plus plan with full threat protection (compromised credentials, adaptive auth); billed per MAU. */
  readonly threatProtection: boolean;
  /** Replaces the storefront's default Content-Security-Policy. */
  readonly contentSecurityPolicy: string | undefined;
  /** The receipts' sender (env `RECEIPT_FROM_ADDRESS`), `Shop <receipts@shop.example>` or a bare address. */
  readonly receiptFromAddress: string;
  /** The SES identity to create and verify for it: its domain (`shop.example`) or the address itself. */
  readonly sesIdentity: string;
  /** The host page the receipt links to and payment returns to (env `ORDER_PAGE_URL`); default the storefront. */
  readonly orderPageUrl: string | undefined;
}

/** The values used when the context says nothing. */
export const DEFAULT_CONFIG: CartkitConfig = {
  allowedOrigins: [],
  currency: 'USD',
  apiRateLimit: 100,
  apiBurstLimit: 200,
  realtimeRateLimit: 50,
  realtimeBurstLimit: 100,
  anonymousRatePerMinute: 30,
  mutationRatePerMinute: 600,
  lambdaMemoryMb: 512,
  apiReservedConcurrency: undefined,
  logRetentionDays: 30,
  retainData: true,
  alarmEmail: undefined,
  alarmTopicArn: undefined,
  domainName: undefined,
  certificateArn: undefined,
  webAclArn: undefined,
  authDomainPrefix: undefined,
  callbackUrls: [],
  logoutUrls: [],
  identityProviders: {},
  mfa: 'optional',
  receiptFromAddress: 'receipts@example.com',
  sesIdentity: 'example.com',
  orderPageUrl: undefined,
  threatProtection: false,
  contentSecurityPolicy: undefined,
};

type Raw = unknown;

function list(key: string, raw: Raw): readonly string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'string') {
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  throw new Error(`context ${key} must be a comma-separated string or a list`);
}

function positiveInt(key: string, raw: Raw): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`context ${key} must be a positive integer`);
  return value;
}

function bool(key: string, raw: Raw): boolean {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new Error(`context ${key} must be true or false`);
}

function text(key: string, raw: Raw): string {
  if (typeof raw !== 'string' || raw === '') throw new Error(`context ${key} must be a non-empty string`);
  return raw;
}

function object<T>(key: string, raw: Raw): T {
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`context ${key} must be an object (or its JSON)`);
  }
  return value as T;
}

const PARSERS: { readonly [K in keyof CartkitConfig]: (key: string, raw: Raw) => CartkitConfig[K] } = {
  allowedOrigins: list,
  currency: (key, raw) => {
    const value = text(key, raw);
    if (!/^[A-Z]{3}$/.test(value)) throw new Error(`context ${key} must be an ISO 4217 code such as USD`);
    return value;
  },
  apiRateLimit: positiveInt,
  apiBurstLimit: positiveInt,
  realtimeRateLimit: positiveInt,
  realtimeBurstLimit: positiveInt,
  anonymousRatePerMinute: positiveInt,
  mutationRatePerMinute: positiveInt,
  lambdaMemoryMb: (key, raw) => {
    const value = positiveInt(key, raw);
    if (value < 128 || value > 10240) throw new Error(`context ${key} must be between 128 and 10240`);
    return value;
  },
  apiReservedConcurrency: positiveInt,
  logRetentionDays: positiveInt,
  retainData: bool,
  alarmEmail: text,
  alarmTopicArn: text,
  domainName: text,
  certificateArn: text,
  webAclArn: text,
  authDomainPrefix: text,
  callbackUrls: list,
  logoutUrls: list,
  identityProviders: (key, raw) => object<IdentityProvidersConfig>(key, raw),
  mfa: (key, raw) => {
    if (raw === 'off' || raw === 'optional' || raw === 'required') return raw;
    throw new Error(`context ${key} must be off, optional or required`);
  },
  threatProtection: bool,
  contentSecurityPolicy: text,
  receiptFromAddress: (key, raw) => {
    const value = text(key, raw) ?? '';
    if (/[\r\n]/.test(value) || !/[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/.test(value)) {
      throw new Error(`context ${key} must be an email address, optionally with a name`);
    }
    return value;
  },
  sesIdentity: (key, raw) => {
    const value = text(key, raw) ?? '';
    if (!/^([^\s@]+@)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value)) {
      throw new Error(`context ${key} must be a domain or an email address`);
    }
    return value;
  },
  orderPageUrl: text,
};

/**
 * Reads the deployment's configuration from CDK context, each key by its
 * field name (`-c allowedOrigins=https://shop.example.com,https://www.example.com`).
 *
 * @example
 * ```ts
 * const config = readConfig(app.node);
 * ```
 */
export function readConfig(node: Pick<Node, 'tryGetContext'>): CartkitConfig {
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const key of Object.keys(PARSERS) as (keyof CartkitConfig)[]) {
    const raw: unknown = node.tryGetContext(key);
    if (raw === undefined || raw === null || raw === '') continue;
    config[key] = (PARSERS[key] as (key: string, raw: Raw) => unknown)(key, raw);
  }
  const result = config as unknown as CartkitConfig;
  if (Boolean(result.domainName) !== Boolean(result.certificateArn)) {
    throw new Error('context domainName and certificateArn go together (an ACM certificate in us-east-1)');
  }
  const providers = result.identityProviders;
  const federated = Boolean(
    providers.google || providers.facebook || providers.amazon || providers.apple || providers.oidc?.length,
  );
  if (federated && !result.authDomainPrefix) {
    throw new Error(
      'identityProviders need context authDomainPrefix (the hosted sign-in domain, <prefix>.auth.<region>.amazoncognito.com)',
    );
  }
  return result;
}
