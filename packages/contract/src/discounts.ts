import * as v from 'valibot';
import { DiscountCodeSchema } from './checkout.js';
import { IsoTimeSchema, MoneySchema, SkuSchema } from './primitives.js';

/** A usage limit: a whole number of orders, at least 1. */
const UsageLimitSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number of orders'),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(1_000_000_000, 'must be at most 1000000000'),
);

/** What a discount takes off: a whole percentage of the eligible lines, or a fixed amount in minor units. */
export const DiscountValueSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('percentage'),
    percentOff: v.pipe(
      v.number('percentOff must be a number'),
      v.integer('percentOff is a whole percentage'),
      v.minValue(1, 'percentOff must be at least 1'),
      v.maxValue(100, 'percentOff must be at most 100'),
    ),
  }),
  v.strictObject({
    type: v.literal('fixed'),
    amountOff: v.pipe(
      v.number('amountOff must be a number'),
      v.integer('amountOff is in integer minor units'),
      v.minValue(1, 'amountOff must be at least 1'),
    ),
  }),
]);

/**
 * Body of `PUT /admin/discounts/{code}`: what the code takes off and when it
 * applies. `minimumSubtotal` is compared with the cart's subtotal before any
 * discount; `skus` restricts the discount to those products' lines (the
 * minimum still counts the whole cart); `startsAt` is inclusive, `endsAt`
 * exclusive; `usageLimit` counts orders placed with the code, by everyone,
 * `perCustomerLimit` by one email address.
 */
export const DiscountDefinitionSchema = v.pipe(
  v.strictObject({
    value: DiscountValueSchema,
    minimumSubtotal: v.optional(MoneySchema),
    startsAt: v.optional(IsoTimeSchema),
    endsAt: v.optional(IsoTimeSchema),
    usageLimit: v.optional(UsageLimitSchema),
    perCustomerLimit: v.optional(UsageLimitSchema),
    skus: v.optional(
      v.pipe(
        v.array(SkuSchema),
        v.minLength(1, 'skus lists at least one product (leave it out for every product)'),
        v.maxLength(100, 'skus lists at most 100 products'),
      ),
    ),
  }),
  v.check(
    (body) =>
      body.startsAt === undefined || body.endsAt === undefined || Date.parse(body.startsAt) < Date.parse(body.endsAt),
    'endsAt must be after startsAt.',
  ),
);
export type DiscountDefinition = v.InferOutput<typeof DiscountDefinitionSchema>;

/** A discount code as the admin API answers it: its definition, how often it was used, and when it was written. */
export const DiscountSchema = v.object({
  code: DiscountCodeSchema,
  value: DiscountValueSchema,
  minimumSubtotal: v.optional(MoneySchema),
  startsAt: v.optional(IsoTimeSchema),
  endsAt: v.optional(IsoTimeSchema),
  usageLimit: v.optional(UsageLimitSchema),
  perCustomerLimit: v.optional(UsageLimitSchema),
  skus: v.optional(v.array(SkuSchema)),
  /** Orders placed with the code that still count (an expired or failed order gives its use back). */
  used: v.pipe(v.number(), v.integer(), v.minValue(0)),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type Discount = v.InferOutput<typeof DiscountSchema>;

/** `GET /admin/discounts`: every code, sorted by code. */
export const DiscountListSchema = v.object({ items: v.array(DiscountSchema) });
export type DiscountList = v.InferOutput<typeof DiscountListSchema>;
