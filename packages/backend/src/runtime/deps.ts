import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoAdminCatalog } from '../adapters/admin-catalog.js';
import type { DynamoCartReminders } from '../adapters/cart-reminders.js';
import type { CartStore } from '../adapters/cart-store.js';
import type { CartTokenSigner } from '../adapters/cart-token.js';
import type { Catalog } from '../adapters/catalog.js';
import type { ConnectionStore } from '../adapters/connection-store.js';
import type { DynamoDiscountStore } from '../adapters/discount-store.js';
import type { DynamoOrderAdmin } from '../adapters/order-admin-store.js';
import type { SqsWebhookQueue } from '../adapters/webhook-queue.js';
import type { DynamoWebhookStore } from '../adapters/webhook-store.js';
import type { EventQueue } from '../adapters/event-queue.js';
import type { DynamoFulfilment } from '../adapters/fulfilment.js';
import type { TokenVerifier } from '../adapters/jwt-verifier.js';
import type { Notifier } from '../adapters/notifier.js';
import type { OrderStore } from '../adapters/order-store.js';
import type { Mailer } from '../adapters/mailer.js';
import type { PaymentProvider } from '../adapters/payment-provider.js';
import type { DynamoPaymentStore } from '../adapters/payment-store.js';
import type { ReceiptLedger } from '../adapters/receipt-ledger.js';
import type { ProductCartIndex } from '../adapters/product-carts.js';
import { MemoryRateLimiter } from '../adapters/memory-rate-limiter.js';
import type { RateLimiter } from '../adapters/rate-limiter.js';
import type { RevocationStore } from '../adapters/revocations.js';
import type { UserDirectory } from '../adapters/user-directory.js';
import { type BackendConfig, loadConfig } from '../config.js';
import type { ShopConfig } from '../domain/shop-config.js';
import type { AwsService, FunctionName, ServicesOf } from '../topology/functions.js';
import { assertShopCurrency, SHOP } from './shop.js';

/** Everything a handler talks to, behind small interfaces so tests and the local stack can swap parts. */
export interface Deps {
  readonly config: BackendConfig;
  /** The shop's configuration (`data/shop.json`): currency, countries, shipping, tax. */
  readonly shop: ShopConfig;
  readonly db: DynamoDBDocumentClient;
  readonly catalog: Catalog;
  /** The catalog as admins change it: every row, strongly consistent, conditional writes. */
  readonly adminCatalog: DynamoAdminCatalog;
  readonly carts: CartStore;
  /** Abandoned-cart reminder bookkeeping on the cart items (written only for carts with an email). */
  readonly cartReminders: DynamoCartReminders;
  /** The open WebSocket connections, per owner (the Connections table). */
  readonly connections: ConnectionStore;
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
  /** The online payment provider; its keys are read on first use (Secrets Manager on AWS). */
  readonly payments: () => Promise<PaymentProvider>;
  /** The order's moves after PENDING with online payment. */
  readonly paymentStore: DynamoPaymentStore;
  /** Each order's receipt bookkeeping (one email per order). */
  readonly receiptLedger: ReceiptLedger;
  /** Discount codes and their usage counters. */
  readonly discounts: DynamoDiscountStore;
  /** The shop's view of every order and the admin's moves (fulfil, refund). */
  readonly orderAdmin: DynamoOrderAdmin;
  /** The merchant's webhook endpoints and the delivery log. */
  readonly webhooks: DynamoWebhookStore;
  /** The webhook delivery queue (sends, and each message's backoff). */
  readonly webhookQueue: SqsWebhookQueue;
  readonly mailer: Mailer;
  readonly now: () => number;
}

/**
 * Which members of {@link Deps} each AWS service of the topology provides.
 * The rest (`config`, `shop`, `localLimiter`, `now`) need no service.
 */
export const SERVICE_MEMBERS = {
  dynamodb: [
    'db',
    'catalog',
    'adminCatalog',
    'carts',
    'cartReminders',
    'connections',
    'orders',
    'fulfilment',
    'productCarts',
    'revocations',
    'sharedLimiter',
    'paymentStore',
    'receiptLedger',
    'discounts',
    'orderAdmin',
    'webhooks',
  ],
  sqs: ['queue', 'webhookQueue'],
  'secrets-manager': ['cartTokens'],
  'cognito-idp': ['users'],
  'cognito-jwks': ['verifier'],
  'apigateway-management': ['notifier'],
  stripe: ['payments'],
  ses: ['mailer'],
} as const satisfies Record<AwsService, readonly (keyof Deps)[]>;

/** Builds the members of {@link Deps} one service provides (`runtime/services/<service>.ts`). */
export type ServiceModule<S extends AwsService> = (
  config: BackendConfig,
) => Pick<Deps, (typeof SERVICE_MEMBERS)[S][number]>;

/** Exactly the service modules one function's topology entry lists. */
export type ServiceModulesOf<N extends FunctionName> = { readonly [S in ServicesOf<N>]: ServiceModule<S> };

let override: Promise<Deps> | undefined;
/** Bumped by `setDeps`, so every function's cached dependencies are built again. */
let generation = 0;

/**
 * Replaces every function's dependencies (tests, benchmarks); `undefined`
 * makes each build its own again from the environment on its next call.
 */
export function setDeps(deps: Deps | undefined): void {
  override = deps === undefined ? undefined : Promise.resolve(deps);
  generation++;
}

/** What `setDeps` set, if anything. */
export function replacedDeps(): Promise<Deps> | undefined {
  return override;
}

/** Changes on every `setDeps`: a cache built in an older generation is stale. */
export function depsGeneration(): number {
  return generation;
}

/**
 * One function's dependencies, built once per Lambda instance (cold start)
 * from the environment and the service modules its topology entry lists,
 * which the type requires exactly: the handler imports only those, so its
 * bundle holds no other AWS client. A member of a service the function does
 * not list refuses every use, naming the topology (as IAM would refuse the
 * call on AWS). A failed build is not cached, so the next call retries.
 *
 * @example
 * ```ts
 * const getDeps = functionDeps('ws-disconnect', { dynamodb });
 * const deps = await getDeps();
 * ```
 */
export function functionDeps<N extends FunctionName>(name: N, services: ServiceModulesOf<N>): () => Promise<Deps> {
  let cached: Promise<Deps> | undefined;
  let builtIn = generation;
  return () => {
    if (override) return override;
    if (builtIn !== generation) {
      cached = undefined;
      builtIn = generation;
    }
    cached ??= Promise.resolve()
      .then(() => assembleDeps(name, loadConfig(), services as Partial<Record<AwsService, ServiceModule<AwsService>>>))
      .catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
    return cached;
  };
}

/**
 * {@link Deps} from the given service modules; the members of any other
 * service refuse every use. `functionDeps` is the typed way in.
 */
export function assembleDeps(
  name: string,
  config: BackendConfig,
  services: Partial<Record<AwsService, ServiceModule<AwsService>>>,
): Deps {
  assertShopCurrency(SHOP, config.currency);
  const deps: Record<string, unknown> = { config, shop: SHOP, localLimiter: new MemoryRateLimiter(), now: Date.now };
  for (const service of Object.keys(SERVICE_MEMBERS) as AwsService[]) {
    const build = services[service];
    if (build) Object.assign(deps, build(config));
    else for (const member of SERVICE_MEMBERS[service]) deps[member] = refusing(name, member, service);
  }
  return deps as unknown as Deps;
}

/**
 * A stand-in for a member the function was not given (its service, or its
 * store): calling it, or any method on it, throws. Reading it does not, so
 * the deps object can still be spread, awaited or inspected.
 */
export function refusing(name: string, member: string, service: AwsService): unknown {
  const refuse = (): never => {
    throw new Error(
      `${name} used deps.${member}, which it was not given: list ${service} in its services (src/topology/functions.ts) and pass the store or service to functionDeps in its handler`,
    );
  };
  const stand: unknown = new Proxy(() => {}, {
    // `then` stays undefined (not a promise) and symbols unset, for `await` and inspection.
    get: (_target, property) => (property === 'then' || typeof property === 'symbol' ? undefined : stand),
    apply: refuse,
    construct: refuse,
  });
  return stand;
}
