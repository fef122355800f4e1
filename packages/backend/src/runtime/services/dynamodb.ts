import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAdminCatalog } from '../../adapters/admin-catalog.js';
import { createDocumentClient } from '../../adapters/aws.js';
import { DynamoCartReminders } from '../../adapters/cart-reminders.js';
import { DynamoCartStore } from '../../adapters/cart-store.js';
import { DynamoCatalog, withAssetBase } from '../../adapters/catalog.js';
import { DynamoDiscountStore } from '../../adapters/discount-store.js';
import { DynamoConnectionStore } from '../../adapters/connection-store.js';
import { DynamoFulfilment } from '../../adapters/fulfilment.js';
import { DynamoOrderAdmin } from '../../adapters/order-admin-store.js';
import { DynamoOrderStore } from '../../adapters/order-store.js';
import { DynamoWebhookStore } from '../../adapters/webhook-store.js';
import { DynamoPaymentStore } from '../../adapters/payment-store.js';
import { DynamoReceiptLedger } from '../../adapters/receipt-ledger.js';
import { ProductCartIndex } from '../../adapters/product-carts.js';
import { DynamoRateLimiter } from '../../adapters/rate-limiter.js';
import { DynamoRevocationStore } from '../../adapters/revocations.js';
import type { BackendConfig } from '../../config.js';
import { type Deps, refusing, SERVICE_MEMBERS, type ServiceModule } from '../deps.js';

/** The members of `Deps` that live in a table (`db`, the raw client, always comes along). */
export type DynamoMember = Exclude<(typeof SERVICE_MEMBERS)['dynamodb'][number], 'db'>;

/** One table-backed member: how to build it over the function's document client. */
export interface DynamoStore<M extends DynamoMember = DynamoMember> {
  readonly member: M;
  build(db: DynamoDBDocumentClient, config: BackendConfig): Deps[M];
}

// One export per store, each a plain object (no call at module level), so a
// function's bundle holds only the stores it names.
export const cartStore: DynamoStore<'carts'> = {
  member: 'carts',
  build: (db, config) => new DynamoCartStore(db, config.tables.carts),
};
export const cartReminderStore: DynamoStore<'cartReminders'> = {
  member: 'cartReminders',
  build: (db, config) => new DynamoCartReminders(db, config.tables.carts),
};
export const catalogStore: DynamoStore<'catalog'> = {
  member: 'catalog',
  build: (db, config) => {
    const catalog = new DynamoCatalog(db, config.tables.products, config.catalogTtlMs);
    // Every image URL the API hands out (products, cart lines, orders, pushes) is absolute.
    return config.publicAssetBaseUrl ? withAssetBase(catalog, config.publicAssetBaseUrl) : catalog;
  },
};
export const adminCatalogStore: DynamoStore<'adminCatalog'> = {
  member: 'adminCatalog',
  build: (db, config) => new DynamoAdminCatalog(db, config.tables.products),
};
export const connectionStore: DynamoStore<'connections'> = {
  member: 'connections',
  build: (db, config) => new DynamoConnectionStore(db, config.tables.connections),
};
export const orderStore: DynamoStore<'orders'> = {
  member: 'orders',
  build: (db, config) => new DynamoOrderStore(db, config.tables.orders, config.tables.carts),
};
export const fulfilmentStore: DynamoStore<'fulfilment'> = {
  member: 'fulfilment',
  build: (db, config) => new DynamoFulfilment(db, config.tables, new DynamoCartStore(db, config.tables.carts)),
};
export const productCartStore: DynamoStore<'productCarts'> = {
  member: 'productCarts',
  build: (db, config) => new ProductCartIndex(db, config.tables),
};
export const revocationStore: DynamoStore<'revocations'> = {
  member: 'revocations',
  build: (db, config) => new DynamoRevocationStore(db, config.tables.revocations, config.revocationCacheMs),
};
export const sharedLimiterStore: DynamoStore<'sharedLimiter'> = {
  member: 'sharedLimiter',
  build: (db, config) => new DynamoRateLimiter(db, config.tables.rateLimits),
};
export const paymentStore: DynamoStore<'paymentStore'> = {
  member: 'paymentStore',
  build: (db, config) => new DynamoPaymentStore(db, config.tables),
};
export const receiptLedgerStore: DynamoStore<'receiptLedger'> = {
  member: 'receiptLedger',
  build: (db, config) => new DynamoReceiptLedger(db, config.tables.orders),
};
export const discountStore: DynamoStore<'discounts'> = {
  member: 'discounts',
  build: (db, config) => new DynamoDiscountStore(db, config.tables),
};
export const orderAdminStore: DynamoStore<'orderAdmin'> = {
  member: 'orderAdmin',
  build: (db, config) => new DynamoOrderAdmin(db, config.tables.orders),
};
export const webhookStore: DynamoStore<'webhooks'> = {
  member: 'webhooks',
  build: (db, config) => new DynamoWebhookStore(db, config.tables.webhooks),
};
/** Every store: for processes that stand in for every function (tests, benchmarks). */
export const EVERY_STORE: readonly DynamoStore[] = [
  cartStore,
  cartReminderStore,
  catalogStore,
  adminCatalogStore,
  connectionStore,
  orderStore,
  fulfilmentStore,
  productCartStore,
  revocationStore,
  sharedLimiterStore,
  paymentStore,
  receiptLedgerStore,
  discountStore,
  orderAdminStore,
  webhookStore,
];

/**
 * The DynamoDB service of one function: one document client and the stores it
 * names (those of the tables its topology entry lists); any other store
 * refuses every use.
 *
 * @example
 * ```ts
 * const getDeps = functionDeps('ws-disconnect', { dynamodb: dynamodb(connectionStore) });
 * ```
 */
export function dynamodb(...stores: readonly DynamoStore[]): ServiceModule<'dynamodb'> {
  return (config) => {
    const db = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
    const built: Record<string, unknown> = { db };
    for (const member of SERVICE_MEMBERS.dynamodb) {
      if (member !== 'db') built[member] = refusing('this function', member, 'dynamodb');
    }
    for (const { member, build } of stores) built[member] = build(db, config);
    return built as unknown as ReturnType<ServiceModule<'dynamodb'>>;
  };
}
