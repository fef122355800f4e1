import type { QueueId } from './queues.js';
import type { TableAccess, TableId } from './tables.js';

/**
 * The AWS services a function may call, each with its own client module
 * (`runtime/services/`). The CDK app grants exactly these (with the tables and
 * queues below); the handler's entry passes exactly these to `functionDeps`,
 * so its bundle holds no other client.
 *
 * - `dynamodb`: the tables of `tables` (every store, the rate limiter, the revocations)
 * - `sqs`: sends to the queues of `sendsTo`
 * - `secrets-manager`: reads the cart token secret (signs or verifies anonymous cart tokens)
 * - `cognito-idp`: the user pool's admin API (`userPoolActions`)
 * - `cognito-jwks`: verifies Cognito access tokens against the pool's public keys (no IAM)
 * - `apigateway-management`: posts to and closes sockets through `@connections`
 * - `stripe`: the payment provider (`runtime/services/stripe.ts`): its keys are read from the Stripe secret
 * - `ses`: sends email through SES v2 from the configured identity
 */
export type AwsService =
  | 'dynamodb'
  | 'sqs'
  | 'secrets-manager'
  | 'cognito-idp'
  | 'cognito-jwks'
  | 'apigateway-management'
  | 'stripe'
  | 'ses';

/** What invokes a function: it decides which of the route and event-source lists must name it. */
/** `cognito`: a user pool trigger (`USER_POOL_TRIGGERS`); Cognito invokes it, so the local stack never does. */
export type Trigger = 'http' | 'websocket' | 'queue' | 'stream' | 'schedule' | 'cognito';

export interface FunctionDefinition {
  /** Also the handler file, `src/handlers/<name>.ts`, exporting `handler`. */
  readonly name: string;
  readonly trigger: Trigger;
  /** HTTP well under API Gateway's 30 s; queue consumers within their queue's visibility timeout. */
  readonly timeoutSeconds: number;
  /** Overrides the stack's `lambdaMemoryMb` for this function. */
  readonly memoryMb?: number;
  /** Takes the stack's `apiReservedConcurrency` (the public API, so a flood cannot starve the workers). */
  readonly reservedConcurrency?: 'api';
  readonly services: readonly AwsService[];
  /** The tables it reads or writes, and how (`dynamodb` must be among `services` when any). */
  readonly tables: Readonly<Partial<Record<TableId, readonly TableAccess[]>>>;
  /** The queues it sends to (`sqs` must be among `services` when any). */
  readonly sendsTo: readonly QueueId[];
  /** Cognito actions on the user pool (`cognito-idp` must be among `services` when any). */
  readonly userPoolActions: readonly string[];
}

/**
 * Every Lambda function, defined once: the CDK app deploys one per entry and
 * grants it what the entry lists, nothing wider; the local stack runs the same
 * files with the same timeouts. Adding a function is one entry here plus its
 * handler file (and its route or event source).
 */
export const FUNCTIONS = [
  {
    // Catalog, anonymous sessions, the cart, the quote and order reads: DynamoDB only (with the
    // token key through the secrets extension), so the busiest function bundles no other AWS client.
    name: 'cart-api',
    trigger: 'http',
    timeoutSeconds: 10,
    reservedConcurrency: 'api',
    services: ['dynamodb', 'secrets-manager', 'cognito-jwks'],
    tables: {
      Carts: ['read', 'write'],
      RateLimits: ['read', 'write'],
      Products: ['read', 'scan'],
      Orders: ['read'],
      Revocations: ['read'],
      // The quote reads a discount code's rule and the customer's uses of it.
      Discounts: ['read'],
    },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    // The two routes that hand work to a worker: checkout (places the order, queues it; a stale PENDING
    // order is failed) and the sign-in merge (queues the anonymous cart's cleanup). The SQS and Cognito
    // clients live here, not in cart-api.
    name: 'checkout-api',
    trigger: 'http',
    timeoutSeconds: 10,
    reservedConcurrency: 'api',
    services: ['dynamodb', 'sqs', 'secrets-manager', 'cognito-idp', 'cognito-jwks'],
    tables: {
      Carts: ['read', 'write'],
      Products: ['read', 'scan'],
      Orders: ['read', 'write'],
      Revocations: ['read'],
      // Checkout reads a code's rule and counts its use in the transaction that places the order.
      Discounts: ['read', 'update'],
    },
    sendsTo: ['Orders', 'CartCleanup'],
    // A signed-in checkout sends the receipt to the account's own email (access tokens carry none).
    userPoolActions: ['cognito-idp:AdminGetUser'],
  },
  {
    // `POST /webhooks/stripe`: verifies the signature and hands the event to the payment worker. No table.
    name: 'stripe-webhook',
    trigger: 'http',
    timeoutSeconds: 10,
    services: ['sqs', 'stripe'],
    tables: {},
    sendsTo: ['PaymentEvents'],
    userPoolActions: [],
  },
  {
    // Provider events → PAID (then the receipt) or EXPIRED (stock back, cart unfrozen), once each.
    name: 'payment-worker',
    trigger: 'queue',
    timeoutSeconds: 20,
    services: ['dynamodb', 'sqs'],
    tables: { Orders: ['read', 'write'], Products: ['read', 'write'], Carts: ['read', 'write'] },
    sendsTo: ['Mail'],
    userPoolActions: [],
  },
  {
    // Sends each paid (or confirmed) order's receipt once (SES v2).
    name: 'mail-worker',
    trigger: 'queue',
    timeoutSeconds: 15,
    // secrets-manager: the receipt link carries the order's access token, derived from the cart token secret.
    services: ['dynamodb', 'ses', 'secrets-manager'],
    tables: { Orders: ['read', 'write'] },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    // On a schedule: expires AWAITING_PAYMENT orders whose window passed (and their Checkout Sessions);
    // one Stripe reports paid (its event lost) is made PAID here, and its receipt queued.
    name: 'payment-sweeper',
    trigger: 'schedule',
    timeoutSeconds: 60,
    services: ['dynamodb', 'stripe', 'sqs'],
    tables: { Orders: ['read', 'write'], Products: ['read', 'write'], Carts: ['read', 'write'] },
    sendsTo: ['Mail'],
    userPoolActions: [],
  },
  {
    // On a schedule (EventBridge Scheduler): the abandoned-cart reminders that are due, from the sparse
    // `reminderDue` index of Carts; one email per cart (SES v2), its links' tokens derived from the cart token secret.
    // A signed-in shopper's email is read from the user pool when the reminder goes (AdminGetUser).
    name: 'cart-reminder',
    trigger: 'schedule',
    timeoutSeconds: 60,
    services: ['dynamodb', 'ses', 'secrets-manager', 'cognito-idp'],
    tables: { Carts: ['read', 'update'], Products: ['read', 'scan'] },
    sendsTo: [],
    userPoolActions: ['cognito-idp:AdminGetUser'],
  },
  {
    // `/api/admin/*`: the catalog for members of the Cognito `admin` group (the guard is `http/admin.ts`).
    // Reads every row strongly consistent; writes are conditional, stock only by atomic increments.
    name: 'admin-api',
    trigger: 'http',
    timeoutSeconds: 15,
    services: ['dynamodb', 'cognito-jwks'],
    tables: { Products: ['read', 'write', 'update', 'delete', 'scan'], Revocations: ['read'] },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    // `/api/admin/discounts*` and `/api/admin/orders*` for the `admin` group: discount codes, the order
    // list, fulfilment and refunds (through Stripe). Orders change only by conditional updates.
    name: 'shop-admin',
    trigger: 'http',
    timeoutSeconds: 15,
    services: ['dynamodb', 'cognito-jwks', 'stripe', 'sqs'],
    tables: {
      Discounts: ['read', 'write', 'scan'],
      Orders: ['read', 'update', 'scan'],
      Revocations: ['read'],
      Webhooks: ['read', 'write'],
    },
    // Replaying a webhook delivery queues it again.
    sendsTo: ['Webhooks'],
    userPoolActions: [],
  },
  {
    // Delivers queued merchant webhooks (Standard Webhooks, signed with `standardwebhooks`); a failure
    // sets the message's visibility to the next backoff delay (the event source's grant covers it).
    name: 'webhook-worker',
    trigger: 'queue',
    timeoutSeconds: 25,
    services: ['dynamodb', 'sqs'],
    tables: { Webhooks: ['read', 'write'] },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    name: 'account',
    trigger: 'http',
    timeoutSeconds: 10,
    services: ['dynamodb', 'cognito-idp', 'cognito-jwks', 'apigateway-management'],
    // Deleting an account ends its tokens (a revocation every handler checks) and closes its open sockets.
    // `GET /me/export` reads the cart and orders; deleting an account also erases its orders' personal fields.
    tables: {
      Carts: ['read', 'delete'],
      Connections: ['read', 'delete'],
      Revocations: ['read', 'write'],
      Orders: ['read', 'update'],
    },
    sendsTo: [],
    userPoolActions: ['cognito-idp:AdminDeleteUser', 'cognito-idp:AdminGetUser'],
  },
  {
    // Reserves stock; with online payment, opens the Checkout Session (AWAITING_PAYMENT), else CONFIRMED (receipt queued).
    name: 'order-worker',
    trigger: 'queue',
    timeoutSeconds: 20,
    // secrets-manager: the payment return links carry the order's access token (derived from the cart token
    // secret); sqs: a CONFIRMED order (no online payment) queues its receipt, as PAID does in the payment worker.
    services: ['dynamodb', 'stripe', 'secrets-manager', 'sqs'],
    tables: { Orders: ['read', 'write'], Products: ['read', 'write'], Carts: ['read', 'write'] },
    sendsTo: ['Mail'],
    userPoolActions: [],
  },
  {
    name: 'cleanup-worker',
    trigger: 'queue',
    timeoutSeconds: 10,
    services: ['dynamodb'],
    tables: { Carts: ['read', 'write'] },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    // Stream read access comes with its event source mappings. It keeps the ProductCarts membership
    // rows and the Products "in N carts" counter, prices cart.updated messages from the catalog
    // (a cached Scan of Products) and pushes them to the owner's sockets.
    name: 'stream-processor',
    trigger: 'stream',
    timeoutSeconds: 30,
    services: ['dynamodb', 'apigateway-management', 'sqs'],
    // Products stream (issue 16): the carts holding a changed product (ProductCarts) are read and re-priced.
    // It also gives a FAILED or EXPIRED order's discount use back (Orders and Discounts: update, in one transaction).
    tables: {
      Connections: ['read', 'delete'],
      Products: ['update', 'scan'],
      ProductCarts: ['read', 'write'],
      Carts: ['read'],
      Orders: ['update'],
      Discounts: ['update'],
      // An order's paid/fulfilled/refunded/expired move queues a delivery per subscribed merchant endpoint.
      Webhooks: ['read', 'write'],
    },
    sendsTo: ['Webhooks'],
    userPoolActions: [],
  },
  {
    // `$connect` applies the identity rule: revoked user tokens, and expired cart tokens (the cart's TTL);
    // `?cartToken=` sockets are verified with the same key that signs them.
    name: 'ws-connect',
    trigger: 'websocket',
    timeoutSeconds: 10,
    services: ['dynamodb', 'secrets-manager', 'cognito-jwks'],
    tables: { Connections: ['read', 'write'], Revocations: ['read'], Carts: ['read'] },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    name: 'ws-disconnect',
    trigger: 'websocket',
    timeoutSeconds: 10,
    services: ['dynamodb'],
    tables: { Connections: ['read', 'write'] },
    sendsTo: [],
    userPoolActions: [],
  },
  {
    // Only answers ping with pong: no data access at all.
    name: 'ws-default',
    trigger: 'websocket',
    timeoutSeconds: 10,
    services: [],
    tables: {},
    sendsTo: [],
    userPoolActions: [],
  },
  {
    // Federated sign-in's linking (issue 18): a provider sign-in lands on the native user with that
    // email (found, created, or created in place of an unconfirmed sign-up), one person, one cart.
    name: 'pre-sign-up',
    trigger: 'cognito',
    // Cognito waits at most 5 s for a trigger.
    timeoutSeconds: 5,
    services: ['cognito-idp'],
    tables: {},
    sendsTo: [],
    userPoolActions: [
      'cognito-idp:ListUsers',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminLinkProviderForUser',
    ],
  },
] as const satisfies readonly FunctionDefinition[];

export type FunctionName = (typeof FUNCTIONS)[number]['name'];
type FunctionOf<N extends FunctionName> = Extract<(typeof FUNCTIONS)[number], { name: N }>;
/** The functions behind the HTTP API. */
export type HttpFunctionName = Extract<(typeof FUNCTIONS)[number], { trigger: 'http' }>['name'];
/** The services one function may call, as a type (`functionDeps` takes exactly these). */
export type ServicesOf<N extends FunctionName> = FunctionOf<N>['services'][number];

/**
 * One function's definition by name.
 *
 * @example
 * ```ts
 * functionNamed('stream-processor').timeoutSeconds; // 30
 * ```
 */
export function functionNamed(name: string): FunctionDefinition {
  const found = FUNCTIONS.find((fn) => fn.name === name);
  if (!found) throw new Error(`No function ${name} in src/topology/functions.ts`);
  return found;
}
