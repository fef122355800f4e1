import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { fromItem } from '../adapters/cart-store.js';
import { priceCart } from '../domain/cart.js';
import { type StoredOrder, toWireOrder } from '../domain/order.js';
import { parseOwnerKey } from '../domain/owner.js';
import type { Deps } from './deps.js';
import { notifyOwner } from './notify.js';

type Image = Record<string, unknown>;

function image(raw: Record<string, unknown> | undefined): Image | undefined {
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

/**
 * Handles one change of the Carts or Orders table (told apart by their keys):
 * keeps the "in N carts" aggregate and pushes the new state to the owner's
 * sockets. Safe to repeat: the aggregate is idempotent and clients keep the
 * highest version.
 */
export async function handleChange(record: DynamoDBRecord, deps: Deps): Promise<void> {
  const keys = record.dynamodb?.Keys ?? {};
  const before = image(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
  const after = image(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
  if ('pk' in keys) await cartChanged(before, after, deps);
  else if ('orderId' in keys) await orderChanged(before, after, deps);
}

async function cartChanged(before: Image | undefined, after: Image | undefined, deps: Deps): Promise<void> {
  const ownerKey = String((after ?? before)?.pk ?? '');
  const owner = parseOwnerKey(ownerKey);
  if (!owner) return; // not a cart row
  const had = new Set(Object.keys((before?.qty ?? {}) as object));
  const has = new Set(Object.keys((after?.qty ?? {}) as object));
  const changes: Promise<void>[] = [];
  for (const sku of has) if (!had.has(sku)) changes.push(deps.productCarts.add(sku, ownerKey));
  for (const sku of had) if (!has.has(sku)) changes.push(deps.productCarts.remove(sku, ownerKey));
  await Promise.all(changes);
  if (!after || after.version === before?.version) return; // deleted, or bookkeeping only (no new version)
  const cart = priceCart(fromItem(after), owner.kind, await deps.catalog.lookup(), deps.config.currency);
  await notifyOwner(deps, ownerKey, { type: 'cart.updated', cart });
}

async function orderChanged(before: Image | undefined, after: Image | undefined, deps: Deps): Promise<void> {
  if (!after) return;
  if (before && before.status === after.status && before.updatedAt === after.updatedAt) return;
  const order = after as unknown as StoredOrder;
  await notifyOwner(deps, order.ownerKey, { type: 'order.updated', order: toWireOrder(order) });
}
