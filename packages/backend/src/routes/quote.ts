import { QuoteRequestSchema } from '@cartkit/contract';
import type { Route } from '../http/handler.js';
import { resolveOwner } from '../http/identity.js';
import { readJson } from '../http/request.js';
import { json } from '../http/response.js';
import { ownerKey } from '../domain/owner.js';
import { logger } from '../runtime/logger.js';
import { recordReminderEmail } from '../use-cases/cart-reminders.js';
import { quoteCart } from '../use-cases/quote-cart.js';

/**
 * `POST /checkout/quote` `QuoteRequest`: what the caller's cart costs delivered
 * to the address (lines at the prices they will be charged, shipping options,
 * tax, total, problems), from the cart, the catalog and the shop's
 * configuration only. Credentials as `GET /cart`. Spends the owner's mutation
 * rate limit: it is a POST computed per keystroke of an address form, and
 * costlier than a cart read. Writes nothing, except in a shop with abandoned-cart
 * reminders: the first quote with a (new) `email` records it on the cart, the
 * "contact step" a reminder needs (one write per email, not per quote).
 */
export const quoteCheckout: Route = async (request, deps) => {
  const owner = await resolveOwner(request, deps);
  const body = readJson(request, QuoteRequestSchema);
  await deps.localLimiter.hit(`mutate#${ownerKey(owner)}`, deps.config.mutationRatePerMinute, deps.now());
  const { quote, stored } = await quoteCart(deps, owner, body);
  try {
    await recordReminderEmail(deps, stored, body.email, owner);
  } catch (error) {
    // Reminder bookkeeping never costs the shopper their quote: the next quote with the email records it.
    logger.warn('reminder email not recorded', { requestId: request.requestId, error: (error as Error).name });
  }
  return json(200, quote, { 'Cache-Control': 'no-store' });
};
