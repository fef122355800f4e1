import type { AnonymousToken } from '@cartkit/contract';
import * as v from 'valibot';
import {
  CART_RESTORE_PURPOSE,
  CART_UNSUBSCRIBE_PURPOSE,
  parseCartRef,
  reminderTokenValid,
} from '../domain/cart-reminder.js';
import { ttlPassed } from '../domain/cart-liveness.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { ownerKey } from '../domain/owner.js';
import type { Route } from '../http/handler.js';
import type { HttpRequest } from '../http/request.js';
import { readJson } from '../http/request.js';
import { empty, json } from '../http/response.js';
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
 * a new anonymous cart token for that cart, so any device adopts it. No credentials; rate limited per
 * client IP like `POST /cart/anonymous`. 403 for a forged token, 404 for a cart that expired or is gone,
 * 403 for an account's cart (signing in shows it on any device).
 */
export const restoreCart: Route = async (request, deps) => {
  const now = deps.now();
  await deps.sharedLimiter.hit(`anon#${request.sourceIp}`, deps.config.anonymousRatePerMinute, now);
  const { owner } = await verifiedLink(request, deps, CART_RESTORE_PURPOSE);
  if (owner.kind === 'user') {
    throw new ForbiddenError('This cart belongs to an account: sign in to see it on this device.');
  }
  const stored = await deps.carts.get(ownerKey(owner));
  if (!stored || ttlPassed(stored.expiresAt, now) || stored.mergedInto !== undefined) {
    throw new NotFoundError('This cart no longer exists (it expired or was moved into an account).');
  }
  const issued = (await deps.cartTokens()).issue(now, owner.id);
  const body: AnonymousToken = { cartToken: issued.cartToken, expiresAt: issued.expiresAt };
  return json(200, body, { 'Cache-Control': 'no-store' });
};

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
