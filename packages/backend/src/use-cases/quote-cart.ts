import type { Quote, QuoteRequest } from '@cartkit/contract';
import type { StoredCart } from '../adapters/cart-item.js';
import { EMPTY_CART } from '../domain/cart.js';
import { assertCartAlive } from '../domain/cart-liveness.js';
import { type Owner, ownerKey } from '../domain/owner.js';
import { quote, quoteLines } from '../domain/quote.js';
import type { Deps } from '../runtime/deps.js';

/** A quote and the stored cart it was computed from (checkout freezes exactly that version). */
export interface CartQuote {
  readonly quote: Quote;
  readonly stored: StoredCart | undefined;
  /** The cart version quoted (0: never written). */
  readonly version: number;
}

/**
 * What the owner's cart costs delivered to the request's address: the stored
 * cart, the catalog and the shop's configuration only (`quote`, domain/quote.ts).
 * The one place both `POST /checkout/quote` and `POST /cart/checkout` price a
 * cart, so the total the shopper saw and the one checkout compares are the
 * same arithmetic. A dead anonymous cart is 401 (`assertCartAlive`). The shop
 * has no discount codes yet: any code is `DISCOUNT_CODE_UNKNOWN`.
 *
 * @example
 * ```ts
 * const { quote } = await quoteCart(deps, owner, { shippingAddress, shippingOptionId });
 * ```
 */
export async function quoteCart(
  deps: Deps,
  owner: Owner,
  request: Pick<QuoteRequest, 'shippingAddress' | 'shippingOptionId' | 'discountCode'>,
  options: { readonly fresh?: boolean } = {},
): Promise<CartQuote> {
  const [stored, cachedLookup] = await Promise.all([deps.carts.get(ownerKey(owner)), deps.catalog.lookup()]);
  // Placing an order reads its lines' products again: the cache is per function, and checkout has its own.
  const lookup =
    options.fresh && deps.catalog.lookupFresh && stored && stored.lines.length > 0
      ? await deps.catalog.lookupFresh(stored.lines.map((line) => line.sku))
      : cachedLookup;
  assertCartAlive(owner, stored, deps.now());
  const cartLines = (stored ?? EMPTY_CART).lines;
  for (const line of cartLines) {
    const currency = lookup(line.sku)?.currency;
    if (currency !== undefined && currency !== deps.shop.currency) {
      // A catalog priced in another currency than the shop's: a deployment mistake, never a shopper's (500, logged).
      throw new Error(`The catalog prices ${line.sku} in ${currency}, the shop in ${deps.shop.currency}`);
    }
  }
  const lines = quoteLines(cartLines, lookup);
  const result = quote(lines, request.shippingAddress, request.shippingOptionId, deps.shop, {
    ...(request.discountCode === undefined ? {} : { discount: { code: request.discountCode, amount: null } }),
  });
  return { quote: result, stored, version: stored?.version ?? 0 };
}
