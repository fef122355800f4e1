import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../adapters/aws.js';
import { type CartStore, DynamoCartStore } from '../adapters/cart-store.js';
import { CartTokenSigner } from '../adapters/cart-token.js';
import { type ConnectionStore, DynamoConnectionStore } from '../adapters/connection-store.js';
import { type Catalog, DynamoCatalog, withAssetBase } from '../adapters/catalog.js';
import { type EventQueue, SqsEventQueue } from '../adapters/event-queue.js';
import { DynamoFulfilment } from '../adapters/fulfilment.js';
import { ApiGatewayNotifier, type Notifier } from '../adapters/notifier.js';
import { DynamoOrderStore, type OrderStore } from '../adapters/order-store.js';
import { ProductCartIndex } from '../adapters/product-carts.js';
import { createCognitoVerifier, type TokenVerifier } from '../adapters/jwt-verifier.js';
import { DynamoRateLimiter, MemoryRateLimiter, type RateLimiter } from '../adapters/rate-limiter.js';
import { DynamoRevocationStore, type RevocationStore } from '../adapters/revocations.js';
import { CognitoUserDirectory, type UserDirectory } from '../adapters/user-directory.js';
import { type BackendConfig, loadConfig } from '../config.js';

/** Everything a handler talks to, behind small interfaces so tests and the local stack can swap parts. */
export interface Deps {
  readonly config: BackendConfig;
  readonly db: DynamoDBDocumentClient;
  readonly catalog: Catalog;
  readonly carts: CartStore;
  readonly sessions: ConnectionStore;
  readonly orders: OrderStore;
  readonly fulfilment: DynamoFulfilment;
  readonly productCarts: ProductCartIndex;
  /** Pushes realtime messages; undefined where no WebSocket API is configured. */
  readonly notifier: Notifier | undefined;
  /** The anonymous cart token signer; its secret is read on first use, so only handlers that need it need access. */
  readonly cartTokens: () => Promise<CartTokenSigner>;
  readonly verifier: TokenVerifier;
  /** Ended identities (deleted accounts), checked after every token verification. */
  readonly revocations: RevocationStore;
  /** Shared across instances (anonymous token issuance). */
  readonly sharedLimiter: RateLimiter;
  /** Per instance (cart mutations). */
  readonly localLimiter: RateLimiter;
  readonly queue: EventQueue;
  readonly users: UserDirectory;
  readonly now: () => number;
}

let cached: Promise<Deps> | undefined;

/**
 * The handlers' dependencies, built once per Lambda instance (cold start) from
 * the environment. A failed build is not cached, so the next call retries.
 *
 * @example
 * ```ts
 * const deps = await getDeps();
 * ```
 */
export function getDeps(): Promise<Deps> {
  cached ??= createDeps(loadConfig()).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Replaces the cached dependencies (tests, benchmarks). */
export function setDeps(deps: Deps | undefined): void {
  cached = deps === undefined ? undefined : Promise.resolve(deps);
}

export async function createDeps(config: BackendConfig): Promise<Deps> {
  const db = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const carts = new DynamoCartStore(db, config.tables.carts);
  const catalog = new DynamoCatalog(db, config.tables.products, config.catalogTtlMs);
  return {
    config,
    db,
    // Every image URL the API hands out (products, cart lines, orders, pushes) is absolute.
    catalog: config.publicAssetBaseUrl ? withAssetBase(catalog, config.publicAssetBaseUrl) : catalog,
    carts,
    sessions: new DynamoConnectionStore(db, config.tables.connections),
    orders: new DynamoOrderStore(db, config.tables.orders, config.tables.carts),
    fulfilment: new DynamoFulfilment(db, config.tables, carts),
    productCarts: new ProductCartIndex(db, config.tables),
    notifier: config.connectionsEndpoint
      ? new ApiGatewayNotifier({ region: config.region, endpoint: config.connectionsEndpoint })
      : undefined,
    cartTokens: once(
      async () =>
        new CartTokenSigner(
          config.cartTokenSecret ?? (await readSecret(config.region, config.cartTokenSecretArn ?? '')),
        ),
    ),
    verifier: createCognitoVerifier({
      userPoolId: config.userPoolId,
      clientId: config.userPoolClientId,
      cognitoEndpoint: config.cognitoEndpoint,
    }),
    revocations: new DynamoRevocationStore(db, config.tables.revocations, config.revocationCacheMs),
    sharedLimiter: new DynamoRateLimiter(db, config.tables.rateLimits),
    localLimiter: new MemoryRateLimiter(),
    queue: new SqsEventQueue({
      region: config.region,
      endpoint: config.sqsEndpoint,
      ordersQueueUrl: config.ordersQueueUrl,
      cleanupQueueUrl: config.cleanupQueueUrl,
    }),
    users: new CognitoUserDirectory({
      region: config.region,
      userPoolId: config.userPoolId,
      endpoint: config.cognitoEndpoint,
    }),
    now: Date.now,
  };
}

/** Memoizes an async factory; a failure is not remembered, so the next call retries. */
function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= factory().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

async function readSecret(region: string, arn: string): Promise<string> {
  const client = new SecretsManagerClient({ region });
  const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!result.SecretString) throw new Error('The cart token secret is empty');
  return result.SecretString;
}
