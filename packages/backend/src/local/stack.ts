import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handlerCredentials, localClientConfig } from './support/aws-config.js';
import { type CognitoLocal, startCognitoLocal } from './emulators/cognito.js';
import { startDynamoDbLocal } from './emulators/dynamodb.js';
import { localEnv } from './lambda/env.js';
import { startEventSources } from './event-sources/event-sources.js';
import { startGateway } from './api-gateway/gateway.js';
import { createHandlerRegistry, HANDLERS_DIR } from './lambda/handlers.js';
import { confirmationCodeRoute } from './api-gateway/local-routes.js';
import { startConnectionsApi } from './api-gateway/websocket/connections-api.js';
import { createShutdown } from './support/shutdown.js';
import { createWebSocketApi } from './api-gateway/websocket/websocket.js';
import { createLogger, type Logger } from './support/log.js';
import { type ProvisionedTable, provisionTables, readCatalog, seedProducts } from './emulators/provision.js';
import { cartTokenSecret } from './lambda/secret.js';
import { startSecretsExtension } from './lambda/secrets-extension.js';
import { type ProvisionedQueue, provisionQueues, startSqsLocal } from './emulators/sqs.js';
import { startSesLocal } from './emulators/ses.js';
import { startStripeLocal, type StripeLocalOptions } from './emulators/stripe/stripe-local.js';
import { startTimers } from './event-sources/timers.js';
import { LOCAL_PROVIDER, startHostedSignIn } from './emulators/hosted-sign-in/hosted-sign-in.js';
import { isAllowedOrigin } from '../http/cors.js';
import { AUTH_CALLBACK_PATH, AUTH_SIGNED_OUT_PATH } from '../topology/http-routes.js';
import { ENV } from '../topology/env.js';
import { LOCAL_WEBSOCKET_PATH } from '../topology/websocket-routes.js';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Gateway port; default `PORT` from the environment, else 3000; 0 picks a free one. */
  port?: number;
  /** Keep DynamoDB data, Cognito users and the token secret in this folder. Default: in memory. */
  persistDir?: string;
  /** Only warnings and errors in the stack's own log. Also quiets the handlers' Powertools logs. */
  quiet?: boolean;
  /** Where the handler files are (tests use fixtures). Default `src/handlers/`. */
  handlersDir?: string;
  /** Products to seed into a newly created products table. Default `data/catalog.json`. */
  catalogPath?: string;
  /** Where the stack logs; default stderr. */
  logger?: Logger;
  /** Overrides the shop's `payment` (data/shop.json): `stripe` or `none` (sets `PAYMENT_PROVIDER`). */
  paymentProvider?: 'stripe' | 'none';
  /**
   * The hosted sign-in stand-in's knobs: `refuseFirstLinkedSignIn` reproduces Cognito's refusal of
   * the first sign-in after linking (default: env `CARTKIT_LOCAL_REFUSE_FIRST_LINKED_SIGN_IN=1`, else off).
   */
  hostedSignIn?: { refuseFirstLinkedSignIn?: boolean };
  /** The local Stripe's test knobs (a shorter `expiryWindow`, a faster `expiryCheckMs`, webhook `retry`). */
  stripe?: Pick<StripeLocalOptions, 'expiryWindow' | 'expiryCheckMs' | 'retry'>;
  /**
   * Abandoned-cart reminders in seconds, for tests: `afterSeconds` untouched before a cart's
   * reminder (sets `CART_REMINDER_AFTER_SECONDS`), `sweepEverySeconds` between local sweeps
   * (default the topology's `localEverySeconds`, 30).
   */
  cartReminders?: { afterSeconds: number; sweepEverySeconds?: number };
}

/** A running local stack. */
export interface LocalStack {
  /** `http://localhost:<port>/api` */
  readonly apiUrl: string;
  /** `ws://localhost:<port>/ws` */
  readonly wsUrl: string;
  /** `http://localhost:<port>/storefront/` */
  readonly storefrontUrl: string;
  readonly port: number;
  /** The handlers' environment, already applied to `process.env`. */
  readonly env: Readonly<Record<string, string>>;
  /** The key that signs anonymous cart tokens (the handlers read it through the secrets extension's stand-in). */
  readonly cartTokenSecret: string;
  readonly endpoints: {
    readonly dynamodb: string;
    readonly cognito: string;
    readonly sqs: string;
    readonly ses: string;
    readonly stripe: string;
  };
  /** aws-ses-v2-local's web mailbox (every email sent since start) and its JSON `/store`. */
  readonly mailbox: { readonly url: string; readonly storeUrl: string };
  /**
   * The local Stripe: its API (`new Stripe(apiKey, endpoint)`), its test secret key and the
   * webhook signing secret (local test values, new at every start), and a wait for deliveries in flight.
   */
  readonly stripe: {
    readonly endpoint: { readonly host: string; readonly port: number; readonly protocol: 'http' };
    readonly apiKey: string;
    readonly webhookSecret: string;
    webhooksSettled(): Promise<void>;
  };
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /**
   * The hosted sign-in stand-in (federated sign-in, issue 18): its origin (`GET /config`'s
   * `oauth.domain`), the one provider it offers, and the registered callback and logout URLs.
   */
  readonly hostedSignIn: {
    readonly url: string;
    /** cognito-local's pool file the stand-in reads passwords from (tests start a second stand-in on it). */
    readonly poolFile: string;
    readonly provider: { readonly id: string; readonly name: string };
    readonly redirectUri: string;
    readonly logoutUri: string;
  };
  readonly tables: readonly ProvisionedTable[];
  readonly queues: readonly ProvisionedQueue[];
  /**
   * The last confirmation code cognito-local printed for this email (or
   * username). Local only: on AWS codes go by email. Also served over HTTP at
   * `GET /@local/confirmation-codes/{email}` for other processes.
   */
  lastConfirmationCode(email: string): Promise<string | undefined>;
  /** Stops every process and server the stack started. Safe to call twice. */
  stop(): Promise<void>;
}

/** Physical names: `cartkit-local-Carts`, `cartkit-local-Orders` (queue), ... */
export const LOCAL_NAME_PREFIX = 'cartkit-local-';
/** The cart token secret's id on the local stack (`CART_TOKEN_SECRET_ARN`), served by the secrets extension's stand-in. */
export const LOCAL_CART_TOKEN_SECRET_ID = `${LOCAL_NAME_PREFIX}cart-token-secret`;
const DEFAULT_CATALOG = fileURLToPath(new URL('../../data/catalog.json', import.meta.url));

/** ALLOWED_ORIGINS of the local handlers (`lambda/env.ts`): any localhost or 127.0.0.1 origin. */
const LOCAL_ALLOWED_ORIGINS = ['localhost'];

/** Logout URLs registered for every allowed origin: its root, `https://shop.example/`. */
function isRegisteredRoot(uri: string, allowedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.href === `${url.origin}/` && isAllowedOrigin(url.origin, allowedOrigins);
}

function defaultPort(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got ${raw}`);
  return port;
}

function fulfilled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Starts the whole backend on this machine: DynamoDB Local, cognito-local,
 * fauxqs, aws-ses-v2-local and the local Stripe (in parallel), the timers of
 * scheduled functions, the tables and queues of `tables.ts` and
 * `queues.ts`, the catalog, and the gateway that runs the real handlers.
 * `process.env` gets the handlers' configuration before any handler loads.
 * If any part fails to start, the parts already running are stopped.
 *
 * @example
 * ```ts
 * const stack = await startLocalStack({ port: 0, quiet: true });
 * await fetch(`${stack.apiUrl}/products`);
 * await stack.stop();
 * ```
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.logger ?? createLogger({ quiet: options.quiet });
  const persistDir = options.persistDir ? resolve(options.persistDir) : undefined;
  const shutdown = createShutdown((error) => log.warn('stack', 'stop step failed', { error: String(error) }));
  const stop = () => shutdown.run();

  let markReady: () => void = () => {};
  let markFailed: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    markReady = resolveReady;
    markFailed = rejectReady;
  });
  ready.catch(() => {});

  try {
    const workDir = persistDir ?? (await mkdtemp(join(tmpdir(), 'cartkit-local-')));
    if (!persistDir) shutdown.add('files', () => rm(workDir, { recursive: true, force: true }));

    // The gateway's port first (milliseconds): a port in use fails before any emulator starts.
    let cognitoForRoute: CognitoLocal | undefined;
    const handlers = createHandlerRegistry(options.handlersDir ?? HANDLERS_DIR);
    const websockets = createWebSocketApi({ handlers, log });
    shutdown.add('websockets', () => websockets.close());
    const gateway = await startGateway({
      port: options.port ?? defaultPort(),
      handlers,
      log,
      ready,
      upgrades: { [LOCAL_WEBSOCKET_PATH]: websockets.upgrade },
      extraRoutes: [confirmationCodeRoute(async (email) => cognitoForRoute?.lastConfirmationCode(email))],
    });
    shutdown.add('gateway', () => gateway.close());
    // @connections on a loopback port of its own, SigV4-checked against the handlers' per-stack key.
    const credentials = handlerCredentials();
    const connectionsApi = await startConnectionsApi({ connections: websockets.connections, credentials, log });
    shutdown.add('gateway', () => connectionsApi.close());

    // The emulators in parallel; each one that starts is registered for stop() even if a sibling fails.
    const started = await Promise.allSettled([
      startDynamoDbLocal({ dataDir: persistDir && join(persistDir, 'dynamodb') }).then((ddb) => {
        shutdown.add('emulators', () => ddb.stop());
        return ddb;
      }),
      startCognitoLocal({ dir: persistDir ? join(persistDir, 'cognito') : workDir, log }).then((cognito) => {
        shutdown.add('emulators', () => cognito.stop());
        cognitoForRoute = cognito;
        return cognito;
      }),
      startSqsLocal({}).then((sqs) => {
        shutdown.add('emulators', () => sqs.stop());
        return sqs;
      }),
      startSesLocal().then((ses) => {
        shutdown.add('emulators', () => ses.stop());
        return ses;
      }),
      // Webhooks go to the gateway's own route, as a `stripe listen --forward-to` would send them.
      startStripeLocal({
        webhookUrl: `http://127.0.0.1:${gateway.port}/api/webhooks/stripe`,
        log,
        ...options.stripe,
      }).then((stripe) => {
        shutdown.add('emulators', () => stripe.stop());
        return stripe;
      }),
    ]);
    const [ddb, cognito, sqs, ses, stripe] = [
      fulfilled(started[0]),
      fulfilled(started[1]),
      fulfilled(started[2]),
      fulfilled(started[3]),
      fulfilled(started[4]),
    ];
    // The hosted sign-in stand-in: the callback and signed-out pages are the gateway's, as browsers reach it.
    const apiOrigin = `http://localhost:${gateway.port}`;
    const redirectUri = `${apiOrigin}${AUTH_CALLBACK_PATH}`;
    const logoutUri = `${apiOrigin}${AUTH_SIGNED_OUT_PATH}`;
    const hostedSignIn = await startHostedSignIn({
      cognito: {
        endpoint: cognito.endpoint,
        userPoolId: cognito.userPoolId,
        clientId: cognito.userPoolClientId,
        poolFile: cognito.poolFile,
      },
      redirectUri,
      isLogoutUri: (uri) => uri === logoutUri || isRegisteredRoot(uri, LOCAL_ALLOWED_ORIGINS),
      log,
      refuseFirstLinkedSignIn:
        options.hostedSignIn?.refuseFirstLinkedSignIn ?? process.env.CARTKIT_LOCAL_REFUSE_FIRST_LINKED_SIGN_IN === '1',
    });
    shutdown.add('gateway', () => hostedSignIn.stop());
    const oauth = { domain: hostedSignIn.url, providers: [LOCAL_PROVIDER], redirectUri, logoutUri };
    const stripeUrl = `${stripe.endpoint.protocol}://${stripe.endpoint.host}:${stripe.endpoint.port}`;

    const dynamo = new DynamoDBClient(localClientConfig(ddb.endpoint));
    const sqsClient = new SQSClient(localClientConfig(sqs.endpoint));
    const streams = new DynamoDBStreamsClient(localClientConfig(ddb.endpoint));
    shutdown.add('clients', async () => {
      dynamo.destroy();
      sqsClient.destroy();
      streams.destroy();
    });
    const [tables, queues, secret] = await Promise.all([
      provisionTables(dynamo, LOCAL_NAME_PREFIX),
      provisionQueues(sqsClient, LOCAL_NAME_PREFIX),
      cartTokenSecret(persistDir && join(persistDir, 'cart-token-secret')),
    ]);
    await seedCatalog(dynamo, tables, options.catalogPath ?? DEFAULT_CATALOG, log);
    // The handlers read the secret as on AWS: through the Parameters and Secrets extension (its stand-in).
    const secretsExtension = await startSecretsExtension({ [LOCAL_CART_TOKEN_SECRET_ID]: secret });
    shutdown.add('gateway', () => secretsExtension.close());

    const endpoints = {
      dynamodb: ddb.endpoint,
      cognito: cognito.endpoint,
      sqs: sqs.endpoint,
      ses: ses.endpoint,
      stripe: stripeUrl,
    };
    const env = localEnv({
      port: gateway.port,
      tables,
      queues,
      endpoints,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      cartTokenSecretId: LOCAL_CART_TOKEN_SECRET_ID,
      secretsExtension,
      connectionsEndpoint: connectionsApi.endpoint,
      credentials,
      stripe: { apiKey: stripe.apiKey, webhookSecret: stripe.webhookSecret },
      oauth,
    });
    if (options.paymentProvider) env[ENV.paymentProvider] = options.paymentProvider;
    if (options.cartReminders) env[ENV.cartReminderAfterSeconds] = String(options.cartReminders.afterSeconds);
    Object.assign(process.env, env);
    if (options.quiet) process.env[ENV.logLevel] ??= 'WARN';
    const sources = await startEventSources({ handlers, log, sqs: sqsClient, streams, queues, tables });
    shutdown.add('pollers', () => sources.stop());
    const sweep = options.cartReminders?.sweepEverySeconds;
    const timers = startTimers({ handlers, log, ...(sweep ? { everySeconds: { 'cart-reminder': sweep } } : {}) });
    shutdown.add('pollers', () => timers.stop());
    markReady();

    return {
      apiUrl: `${gateway.url}/api`,
      wsUrl: env[ENV.realtimeUrl] ?? '',
      storefrontUrl: `${gateway.url}/storefront/`,
      port: gateway.port,
      env,
      cartTokenSecret: secret,
      endpoints,
      mailbox: { url: ses.mailboxUrl, storeUrl: ses.storeUrl },
      stripe: {
        endpoint: stripe.endpoint,
        apiKey: stripe.apiKey,
        webhookSecret: stripe.webhookSecret,
        webhooksSettled: () => stripe.webhooksSettled(),
      },
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      hostedSignIn: {
        url: hostedSignIn.url,
        poolFile: cognito.poolFile,
        provider: LOCAL_PROVIDER,
        redirectUri,
        logoutUri,
      },
      tables,
      queues,
      lastConfirmationCode: cognito.lastConfirmationCode,
      stop,
    };
  } catch (error) {
    markFailed(error instanceof Error ? error : new Error(String(error)));
    await stop();
    throw error;
  }
}

async function seedCatalog(
  dynamo: DynamoDBClient,
  tables: readonly ProvisionedTable[],
  catalogPath: string,
  log: Logger,
): Promise<void> {
  const products = tables.find((table) => table.definition.id === 'Products');
  if (!products?.created) return; // a persisted table keeps its stock
  if (!(await exists(catalogPath))) {
    log.warn('stack', 'no catalog file, products table left empty', { path: catalogPath });
    return;
  }
  const catalog = await readCatalog(catalogPath);
  await seedProducts(dynamo, products.tableName, catalog);
  log.info('stack', 'catalog seeded', { products: catalog.length });
}
