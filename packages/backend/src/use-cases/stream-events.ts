import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { fromItem } from '../adapters/cart-store.js';
import { priceCart } from '../domain/cart.js';
import { toCatalogRow, toPublicProduct } from '../domain/catalog-item.js';
import { type StoredOrder, toWireOrder } from '../domain/order.js';
import { parseOwnerKey } from '../domain/owner.js';
import type { Deps } from '../runtime/deps.js';
import { queueLowStockWebhook, queueOrderWebhook } from './merchant-webhooks.js';
import { notifyOwner } from './notify.js';

type Image = Record<string, unknown>;

function image(raw: Record<string, unknown> | undefined): Image | undefined {
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

/** The newest cart version per owner in a batch of stream records. */
export type NewestVersions = ReadonlyMap<string, number>;

/**
 * Reads, for each cart in a batch, the highest version its records carry.
 * Only that version is pushed: clients keep the highest version anyway, and a
 * burst of edits then costs one connections query and one push per cart
 * instead of one per edit.
 */
export function newestCartVersions(records: readonly DynamoDBRecord[]): NewestVersions {
  const newest = new Map<string, number>();
  for (const record of records) {
    const image = record.dynamodb?.NewImage as Record<string, { S?: string; N?: string }> | undefined;
    const pk = image?.pk?.S;
    const version = Number(image?.version?.N);
    if (pk === undefined || !Number.isFinite(version)) continue;
    if (version > (newest.get(pk) ?? -1)) newest.set(pk, version);
  }
  return newest;
}

/**
 * The "in N carts" changes of a batch, folded per SKU: for each cart, the SKUs
 * its first record's old image lacked and its last record's new image has (+1),
 * and the reverse (-1); a line added and removed within the batch counts 0.
 * Records of one cart arrive in order within a shard, so this is what applying
 * them one by one would leave.
 */
export function inCartsChanges(records: readonly DynamoDBRecord[]): Map<string, { ownerKey: string; delta: 1 | -1 }[]> {
  const first = new Map<string, Set<string>>();
  const last = new Map<string, Set<string>>();
  for (const record of records) {
    if (!('pk' in (record.dynamodb?.Keys ?? {}))) continue;
    const before = image(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
    const after = image(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
    const ownerKey = String((after ?? before)?.pk ?? '');
    if (!parseOwnerKey(ownerKey)) continue;
    if (!first.has(ownerKey)) first.set(ownerKey, new Set(Object.keys((before?.qty ?? {}) as object)));
    last.set(ownerKey, new Set(Object.keys((after?.qty ?? {}) as object)));
  }
  const changes = new Map<string, { ownerKey: string; delta: 1 | -1 }[]>();
  const push = (sku: string, ownerKey: string, delta: 1 | -1) => {
    const rows = changes.get(sku) ?? [];
    rows.push({ ownerKey, delta });
    changes.set(sku, rows);
  };
  for (const [ownerKey, had] of first) {
    const has = last.get(ownerKey) ?? new Set<string>();
    for (const sku of has) if (!had.has(sku)) push(sku, ownerKey, 1);
    for (const sku of had) if (!has.has(sku)) push(sku, ownerKey, -1);
  }
  return changes;
}

/**
 * Handles one change of the Carts, Orders or Products table (told apart by their keys):
 * keeps the "in N carts" aggregate and pushes the new state to the owner's
 * sockets (unless `newest` says a later record of the same batch carries a
 * newer cart). Safe to repeat: the aggregate is idempotent and clients keep
 * the highest version.
 */
export async function handleChange(
  record: DynamoDBRecord,
  deps: Deps,
  newest?: NewestVersions,
  options: { inCartsCounted?: boolean } = {},
): Promise<void> {
  const keys = record.dynamodb?.Keys ?? {};
  const before = image(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
  const after = image(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
  if ('pk' in keys) await cartChanged(before, after, deps, newest, options.inCartsCounted === true);
  else if ('orderId' in keys) await orderChanged(before, after, deps);
  else if ('sku' in keys) {
    const at = Number(record.dynamodb?.ApproximateCreationDateTime);
    await productChanged(before, after, deps, {
      sequence: record.dynamodb?.SequenceNumber ?? String(record.eventID ?? ''),
      at: Number.isFinite(at) && at > 0 ? at * 1000 : deps.now(),
    });
  }
}

async function cartChanged(
  before: Image | undefined,
  after: Image | undefined,
  deps: Deps,
  newest: NewestVersions | undefined,
  inCartsCounted: boolean,
): Promise<void> {
  const ownerKey = String((after ?? before)?.pk ?? '');
  const owner = parseOwnerKey(ownerKey);
  if (!owner) return; // not a cart row
  // The handler counted the batch's changes already (`inCartsChanges`), or this record counts its own.
  if (!inCartsCounted) await countInCarts(before, after, ownerKey, deps);
  if (!after || after.version === before?.version) return; // deleted, or bookkeeping only (no new version)
  if (Number(after.version) < (newest?.get(ownerKey) ?? -1)) return; // a later record of this batch pushes a newer cart
  const cart = priceCart(fromItem(after), owner.kind, await deps.catalog.lookup(), deps.config.currency);
  await notifyOwner(deps, ownerKey, { type: 'cart.updated', cart });
}

async function countInCarts(before: Image | undefined, after: Image | undefined, ownerKey: string, deps: Deps) {
  const had = new Set(Object.keys((before?.qty ?? {}) as object));
  const has = new Set(Object.keys((after?.qty ?? {}) as object));
  const changes: Promise<void>[] = [];
  for (const sku of has) if (!had.has(sku)) changes.push(deps.productCarts.add(sku, ownerKey));
  for (const sku of had) if (!has.has(sku)) changes.push(deps.productCarts.remove(sku, ownerKey));
  await Promise.all(changes);
}

async function orderChanged(before: Image | undefined, after: Image | undefined, deps: Deps): Promise<void> {
  if (!after || typeof after.ownerKey !== 'string') return; // deleted, or not an order (an order number's claim)
  await releaseDiscount(after as unknown as StoredOrder, deps);
  await queueOrderWebhook(deps, before as unknown as StoredOrder | undefined, after as unknown as StoredOrder);
  await queueShippedEmail(before, after, deps);
  if (before && before.status === after.status && before.updatedAt === after.updatedAt) return;
  const order = after as unknown as StoredOrder;
  await notifyOwner(deps, order.ownerKey, { type: 'order.updated', order: toWireOrder(order) });
}

/**
 * An order's move to FULFILLED queues its "on its way" email (use-cases/send-shipped.ts) on the
 * mail queue, from the stream rather than the admin's request: the move is committed, so the email
 * cannot be lost to a failure after it, and a record handed over again queues a message the mail
 * worker's ledger makes harmless. No email on the order (anonymised, or none given): no message.
 */
async function queueShippedEmail(before: Image | undefined, after: Image, deps: Deps): Promise<void> {
  if (after.status !== 'FULFILLED' || before?.status === 'FULFILLED') return;
  if (typeof after.email !== 'string' || after.email === '' || after.shippedSentAt !== undefined) return;
  await deps.queue.send({ type: 'order.fulfilled', orderId: String(after.orderId) });
}

/**
 * An order that ended without being bought (FAILED, EXPIRED) gives its
 * discount use back; `release` is conditioned on the order, so a redelivered
 * record gives it back once.
 */
async function releaseDiscount(order: StoredOrder, deps: Deps): Promise<void> {
  if (order.status !== 'FAILED' && order.status !== 'EXPIRED') return;
  if (order.discountCode === undefined || order.discountCustomer === undefined || order.discountReleased) return;
  await deps.discounts.release({
    orderId: order.orderId,
    discountCode: order.discountCode,
    discountCustomer: order.discountCustomer,
  });
}

/** The fields of a Products row whose change a cart holding it must hear about. */
const SHOPPER_VISIBLE = ['unitPrice', 'stock', 'visibility', 'name', 'image', 'optionValues'] as const;

/**
 * A Products row changed (an admin write, a reservation, a release): every
 * fall to low stock is queued as the merchant's `product.low_stock`; every
 * open cart holding it is priced again and pushed as `cart.repriced` (same
 * version, new figures), so its line shows the new price, "only N left" or
 * "no longer available" within a stream poll. The changed row is priced from
 * the record's own new image, not the cached catalog, so the push is never
 * older than the change. Changes shoppers cannot see (the "in N carts"
 * counter) push nothing; carts with no open socket are not read.
 */
async function productChanged(
  before: Image | undefined,
  after: Image | undefined,
  deps: Deps,
  change: { readonly sequence: string; readonly at: number },
): Promise<void> {
  const sku = String((after ?? before)?.sku ?? '');
  if (sku === '') return;
  // Before the carts: the merchant hears of low stock whether or not anyone holds the product.
  await queueLowStockWebhook(deps, before, after, change);
  const seen = (image: Image | undefined) => JSON.stringify(SHOPPER_VISIBLE.map((field) => image?.[field] ?? null));
  if (before && after && seen(before) === seen(after)) return;
  // Later cart.updated pushes of this instance price from a fresh copy, not one from before this change.
  deps.catalog.invalidate?.();
  const owners = await deps.productCarts.ownersOf(sku);
  if (owners.length === 0) return;
  const row = after ? toCatalogRow(after) : undefined;
  const changed = row && row.visibility === 'active' && row.kind !== 'parent' ? toPublicProduct(row) : undefined;
  const cached = await deps.catalog.lookup();
  const lookup = (candidate: string) => (candidate === sku ? changed : cached(candidate));
  const name = row?.name ?? (before ? String(before.name ?? '') : '');
  const nameOf = (candidate: string) => (candidate === sku && name !== '' ? name : undefined);
  await Promise.all(
    owners.map(async (ownerKey) => {
      const owner = parseOwnerKey(ownerKey);
      if (!owner || (await deps.connections.listByOwner(ownerKey)).length === 0) return;
      const stored = await deps.carts.get(ownerKey);
      if (!stored) return;
      const cart = priceCart(stored, owner.kind, lookup, deps.config.currency, nameOf);
      await notifyOwner(deps, ownerKey, { type: 'cart.repriced', cart });
    }),
  );
}
