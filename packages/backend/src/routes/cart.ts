import { createHash } from 'node:crypto';
import { AddItemBodySchema, type Cart, SetQuantityBodySchema, SkuSchema } from '@cartkit/contract';
import { VersionMismatch } from '../adapters/cart-store.js';
import type { Deps } from '../runtime/deps.js';
import {
  type CartOperation,
  type CartState,
  checkAgainstCatalog,
  EMPTY_CART,
  type ProductLookup,
  priceCart,
} from '../domain/cart.js';
import { anonymousExpiry, assertCartAlive, isCartAlive } from '../domain/cart-liveness.js';
import { VersionConflictError } from '../domain/errors.js';
import { type Owner, ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { resolveOwner } from '../http/identity.js';
import {
  assertBodySize,
  type HttpRequest,
  readIdempotencyKey,
  readIfMatch,
  readJson,
  readValue,
} from '../http/request.js';
import { json } from '../http/response.js';
import { logger } from '../runtime/logger.js';
import { armAccountReminder } from '../use-cases/cart-reminders.js';

/** A cart response: the priced cart, its `ETag`, never cached. */
export function cartResponse(cart: Cart, extra: Record<string, string> = {}) {
  return json(200, cart, { ETag: `"${cart.version}"`, 'Cache-Control': 'no-store', ...extra });
}

/** Prices a stored cart for the wire. */
export async function priced(deps: Deps, owner: Owner, state: CartState): Promise<Cart> {
  return priceCart(state, owner.kind, await deps.catalog.lookup(), deps.config.currency);
}

/** `GET /cart`: the caller's cart; an owner with none gets an empty cart at version 0. */
export const getCart: Route = async (request, deps) => {
  assertBodySize(request);
  const owner = await resolveOwner(request, deps);
  const now = deps.now();
  const [stored, lookup] = await Promise.all([deps.carts.get(ownerKey(owner)), deps.catalog.lookup()]);
  assertCartAlive(owner, stored, now);
  return cartResponse(priceCart(stored ?? EMPTY_CART, owner.kind, lookup, deps.config.currency));
};

/** `POST /cart/items` `{ sku, quantity }`: adds to the line (or creates it). */
export const addItem: Route = async (request, deps) =>
  mutate(request, deps, () => {
    const body = readJson(request, AddItemBodySchema);
    return { type: 'add', sku: body.sku, quantity: body.quantity };
  });

/** `PUT /cart/items/{sku}` `{ quantity }`: sets the line's quantity; 0 removes it. */
export const setItem: Route = async (request, deps) =>
  mutate(request, deps, () => {
    const sku = readValue(request.pathParameters.sku, SkuSchema, 'sku');
    const body = readJson(request, SetQuantityBodySchema);
    return { type: 'set', sku, quantity: body.quantity };
  });

/** `DELETE /cart/items/{sku}`: removes the line; an absent line is not an error. */
export const removeItem: Route = async (request, deps) =>
  mutate(request, deps, () => {
    assertBodySize(request);
    return { type: 'remove', sku: readValue(request.pathParameters.sku, SkuSchema, 'sku') };
  });

/** `DELETE /cart`: empties the cart. */
export const clearCart: Route = async (request, deps) =>
  mutate(request, deps, () => {
    assertBodySize(request);
    return { type: 'clear' };
  });

/**
 * Every cart mutation: authenticate first (a caller without credentials
 * learns nothing about the body), validate, check the catalog, then one
 * conditional write (the store enforces limits, `If-Match` and the
 * idempotency key atomically).
 */
async function mutate(request: HttpRequest, deps: Deps, readOperation: () => CartOperation) {
  const owner = await resolveOwner(request, deps);
  const asked = readOperation();
  const key = ownerKey(owner);
  const now = deps.now();
  const idempotencyKey = readIdempotencyKey(request);
  const expectedVersion = readIfMatch(request);
  await deps.localLimiter.hit(`mutate#${key}`, deps.config.mutationRatePerMinute, now);
  const lookup = await deps.catalog.lookup();
  checkAgainstCatalog(asked, lookup);
  const operation = withSeenPrice(asked, lookup);
  try {
    const result = await deps.carts.mutate(key, operation, {
      now,
      // The liveness rule, for the case the store decides: no cart yet (a stored one is judged by its ttl).
      mayCreate: isCartAlive(owner, undefined, now),
      ...(owner.kind === 'anonymous' ? { ttl: anonymousExpiry(now) } : {}),
      ...(idempotencyKey === undefined ? {} : { idempotency: { key: idempotencyKey, hash: requestHash(request) } }),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
    if (result.changed && !result.replayed) await armReminder(deps, owner, result.cart, now, request.requestId);
    const cart = priceCart(result.cart, owner.kind, lookup, deps.config.currency);
    return cartResponse(cart, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  } catch (error) {
    if (error instanceof VersionMismatch) {
      throw new VersionConflictError(priceCart(error.current, owner.kind, lookup, deps.config.currency));
    }
    throw error;
  }
}

/**
 * A signed-in shopper's abandoned-cart reminder, armed by the write that gave their empty cart its
 * first line (`armAccountReminder`: nothing for any other write, a guest, or a shop without reminders).
 * Never costs the shopper their change: a later quote arms it as well.
 */
export async function armReminder(
  deps: Deps,
  owner: Owner,
  cart: CartState,
  now: number,
  requestId: string,
): Promise<void> {
  try {
    await armAccountReminder(deps, owner, cart, now);
  } catch (error) {
    logger.warn('cart reminder not armed', { requestId, error: (error as Error).name });
  }
}

/**
 * An add (or a set that creates a line) carries the catalog's price now, the
 * price the shopper saw, for the line to remember (the quote's `PRICE_CHANGED`).
 */
function withSeenPrice(operation: CartOperation, lookup: ProductLookup): CartOperation {
  if (operation.type !== 'add' && operation.type !== 'set') return operation;
  const product = lookup(operation.sku);
  return product === undefined ? operation : { ...operation, unitPrice: product.unitPrice };
}

/** What makes two requests "the same" for an idempotency key: route, path and body. */
function requestHash(request: HttpRequest): string {
  return createHash('sha256')
    .update(`${request.routeKey}\n${request.path}\n${request.rawBody ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}
