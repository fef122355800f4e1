import type { Quote, QuoteRequest } from '@cartkit/contract';
import type { StoredCart } from '../adapters/cart-item.js';
import type { DiscountUse } from '../adapters/discount-store.js';
import { canonicalCode, customerKey, type DiscountVerdict, judgeDiscount } from '../domain/discount.js';
import { EMPTY_CART } from '../domain/cart.js';
import { assertCartAlive } from '../domain/cart-liveness.js';
import { type Owner, ownerKey } from '../domain/owner.js';
import { quote, quoteLines } from '../domain/quote.js';
import type { Deps } from '../runtime/deps.js';

/** A quote and the stored cart it was computed from (checkout freezes exactly that version). */
export interface CartQuote {
  readonly quote: Quote;
  /** The code that applies to this quote and the customer it counts against (checkout counts one use). */
  readonly discount?: DiscountUse;
  readonly stored: StoredCart | undefined;
  /** The cart version quoted (0: never written). */
  readonly version: number;
}

/**
 * What the owner's cart costs delivered to the request's address: the stored
 * cart, the catalog and the shop's configuration only (`quote`, domain/quote.ts).
 * The one place both `POST /checkout/quote` and `POST /cart/checkout` price a
 * cart, so the total the shopper saw and the one checkout compares are the
 * same arithmetic. A dead anonymous cart is 401 (`assertCartAlive`). A
 * `discountCode` is judged by `judgeDiscount` (domain/discount.ts) against the
 * code's rule as stored now; its per-customer limit only once `customerEmail`
 * (or the request's `email`) says who the customer is.
 *
 * @example
 * ```ts
 * const { quote } = await quoteCart(deps, owner, { shippingAddress, shippingOptionId });
 * ```
 */
export async function quoteCart(
  deps: Deps,
  owner: Owner,
  request: Pick<QuoteRequest, 'shippingAddress' | 'shippingOptionId' | 'discountCode' | 'email'>,
  customerEmail: string | undefined = request.email,
  options: { readonly fresh?: boolean } = {},
): Promise<CartQuote> {
  const code = request.discountCode === undefined ? undefined : canonicalCode(request.discountCode);
  const customer = customerEmail === undefined ? undefined : customerKey(customerEmail);
  const [stored, cachedLookup, rule, customerUses] = await Promise.all([
    deps.carts.get(ownerKey(owner)),
    deps.catalog.lookup(),
    code === undefined ? undefined : deps.discounts.get(code),
    code === undefined || customer === undefined ? undefined : deps.discounts.customerUses(code, customer),
  ]);
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
  const now = deps.now();
  let applied = false;
  const result = quote(lines, request.shippingAddress, request.shippingOptionId, deps.shop, {
    ...(code === undefined
      ? {}
      : {
          discount: {
            code,
            judge: (items, subtotal) => {
              const verdict: DiscountVerdict = judgeDiscount(code, rule, {
                // Each variant's line with its product's SKU: a code restricted to a product covers its variants.
                items: items.map((item) => ({ ...item, productSku: lookup(item.sku)?.productSku })),
                subtotal,
                currency: deps.shop.currency,
                now,
                ...(customerUses === undefined ? {} : { customerUses }),
              });
              applied = verdict.ok;
              return verdict;
            },
          },
        }),
  });
  const discount: DiscountUse | undefined =
    applied && rule !== undefined && code !== undefined && customer !== undefined
      ? {
          code,
          revision: rule.revision,
          customer,
          ...(rule.perCustomerLimit === undefined ? {} : { perCustomerLimit: rule.perCustomerLimit }),
        }
      : undefined;
  return { quote: result, stored, version: stored?.version ?? 0, ...(discount ? { discount } : {}) };
}
