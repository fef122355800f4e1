import * as v from 'valibot';
import { LIMITS } from './limits.js';

// The scalar shapes every other schema is built from, in a file of their own so
// the shape files (schemas.ts, address.ts, checkout.ts) import them without a cycle.

/** A SKU: 1..64 characters of letters, digits, `-`, `_` and `.`. */
export const SkuSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
);

/** Integer minor units (cents), never negative. */
export const MoneySchema = v.pipe(v.number(), v.integer(), v.minValue(0));

/** An ISO 4217 currency code. */
export const CurrencySchema = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'));

/** A line quantity, 1..99. */
export const QuantitySchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(LIMITS.minQuantity, `must be at least ${LIMITS.minQuantity}`),
  v.maxValue(LIMITS.maxQuantity, `must be at most ${LIMITS.maxQuantity}`),
);

/** An ISO 8601 UTC timestamp. */
export const IsoTimeSchema = v.pipe(v.string(), v.isoTimestamp());

/**
 * One line of a cart, priced from the catalog. `stock` (on `Cart` lines only,
 * never on order or quote lines) is the product's stock when the cart was
 * priced, so a client can cap its quantity stepper and flag a line beyond it;
 * absent from servers older than issue 14.
 */
export const CartLineSchema = v.object({
  sku: SkuSchema,
  name: v.string(),
  unitPrice: MoneySchema,
  quantity: QuantitySchema,
  lineTotal: MoneySchema,
  image: v.string(),
  stock: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** A variant's chosen options, e.g. `{ "size": "M" }` (absent for a product without variants). */
  options: v.optional(v.record(v.string(), v.string())),
  /** On `Cart` lines: the price when the line was added, present only when the catalog's price has changed since. */
  addedUnitPrice: v.optional(MoneySchema),
});
export type CartLine = v.InferOutput<typeof CartLineSchema>;
