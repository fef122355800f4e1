// Presentation helpers shared by the catalog and the product page.
// Money arrives as integer minor units plus an ISO 4217 currency; it is only
// ever turned into text here, with Intl.NumberFormat, never into floats we keep.

/** Stock at or below this shows "Only N left". */
export const LOW_STOCK = 5;

const moneyFormats = new Map();

/**
 * Formats integer minor units (cents) as a price in the page's locale.
 * @example formatPrice(2400, 'USD') // "$24.00"
 * @param {number} minor
 * @param {string} currency
 */
export function formatPrice(minor, currency) {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/**
 * What a shopper should know about stock, and whether adding is possible.
 * @example stockState(2) // { level: 'low', label: 'Only 2 left', canAdd: true }
 * @param {number} stock
 * @returns {{ level: 'sold-out' | 'low' | 'in-stock', label: string, canAdd: boolean }}
 */
export function stockState(stock) {
  if (stock <= 0) return { level: 'sold-out', label: 'Sold out', canAdd: false };
  if (stock <= LOW_STOCK) return { level: 'low', label: `Only ${stock} left`, canAdd: true };
  return { level: 'in-stock', label: 'In stock', canAdd: true };
}

const plural = new Intl.PluralRules('en');

/**
 * The live "in N carts" figure, or '' when nobody has it in a cart.
 * @example inCartsLabel(3) // "In 3 carts right now"
 * @param {number | undefined} count
 */
export function inCartsLabel(count) {
  if (!count || count <= 0) return '';
  return plural.select(count) === 'one' ? 'In 1 cart right now' : `In ${count} carts right now`;
}
