/**
 * The DynamoDB tables, defined once: the CDK app and the local stack both
 * create them from this list, so local and AWS cannot drift.
 */
export interface TableDefinition {
  /** Logical id, also the suffix of the physical name. */
  readonly id:
    | 'Carts'
    | 'Products'
    | 'Orders'
    | 'Connections'
    | 'RateLimits'
    | 'ProductCarts'
    | 'Revocations'
    | 'Discounts'
    | 'Webhooks';
  /** Environment variable that carries the physical table name to the handlers. */
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** Epoch-seconds attribute DynamoDB's TTL deletes on. */
  readonly ttlAttribute?: string;
  /** Whether the pipeline reads this table's stream (`NEW_AND_OLD_IMAGES`). */
  readonly stream: boolean;
  readonly globalSecondaryIndexes?: readonly {
    readonly indexName: string;
    readonly partitionKey: string;
    readonly sortKey?: string;
    /**
     * `ALL` (default) copies every attribute into the index; `KEYS_ONLY` only the keys, so a write that
     * changes other attributes of an indexed item costs the index nothing.
     */
    readonly projection?: 'ALL' | 'KEYS_ONLY';
  }[];
}

export const TABLES = [
  {
    id: 'Carts',
    envVar: 'CARTS_TABLE',
    partitionKey: 'pk',
    ttlAttribute: 'ttl',
    stream: true,
    // Sparse: only carts with a pending abandoned-cart reminder carry `remind` (= "1") and `remindAt` (ISO time).
    // Keys only: a cart mutation (which never touches them) writes nothing to the index.
    globalSecondaryIndexes: [
      { indexName: 'reminderDue', partitionKey: 'remind', sortKey: 'remindAt', projection: 'KEYS_ONLY' },
    ],
  },
  // Streamed (issue 16): a change of price, stock or visibility is pushed to the carts holding the product.
  { id: 'Products', envVar: 'PRODUCTS_TABLE', partitionKey: 'sku', stream: true },
  {
    id: 'Orders',
    envVar: 'ORDERS_TABLE',
    partitionKey: 'orderId',
    stream: true,
    globalSecondaryIndexes: [
      { indexName: 'byOwner', partitionKey: 'ownerKey', sortKey: 'createdAt' },
      // Sparse: only AWAITING_PAYMENT orders carry `awaiting` (= "1") and `paymentExpiresAt` (epoch ms); the sweeper's query.
      { indexName: 'awaitingPayment', partitionKey: 'awaiting', sortKey: 'paymentExpiresAt' },
      // The admin's order list by status, newest first (order number claims have no status: not in it).
      { indexName: 'byStatus', partitionKey: 'status', sortKey: 'createdAt' },
      // The admin's search by email (issue 16): `emailKey` is a hash of the normalised email, erased with it.
      // Keys only: written when an order is placed or anonymised, never on its status moves; a search
      // reads the page's orders by key (BatchGetItem).
      { indexName: 'byEmail', partitionKey: 'emailKey', sortKey: 'createdAt', projection: 'KEYS_ONLY' },
    ],
  },
  {
    id: 'Connections',
    envVar: 'CONNECTIONS_TABLE',
    partitionKey: 'ownerKey',
    sortKey: 'connectionId',
    ttlAttribute: 'ttl',
    stream: false,
    globalSecondaryIndexes: [{ indexName: 'byConnection', partitionKey: 'connectionId' }],
  },
  { id: 'RateLimits', envVar: 'RATE_LIMITS_TABLE', partitionKey: 'pk', ttlAttribute: 'ttl', stream: false },
  // Which carts hold which product: one row per (sku, cart), kept by the stream
  // processor so the "in N carts" count on Products stays exact under retries.
  { id: 'ProductCarts', envVar: 'PRODUCT_CARTS_TABLE', partitionKey: 'sku', sortKey: 'ownerKey', stream: false },
  // Ended identities: `user#<sub>` with the time before which its tokens are refused (account deleted),
  // kept until every token issued before then has expired (TTL).
  { id: 'Revocations', envVar: 'REVOCATIONS_TABLE', partitionKey: 'pk', ttlAttribute: 'ttl', stream: false },
  // Discount codes: `{ pk: CODE, sk: "rule" }` holds the definition and its `used` counter,
  // `{ pk: CODE, sk: "customer#<hash of email>" }` one customer's uses; both counted in checkout's transaction.
  { id: 'Discounts', envVar: 'DISCOUNTS_TABLE', partitionKey: 'pk', sortKey: 'sk', stream: false },
  // Merchant webhooks: `{ pk: "endpoint", sk: <id> }` the registered endpoints, `{ pk: "delivery", sk: <msg id> }`
  // each delivery (time-sortable ids: newest first) with its payload and attempts, kept 30 days (TTL).
  // A delivery of an order's event carries `orderId`: the sparse, keys-only `byOrder` index finds an order's
  // deliveries when DELETE /me erases the shopper's personal data from their payloads.
  {
    id: 'Webhooks',
    envVar: 'WEBHOOKS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'ttl',
    stream: false,
    globalSecondaryIndexes: [{ indexName: 'byOrder', partitionKey: 'orderId', projection: 'KEYS_ONLY' }],
  },
] as const satisfies readonly TableDefinition[];

export type TableId = (typeof TABLES)[number]['id'];

/**
 * Kinds of access a function may have to a table (`FUNCTIONS[].tables`); the
 * CDK app turns each into an explicit list of DynamoDB actions.
 */
export type TableAccess = 'read' | 'write' | 'update' | 'delete' | 'scan';
