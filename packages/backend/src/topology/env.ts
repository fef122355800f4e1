/**
 * The environment variables every function reads (`config.ts`, `runtime/logger.ts`),
 * named once: the CDK app sets them on each function, the local stack on its
 * own process, `loadConfig` reads them. Table and queue names travel under
 * `TABLES[].envVar` and `QUEUES[].envVar`.
 */
export const ENV = {
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  cognitoEndpoint: 'COGNITO_ENDPOINT',
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  sqsEndpoint: 'SQS_ENDPOINT',
  realtimeUrl: 'REALTIME_URL',
  connectionsEndpoint: 'CONNECTIONS_ENDPOINT',
  publicAssetBaseUrl: 'PUBLIC_ASSET_BASE_URL',
  currency: 'CURRENCY',
  cartTokenSecret: 'CART_TOKEN_SECRET',
  cartTokenSecretArn: 'CART_TOKEN_SECRET_ARN',
  /** The AWS Parameters and Secrets extension's own variable (its port); the CDK's layer sets it on AWS. */
  secretsExtensionPort: 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
  allowedOrigins: 'ALLOWED_ORIGINS',
  /** Federated sign-in (`GET /config`'s `oauth`): JSON `{domain, providers, redirectUri, logoutUri}`; empty: none. */
  oauth: 'OAUTH_CONFIG',
  anonymousRatePerMinute: 'ANONYMOUS_RATE_PER_MINUTE',
  mutationRatePerMinute: 'MUTATION_RATE_PER_MINUTE',
  catalogTtlMs: 'CATALOG_TTL_MS',
  revocationCacheMs: 'REVOCATION_CACHE_MS',
  maxConnectionsPerOwner: 'MAX_CONNECTIONS_PER_OWNER',
  paymentProvider: 'PAYMENT_PROVIDER',
  paymentWindowSeconds: 'PAYMENT_WINDOW_SECONDS',
  cartReminderAfterSeconds: 'CART_REMINDER_AFTER_SECONDS',
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  stripeWebhookSecret: 'STRIPE_WEBHOOK_SECRET',
  stripeSecretArn: 'STRIPE_SECRET_ARN',
  stripeApiUrl: 'STRIPE_API_URL',
  sesEndpoint: 'SES_ENDPOINT',
  receiptFromAddress: 'RECEIPT_FROM_ADDRESS',
  shopName: 'SHOP_NAME',
  orderPageUrl: 'ORDER_PAGE_URL',
  webhookRetryDelays: 'WEBHOOK_RETRY_DELAYS',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

export type EnvKey = keyof typeof ENV;

/**
 * Who sets each variable: `aws` the CDK app (on every function), `local` the
 * local stack. A variable neither sets keeps its default in `loadConfig`
 * (an operator may still set it); endpoints are local only, the rate limits
 * AWS only; a plain `CART_TOKEN_SECRET` is for tests that build a config by hand.
 */
export const ENV_SET_BY: Readonly<Record<EnvKey, readonly ('aws' | 'local')[]>> = {
  userPoolId: ['aws', 'local'],
  userPoolClientId: ['aws', 'local'],
  cognitoEndpoint: ['local'],
  dynamoEndpoint: ['local'],
  sqsEndpoint: ['local'],
  realtimeUrl: ['aws', 'local'],
  connectionsEndpoint: ['aws', 'local'],
  publicAssetBaseUrl: ['aws', 'local'],
  currency: ['aws', 'local'],
  // Locally the same ARN path runs: the secrets extension's stand-in serves the stack's secret.
  cartTokenSecret: [],
  cartTokenSecretArn: ['aws', 'local'],
  // On AWS the extension layer sets it (with its other variables) on the functions that read a secret.
  secretsExtensionPort: ['local'],
  allowedOrigins: ['aws', 'local'],
  // Locally the hosted sign-in stand-in's; on AWS empty unless a provider is configured.
  oauth: ['aws', 'local'],
  anonymousRatePerMinute: ['aws'],
  mutationRatePerMinute: ['aws'],
  catalogTtlMs: [],
  revocationCacheMs: [],
  maxConnectionsPerOwner: [],
  // The shop's `payment` (data/shop.json) unless set: the local stack and tests may override it.
  paymentProvider: [],
  paymentWindowSeconds: [],
  // The shop's `abandonedCarts.afterHours` (data/shop.json) unless set (tests shorten it, or `off`).
  cartReminderAfterSeconds: [],
  // Locally the keys are the stand-in's, per start; on AWS one Secrets Manager secret holds both.
  stripeSecretKey: ['local'],
  stripeWebhookSecret: ['local'],
  stripeSecretArn: ['aws'],
  stripeApiUrl: ['local'],
  sesEndpoint: ['local'],
  receiptFromAddress: ['aws', 'local'],
  shopName: [],
  orderPageUrl: ['aws', 'local'],
  // The schedule of domain/webhook.ts unless set (tests shorten it).
  webhookRetryDelays: [],
  serviceName: ['aws'],
  logLevel: ['aws'],
};

/**
 * The names a user pool trigger (`trigger: 'cognito'`) does not get: their values are the pool's
 * and its client's ids, and the pool names its trigger's ARN, so CloudFormation could order
 * neither first. A trigger reads the pool's id from its event instead.
 */
export const POOL_BOUND_ENV: readonly EnvKey[] = ['userPoolId', 'userPoolClientId'];

/**
 * The names one side sets, tables' and queues' included (queues' dead-letter
 * URLs are set locally only, for tests and operators).
 */
export function envNamesSetBy(side: 'aws' | 'local'): string[] {
  return (Object.keys(ENV) as EnvKey[]).filter((key) => ENV_SET_BY[key].includes(side)).map((key) => ENV[key]);
}
