import type { CartLine, Product, Quote, QuoteProblem, ShippingAddress, ShippingOption } from '@cartkit/contract';
import type { LineState, ProductLookup } from './cart.js';
import type { DiscountVerdict } from './discount.js';
import { formatMoney } from './order.js';
import { countryTax, type ShopConfig, zoneFor } from './shop-config.js';
import { allocate, percentToPpm, taxOfAmounts } from './tax.js';

/** One cart line as the quote needs it: what the shopper chose and the product as the catalog has it now. */
export interface QuoteLineInput {
  readonly sku: string;
  readonly quantity: number;
  /** The product now; `undefined` when it left the catalog. */
  readonly product: Pick<Product, 'name' | 'unitPrice' | 'stock' | 'image' | 'optionValues'> | undefined;
  /**
   * The unit price the shopper saw when the line was added, where the cart
   * remembers it (the cart item does not yet: see docs/API.md, "Checkout").
   * Absent: no `PRICE_CHANGED` can be told for the line.
   */
  readonly addedUnitPrice?: number;
}

/**
 * A discount code for the quote: either an amount the caller resolved (`null`:
 * the code is not known), or `judge`, which sees the priced lines and the
 * subtotal and answers the amount or the problem (`judgeDiscount`, domain/discount.ts).
 */
export type QuoteDiscount =
  | { readonly code: string; readonly amount: number | null }
  | {
      readonly code: string;
      readonly judge: (items: readonly CartLine[], subtotal: number) => DiscountVerdict;
    };

/** Extras of a quote. */
export interface QuoteOptions {
  readonly discount?: QuoteDiscount;
}

/**
 * The quote's input lines from a stored cart and the catalog, in the cart's order.
 *
 * @example
 * ```ts
 * const lines = quoteLines(cart.lines, catalog.lookup);
 * ```
 */
export function quoteLines(
  lines: readonly (LineState & { readonly addedUnitPrice?: number })[],
  lookup: ProductLookup,
): QuoteLineInput[] {
  return [...lines]
    .sort((a, b) => a.addedAt - b.addedAt)
    .map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      product: lookup(line.sku),
      ...(line.addedUnitPrice === undefined ? {} : { addedUnitPrice: line.addedUnitPrice }),
    }));
}

/**
 * What the cart costs delivered to `address`, from the catalog and the shop's
 * configuration only, in integer minor units. Pure: no clock, no I/O.
 *
 * - Lines are priced at the catalog's price now; a product gone is left out
 *   (`UNAVAILABLE`), a price unlike the one seen when added is a `PRICE_CHANGED`
 *   notice, a quantity past the stock is `OVER_STOCK` (the line stays in, at its quantity).
 * - The discount comes off the subtotal (never more than it).
 * - Shipping: the options of the address's zone, in the configuration's order;
 *   an option is free when `subtotal - discount >= freeFrom`. The quote uses
 *   `shippingOptionId` if the zone offers it, else the first option
 *   (`SHIPPING_OPTION_UNAVAILABLE` when one was asked for). A country the shop
 *   does not ship to is `COUNTRY_NOT_SHIPPED` with no options, never a throw.
 *   An empty cart ships nothing (`shipping: 0`, `CART_EMPTY`).
 * - Tax: the address's region rate, else its country's; on each line after its
 *   share of the discount and, where `shippingTaxable`, on shipping. With
 *   `pricesIncludeTax` the tax is the part of the price that is tax and is not
 *   added. Rounded half-even to a minor unit, per taxed amount or once on their
 *   sum as `tax.rounding` says.
 * - `total = subtotal - discount + shipping + (taxIncluded ? 0 : tax)`.
 *
 * @example
 * ```ts
 * const q = quote(quoteLines(cart.lines, catalog.lookup), body.shippingAddress, body.shippingOptionId, SHOP);
 * if (q.problems.some(blocksCheckout)) throw new CheckoutBlockedError(q);
 * ```
 */
export function quote(
  lines: readonly QuoteLineInput[],
  address: Pick<ShippingAddress, 'country' | 'region'>,
  shippingOptionId: string | undefined,
  shop: ShopConfig,
  options: QuoteOptions = {},
): Quote {
  const problems: QuoteProblem[] = [];
  const items: CartLine[] = [];
  for (const line of lines) {
    const { product } = line;
    if (product === undefined) {
      problems.push({
        code: 'UNAVAILABLE',
        sku: line.sku,
        message: `A product in your cart (${line.sku}) is no longer sold; remove it to check out.`,
      });
      continue;
    }
    const lineTotal = product.unitPrice * line.quantity;
    if (!Number.isSafeInteger(lineTotal) || lineTotal < 0) throw new RangeError(`Line ${line.sku} has no exact total`);
    items.push({
      sku: line.sku,
      name: product.name,
      unitPrice: product.unitPrice,
      quantity: line.quantity,
      lineTotal,
      image: product.image,
      ...(product.optionValues ? { options: { ...product.optionValues } } : {}),
    });
    if (line.addedUnitPrice !== undefined && line.addedUnitPrice !== product.unitPrice) {
      problems.push({
        code: 'PRICE_CHANGED',
        sku: line.sku,
        name: product.name,
        oldUnitPrice: line.addedUnitPrice,
        newUnitPrice: product.unitPrice,
        message: `The price of "${product.name}" changed from ${formatMoney(line.addedUnitPrice, shop.currency)} to ${formatMoney(product.unitPrice, shop.currency)} since you added it.`,
      });
    }
    if (line.quantity > product.stock) {
      const stock = Math.max(0, product.stock);
      problems.push({
        code: 'OVER_STOCK',
        sku: line.sku,
        name: product.name,
        quantity: line.quantity,
        stock,
        message:
          stock === 0
            ? `"${product.name}" is sold out; remove it to check out.`
            : `Only ${stock} of "${product.name}" left; you have ${line.quantity} in your cart.`,
      });
    }
  }
  if (items.length === 0) problems.push({ code: 'CART_EMPTY', message: 'Your cart is empty.' });

  const subtotal = sum(items.map((item) => item.lineTotal));
  const discount = discountOf(options.discount, items, subtotal, problems);
  const afterDiscount = subtotal - discount;

  const zone = zoneFor(shop, address.country);
  const shippingOptions: ShippingOption[] =
    zone?.options.map((option) => ({
      id: option.id,
      label: option.label,
      amount: option.freeFrom !== undefined && afterDiscount >= option.freeFrom ? 0 : option.amount,
    })) ?? [];
  if (zone === undefined) {
    problems.push({
      code: 'COUNTRY_NOT_SHIPPED',
      country: address.country,
      message: `We do not ship to ${countryName(address.country)}.`,
    });
  }
  let chosen = shippingOptions.find((option) => option.id === shippingOptionId);
  if (shippingOptionId !== undefined && chosen === undefined && zone !== undefined) {
    problems.push({
      code: 'SHIPPING_OPTION_UNAVAILABLE',
      shippingOptionId,
      message: 'That shipping option is not offered for this address; choose one of those shown.',
    });
  }
  chosen ??= shippingOptions[0];
  const shipping = items.length === 0 ? 0 : (chosen?.amount ?? 0);

  const rule = countryTax(shop, address.country);
  let tax = 0;
  if (rule !== undefined) {
    const region = regionOf(rule.regions, address.country, address.region);
    if (rule.regionRequired === true && (address.region ?? '').trim() === '') {
      problems.push({
        code: 'REGION_REQUIRED',
        country: address.country,
        message: `Enter the state or province for an address in ${countryName(address.country)}.`,
      });
    }
    const ppm = percentToPpm(region?.percent ?? rule.percent);
    const shares = allocate(
      discount,
      items.map((item) => item.lineTotal),
    );
    const taxed = items.map((item, i) => item.lineTotal - (shares[i] ?? 0));
    if (rule.shippingTaxable === true && shipping > 0) taxed.push(shipping);
    tax = taxOfAmounts(taxed, ppm, rule.pricesIncludeTax, shop.tax.rounding);
  }
  const taxIncluded = rule?.pricesIncludeTax ?? false;
  const total = afterDiscount + shipping + (taxIncluded ? 0 : tax);
  if (!Number.isSafeInteger(total)) throw new RangeError('The quote total is too large to be exact');

  return {
    items,
    subtotal,
    discount,
    shipping,
    tax,
    taxIncluded,
    total,
    currency: shop.currency,
    shippingOptions,
    shippingOptionId: chosen?.id ?? null,
    problems,
  };
}

function sum(amounts: readonly number[]): number {
  const total = amounts.reduce((acc, amount) => acc + amount, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('The subtotal is too large to be exact');
  return total;
}

/** The discount that applies: the resolved amount, capped at the subtotal; an unknown code adds its problem. */
function discountOf(
  discount: QuoteDiscount | undefined,
  items: readonly CartLine[],
  subtotal: number,
  problems: QuoteProblem[],
): number {
  if (discount === undefined) return 0;
  if ('judge' in discount) {
    const verdict = discount.judge(items, subtotal);
    if (!verdict.ok) {
      problems.push(verdict.problem);
      return 0;
    }
    return discountOf({ code: discount.code, amount: verdict.amount }, items, subtotal, problems);
  }
  if (discount.amount === null) {
    problems.push({
      code: 'DISCOUNT_CODE_UNKNOWN',
      discountCode: discount.code,
      message: `The discount code "${discount.code}" is not valid.`,
    });
    return 0;
  }
  if (!Number.isSafeInteger(discount.amount) || discount.amount < 0) {
    throw new RangeError(`A discount is a non-negative integer of minor units (got ${discount.amount})`);
  }
  return Math.min(discount.amount, subtotal);
}

/**
 * The region's rule for an address: `region` matched, without regard to case or
 * surrounding spaces, against the rule's codes (`CA`, or `US-CA` in full
 * ISO 3166-2 form) and names (`California`).
 */
function regionOf<T extends { readonly name: string }>(
  regions: Readonly<Record<string, T>> | undefined,
  country: string,
  region: string | undefined,
): T | undefined {
  if (regions === undefined || region === undefined) return undefined;
  const wanted = region.trim().toUpperCase();
  const code = wanted.startsWith(`${country}-`) ? wanted.slice(country.length + 1) : wanted;
  if (Object.hasOwn(regions, code)) return regions[code];
  return Object.values(regions).find((rule) => rule.name.toUpperCase() === wanted);
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Germany" for `DE`; the code itself where the name is unknown. */
function countryName(code: string): string {
  try {
    return REGION_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}
