import { createHash } from 'node:crypto';
import * as v from 'valibot';
import {
  CART_RESTORE_PURPOSE,
  CART_UNSUBSCRIBE_PURPOSE,
  parseCartRef,
  reminderTokenValid,
} from '../domain/cart-reminder.js';
import { EMPTY_CART, priceCart } from '../domain/cart.js';
import { anonymousExpiry, isCartAlive, ttlPassed } from '../domain/cart-liveness.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import { resolveOwner } from '../http/identity.js';
import type { HttpRequest } from '../http/request.js';
import { readJson } from '../http/request.js';
import { empty } from '../http/response.js';
import { armReminder, cartResponse } from './cart.js';
import type { Deps } from '../runtime/deps.js';

/** The body of both reminder link routes: what the link's fragment carried. */
const ReminderLinkSchema = v.strictObject({
  cart: v.pipe(v.string('cart must be the link\'s "cartkit-restore" value.'), v.maxLength(80, 'cart is too long.')),
  token: v.pipe(v.string('token must be the link\'s "token" value.'), v.maxLength(64, 'token is too long.')),
});

/** The cart a reminder link names, once its token checks out for `purpose`; a bad link changes nothing. */
async function verifiedLink(
  request: HttpRequest,
  deps: Deps,
  purpose: string,
): Promise<{ ref: string; owner: NonNullable<ReturnType<typeof parseCartRef>> }> {
  const body = readJson(request, ReminderLinkSchema);
  const owner = parseCartRef(body.cart);
  if (!owner) {
    throw new ValidationError('The link does not name a cart.', [
      { path: 'cart', message: 'Not a cart reference (the link may be cut short).' },
    ]);
  }
  const signer = await deps.cartTokens();
  if (!reminderTokenValid(signer.derivedKey(purpose), purpose, body.cart, body.token)) {
    throw new ForbiddenError('This link is not valid for that cart (it may be cut short or altered).');
  }
  return { ref: body.cart, owner };
}

/**
 * `POST /cart/restore` `{ cart, token }` (the reminder email's `#cartkit-restore=<cart>&token=<t>`):
 * copies that cart's lines into the CALLER's cart (anonymous `X-Cart-Token` or a user's bearer, as any
 * cart write), as a merge adds them (quantities add, capped at the line and cart limits; prices from the
 * catalog), once per link and cart (a key derived from the link: followed again, or twice at once, adds
 * nothing), and answers with the caller's cart. The reminder's cart is only read and no token for it is
 * ever handed out: a link cannot put this browser in a cart someone else can read (cart fixation), nor
 * drop what this browser's cart holds. Rate limited per client IP like `POST /cart/anonymous`. 403 for a
 * forged token or an account's cart, 404 for a cart that expired or is gone; a refusal changes nothing.
 */
export const restoreCart: Route = async (request, deps) => {
  const now = deps.now();
  await deps.sharedLimiter.hit(`anon#${request.sourceIp}`, deps.config.anonymousRatePerMinute, now);
  const caller = await resolveOwner(request, deps);
  const { ref, owner } = await verifiedLink(request, deps, CART_RESTORE_PURPOSE);
  if (owner.kind === 'user') {
    throw new ForbiddenError('This cart belongs to an account: sign in to see it on this device.');
  }
  const sourceKey = ownerKey(owner);
  const targetKey = ownerKey(caller);
  await deps.localLimiter.hit(`mutate#${targetKey}`, deps.config.mutationRatePerMinute, now);
  const [stored, lookup] = await Promise.all([deps.carts.get(sourceKey), deps.catalog.lookup()]);
  if (!stored || ttlPassed(stored.expiresAt, now) || stored.mergedInto !== undefined) {
    throw new NotFoundError('This cart no longer exists (it expired or was moved into an account).');
  }
  if (sourceKey === targetKey) {
    // This browser's own cart already: nothing to copy.
    const own = await deps.carts.get(targetKey);
    return cartResponse(priceCart(own ?? EMPTY_CART, caller.kind, lookup, deps.config.currency));
  }
  // Only what is still sold, at the catalog's price now (the price the shopper will see).
  const lines = stored.lines.flatMap((line) => {
    const product = lookup(line.sku);
    if (product === undefined || product.variants !== undefined) return [];
    return [{ sku: line.sku, quantity: line.quantity, addedAt: line.addedAt, addedUnitPrice: product.unitPrice }];
  });
  const result = await deps.carts.copyLines(targetKey, lines, {
    now,
    mayCreate: isCartAlive(caller, undefined, now),
    ...(caller.kind === 'anonymous' ? { ttl: anonymousExpiry(now) } : {}),
    idempotency: { key: `cartkit-restore:${ref}`, hash: restoreHash(ref) },
  });
  if (result.changed) await armReminder(deps, caller, result.cart, now, request.requestId);
  const cart = priceCart(result.cart, caller.kind, lookup, deps.config.currency);
  return cartResponse(cart, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
};

/** The request a restore key stands for: the link's cart (its token is verified already). */
function restoreHash(ref: string): string {
  return createHash('sha256').update(`restore\n${ref}`).digest('base64url').slice(0, 22);
}

/**
 * `POST /cart/reminders/unsubscribe` `{ cart, token }` (the email's `#cartkit-unsubscribe=…` link):
 * no reminder for that cart, now or later. 204 (also when the cart is gone: nothing will be sent);
 * 403 for a forged token.
 */
export const unsubscribeCartReminder: Route = async (request, deps) => {
  const { owner } = await verifiedLink(request, deps, CART_UNSUBSCRIBE_PURPOSE);
  const key = ownerKey(owner);
  // The marker lives a month past the cart (read for its expiry): a later quote must not arm it again.
  const stored = await deps.carts.get(key);
  await deps.cartReminders.unsubscribe(key, new Date(deps.now()).toISOString(), stored?.expiresAt);
  return empty(204, { 'Cache-Control': 'no-store' });
};
