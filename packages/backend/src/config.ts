import rawShop from '../data/shop.json' with { type: 'json' };
import { type OAuthConfig, OAuthConfigSchema } from '@cartkit/contract';
import * as v from 'valibot';
import type { SecretsExtension } from './adapters/secrets-extension.js';
import { parseShopConfig } from './domain/shop-config.js';
import { WEBHOOK_RETRY_DELAYS_SECONDS } from './domain/webhook.js';
import { ENV } from './topology/env.js';
import { QUEUES, type QueueId } from './topology/queues.js';
import { TABLES, type TableId } from './topology/tables.js';

/**
 * Runtime configuration of every handler, read from the environment that the
 * CDK app (on AWS) or the local stack sets. Nothing else reads `process.env`.
 */
export interface BackendConfig {
  readonly region: string;
  readonly tables: {
    readonly carts: string;
    readonly products: string;
    readonly orders: string;
    readonly connections: string;
    readonly rateLimits: string;
    readonly productCarts: string;
    readonly revocations: string;
    readonly discounts: string;
    readonly webhooks: string;
  };
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** Set on the local stack only: where cognito-local listens. */
  readonly cognitoEndpoint: string | null;
  /** Set on the local stack only: where DynamoDB Local listens. */
  readonly dynamoEndpoint: string | null;
  /** Set on the local stack only: where fauxqs listens. */
  readonly sqsEndpoint: string | null;
  /** The WebSocket URL browsers connect to. */
  readonly realtimeUrl: string;
  /** The `@connections` management endpoint (https://{api}.execute-api.{region}.amazonaws.com/{stage} on AWS). */
  readonly connectionsEndpoint: string | null;
  readonly ordersQueueUrl: string;
  readonly cleanupQueueUrl: string;
  readonly paymentEventsQueueUrl: string;
  readonly mailQueueUrl: string;
  readonly webhooksQueueUrl: string;
  /** Seconds to wait after each failed webhook attempt (WEBHOOK_ATTEMPTS - 1 of them). */
  readonly webhookRetryDelays: readonly number[];
  /** The shop's online payment (`payment` of data/shop.json, or `PAYMENT_PROVIDER`=`stripe`|`none`); null: orders go PENDING → CONFIRMED. */
  readonly paymentProvider: 'stripe' | null;
  /** How long an AWAITING_PAYMENT order holds its stock (the Checkout Session's `expires_at`); Stripe needs ≥ 1800. */
  readonly paymentWindowSeconds: number;
  /** Abandoned-cart reminders: seconds a cart with an email stays untouched before its reminder; null: off. */
  readonly cartReminderAfterSeconds: number | null;
  /** Stripe's keys: given directly (local stack: the stand-in's), or one Secrets Manager secret `{secretKey, webhookSecret}` (AWS). */
  readonly stripe: {
    readonly secretKey: string | null;
    readonly webhookSecret: string | null;
    readonly secretArn: string | null;
    /** Set on the local stack only: the stand-in's `http://127.0.0.1:<port>`. */
    readonly apiUrl: string | null;
  };
  /** Set on the local stack only: where aws-ses-v2-local listens. */
  readonly sesEndpoint: string | null;
  /** The receipts' sender (a verified SES identity). */
  readonly receiptFromAddress: string;
  readonly shopName: string;
  /** The order page the receipt links to (`#cartkit-order=<id>&token=...`). */
  readonly orderPageUrl: string | null;
  readonly currency: string;
  /** HMAC secret that signs anonymous cart tokens (at least 32 characters), given directly (local stack)... */
  readonly cartTokenSecret: string | null;
  /** ...or as a Secrets Manager secret's ARN, read once per cold start through the secrets extension. */
  readonly cartTokenSecretArn: string | null;
  /** The AWS Parameters and Secrets extension every secret is read through (its stand-in on the local stack). */
  readonly secretsExtension: SecretsExtension;
  /** Federated sign-in (`OAUTH_CONFIG`), announced by `GET /config`; null when no provider is configured. */
  readonly oauth: OAuthConfig | null;
  /** Allowed CORS origins; `localhost` allows any http(s)://localhost or 127.0.0.1 origin. */
  readonly allowedOrigins: readonly string[];
  /** `POST /cart/anonymous` per client IP per minute; 0 turns the limit off. */
  readonly anonymousRatePerMinute: number;
  /** Cart mutations per owner per minute (per instance); 0 turns the limit off. */
  readonly mutationRatePerMinute: number;
  /** How long the in-memory catalog is trusted before it is read again. */
  readonly catalogTtlMs: number;
  /**
   * How long an instance trusts "this user's tokens are not revoked" before reading
   * the revocation again (a revocation itself is remembered until it expires).
   */
  readonly revocationCacheMs: number;
  /**
   * Where the catalog's root-relative asset URLs (product images) are served:
   * the CloudFront URL on AWS, the gateway on the local stack. Unset: each HTTP
   * answer resolves them against the origin the request was addressed to.
   */
  readonly publicAssetBaseUrl: string | null;
  /** Open WebSockets per owner; `$connect` refuses the one past this. 0 turns the cap off. */
  readonly maxConnectionsPerOwner: number;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing environment variable ${name}`);
  }
  return value;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/**
 * The reservation window, which is also the Checkout Session's `expires_at`. Stripe refuses a session
 * expiring less than 30 minutes (or more than 24 hours) after it is created, measured on its own clock
 * when the request arrives; the margin absorbs the request's latency and clock skew, so a window
 * of exactly 1800 s (refused whenever the request crosses a second boundary) cannot be configured.
 */
export const PAYMENT_WINDOW = { minSeconds: 30 * 60 + 30, maxSeconds: 24 * 60 * 60 - 30, defaultSeconds: 31 * 60 };

function paymentWindow(env: NodeJS.ProcessEnv): number {
  const seconds = int(env, ENV.paymentWindowSeconds, PAYMENT_WINDOW.defaultSeconds);
  if (seconds < PAYMENT_WINDOW.minSeconds || seconds > PAYMENT_WINDOW.maxSeconds) {
    throw new Error(
      `${ENV.paymentWindowSeconds} must be between ${PAYMENT_WINDOW.minSeconds} and ${PAYMENT_WINDOW.maxSeconds} seconds: Stripe opens a payment page for 30 minutes to 24 hours, and the margin covers the request's latency`,
    );
  }
  return seconds;
}

function baseUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an absolute http(s) URL`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * Reads the configuration from the environment.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BackendConfig {
  const secret = env[ENV.cartTokenSecret] || null;
  const secretArn = env[ENV.cartTokenSecretArn] || null;
  if (secret === null && secretArn === null) {
    throw new Error(`Set ${ENV.cartTokenSecret} or ${ENV.cartTokenSecretArn}`);
  }
  if (secret !== null && secret.length < 32) throw new Error(`${ENV.cartTokenSecret} must be at least 32 characters`);
  const table = (id: TableId) => required(env, TABLES.find((t) => t.id === id)?.envVar ?? id);
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    tables: {
      carts: table('Carts'),
      products: table('Products'),
      orders: table('Orders'),
      connections: table('Connections'),
      rateLimits: table('RateLimits'),
      productCarts: table('ProductCarts'),
      revocations: table('Revocations'),
      discounts: table('Discounts'),
      webhooks: table('Webhooks'),
    },
    userPoolId: required(env, ENV.userPoolId),
    userPoolClientId: required(env, ENV.userPoolClientId),
    cognitoEndpoint: env[ENV.cognitoEndpoint] || null,
    dynamoEndpoint: env[ENV.dynamoEndpoint] || null,
    sqsEndpoint: env[ENV.sqsEndpoint] || null,
    realtimeUrl: required(env, ENV.realtimeUrl),
    connectionsEndpoint: env[ENV.connectionsEndpoint] || null,
    ordersQueueUrl: env[queueEnvVar('Orders')] ?? '',
    cleanupQueueUrl: env[queueEnvVar('CartCleanup')] ?? '',
    paymentEventsQueueUrl: env[queueEnvVar('PaymentEvents')] ?? '',
    mailQueueUrl: env[queueEnvVar('Mail')] ?? '',
    webhooksQueueUrl: env[queueEnvVar('Webhooks')] ?? '',
    webhookRetryDelays: retryDelays(env, ENV.webhookRetryDelays),
    paymentProvider: paymentProvider(env),
    paymentWindowSeconds: paymentWindow(env),
    cartReminderAfterSeconds: cartReminderAfter(env),
    stripe: {
      secretKey: env[ENV.stripeSecretKey] || null,
      webhookSecret: env[ENV.stripeWebhookSecret] || null,
      secretArn: env[ENV.stripeSecretArn] || null,
      apiUrl: baseUrl(env, ENV.stripeApiUrl),
    },
    sesEndpoint: env[ENV.sesEndpoint] || null,
    receiptFromAddress: env[ENV.receiptFromAddress] || 'receipts@localhost.localdomain',
    shopName: env[ENV.shopName] || 'cartkit shop',
    orderPageUrl: baseUrl(env, ENV.orderPageUrl),
    currency: env[ENV.currency] ?? 'USD',
    cartTokenSecret: secret,
    cartTokenSecretArn: secretArn,
    // The extension's default port; Lambda gives every invocation's environment its session token.
    secretsExtension: { port: int(env, ENV.secretsExtensionPort, 2773), token: env.AWS_SESSION_TOKEN || null },
    allowedOrigins: (env[ENV.allowedOrigins] ?? 'localhost')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    oauth: oauthConfig(env),
    anonymousRatePerMinute: int(env, ENV.anonymousRatePerMinute, 30),
    mutationRatePerMinute: int(env, ENV.mutationRatePerMinute, 600),
    catalogTtlMs: int(env, ENV.catalogTtlMs, 5_000),
    revocationCacheMs: int(env, ENV.revocationCacheMs, 1_000),
    publicAssetBaseUrl: baseUrl(env, ENV.publicAssetBaseUrl),
    maxConnectionsPerOwner: int(env, ENV.maxConnectionsPerOwner, 10),
  };
}

/** `OAUTH_CONFIG` (also read alone by the PreSignUp trigger, which gets no pool ids): JSON `{domain, providers, redirectUri, logoutUri}`; empty, or no provider, is null. */
export function oauthConfig(env: NodeJS.ProcessEnv): OAuthConfig | null {
  const raw = env[ENV.oauth];
  if (raw === undefined || raw === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${ENV.oauth} must be JSON {domain, providers, redirectUri, logoutUri}`);
  }
  const result = v.safeParse(OAuthConfigSchema, parsed);
  if (!result.success) {
    throw new Error(
      `${ENV.oauth} must be JSON {domain, providers, redirectUri, logoutUri}: ${result.issues[0].message}`,
    );
  }
  return result.output.providers.length === 0 ? null : result.output;
}

/** The shop configuration's payment provider, unless `PAYMENT_PROVIDER` overrides it. */
function paymentProvider(env: NodeJS.ProcessEnv): 'stripe' | null {
  const raw = env[ENV.paymentProvider];
  if (raw === 'stripe') return 'stripe';
  if (raw === 'none') return null;
  if (raw !== undefined && raw !== '') throw new Error(`${ENV.paymentProvider} must be "stripe" or "none"`);
  return SHOP_PAYMENT;
}

/** `CART_REMINDER_AFTER_SECONDS` (`off`, or seconds ≥ 1: tests shorten it), else the shop's `abandonedCarts.afterHours`. */
function cartReminderAfter(env: NodeJS.ProcessEnv): number | null {
  const raw = env[ENV.cartReminderAfterSeconds];
  if (raw === 'off') return null;
  if (raw === undefined || raw === '') return SHOP_REMINDER_HOURS === null ? null : SHOP_REMINDER_HOURS * 3600;
  const seconds = int(env, ENV.cartReminderAfterSeconds, 0);
  if (seconds < 1)
    throw new Error(`${ENV.cartReminderAfterSeconds} must be "off" or a whole number of seconds, at least 1`);
  return seconds;
}

const SHOP_REMINDER_HOURS = parseShopConfig(rawShop, 'data/shop.json').abandonedCarts?.afterHours ?? null;

const SHOP_PAYMENT = parseShopConfig(rawShop, 'data/shop.json').payment?.provider ?? null;

function queueEnvVar(id: QueueId): string {
  return QUEUES.find((q) => q.id === id)?.envVar ?? id;
}

/**
 * The webhook retry delays: `WEBHOOK_RETRY_DELAYS` (comma-separated seconds,
 * as many as the schedule, each at most SQS's 12 h visibility), else the
 * schedule of domain/webhook.ts.
 */
function retryDelays(env: NodeJS.ProcessEnv, name: string): readonly number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return WEBHOOK_RETRY_DELAYS_SECONDS;
  const delays = raw.split(',').map((part) => Number(part.trim()));
  if (
    delays.length !== WEBHOOK_RETRY_DELAYS_SECONDS.length ||
    !delays.every((delay) => Number.isInteger(delay) && delay >= 0 && delay <= 43_200)
  ) {
    throw new Error(
      `${name} must be ${WEBHOOK_RETRY_DELAYS_SECONDS.length} comma-separated whole seconds, each at most 43200`,
    );
  }
  return delays;
}
