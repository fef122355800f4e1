import * as v from 'valibot';
import { CountryCodeSchema, EmailSchema, ShippingAddressSchema } from './address.js';
import { LIMITS } from './limits.js';
import { CartLineSchema, CurrencySchema, IsoTimeSchema, MoneySchema, SkuSchema } from './primitives.js';

/** A shipping option's id in the shop's configuration: 1..40 lower-case letters, digits and `-`. */
export const ShippingOptionIdSchema = v.pipe(
  v.string('Choose a shipping option.'),
  v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Choose one of the shipping options offered.'),
);

/** A discount code as typed: trimmed, 1..32 letters, digits, `-` or `_`. */
export const DiscountCodeSchema = v.pipe(
  v.string('Enter a discount code.'),
  v.trim(),
  v.nonEmpty('Enter a discount code.'),
  v.maxLength(LIMITS.maxDiscountCodeLength, `Discount codes have at most ${LIMITS.maxDiscountCodeLength} characters.`),
  v.regex(/^[A-Za-z0-9_-]+$/, 'Discount codes use only letters, digits, "-" and "_".'),
);

/**
 * One way to ship an order to an address, with its price for this cart
 * (0 when the cart reaches the option's free-shipping threshold).
 */
export const ShippingOptionSchema = v.object({
  id: ShippingOptionIdSchema,
  label: v.string(),
  amount: MoneySchema,
});
export type ShippingOption = v.InferOutput<typeof ShippingOptionSchema>;

/**
 * Why a known discount code does not apply to this cart now (besides
 * `DISCOUNT_CODE_UNKNOWN`): not started yet, ended, used up (`usageLimit`),
 * used up by this customer (`perCustomerLimit`, known once the quote has an
 * email), the subtotal below the code's minimum, or no line of the cart is a
 * product the code is for. Each blocks checkout until the code is removed or
 * the cart changes.
 */
export const DISCOUNT_REFUSALS = [
  'DISCOUNT_CODE_NOT_STARTED',
  'DISCOUNT_CODE_EXPIRED',
  'DISCOUNT_CODE_EXHAUSTED',
  'DISCOUNT_CODE_CUSTOMER_LIMIT',
  'DISCOUNT_CODE_MINIMUM_NOT_MET',
  'DISCOUNT_CODE_NOT_APPLICABLE',
] as const;
export type DiscountRefusal = (typeof DISCOUNT_REFUSALS)[number];

/**
 * Why a quote cannot be checked out as it stands, or what changed since the
 * shopper last looked. Per line: `PRICE_CHANGED` (a notice: the line is quoted
 * at `newUnitPrice`), `OVER_STOCK`, `UNAVAILABLE` (product gone from the
 * catalog; the line is left out of the quote). For the whole quote:
 * `COUNTRY_NOT_SHIPPED`, `REGION_REQUIRED`, `SHIPPING_OPTION_UNAVAILABLE` (the
 * asked-for option is not offered for the address; the quote uses the default),
 * `DISCOUNT_CODE_UNKNOWN` and the {@link DISCOUNT_REFUSALS}, `CART_EMPTY`. `message` says it in English for people.
 */
export const QuoteProblemSchema = v.variant('code', [
  v.object({
    code: v.literal('PRICE_CHANGED'),
    sku: SkuSchema,
    name: v.string(),
    oldUnitPrice: MoneySchema,
    newUnitPrice: MoneySchema,
    message: v.string(),
  }),
  v.object({
    code: v.literal('OVER_STOCK'),
    sku: SkuSchema,
    name: v.string(),
    quantity: v.pipe(v.number(), v.integer(), v.minValue(1)),
    stock: v.pipe(v.number(), v.integer(), v.minValue(0)),
    message: v.string(),
  }),
  v.object({ code: v.literal('UNAVAILABLE'), sku: SkuSchema, message: v.string() }),
  v.object({ code: v.literal('COUNTRY_NOT_SHIPPED'), country: v.string(), message: v.string() }),
  v.object({ code: v.literal('REGION_REQUIRED'), country: CountryCodeSchema, message: v.string() }),
  v.object({ code: v.literal('SHIPPING_OPTION_UNAVAILABLE'), shippingOptionId: v.string(), message: v.string() }),
  v.object({ code: v.literal('DISCOUNT_CODE_UNKNOWN'), discountCode: v.string(), message: v.string() }),
  v.object({
    code: v.picklist(DISCOUNT_REFUSALS),
    discountCode: v.string(),
    /** With `DISCOUNT_CODE_MINIMUM_NOT_MET`: the subtotal the cart must reach. */
    minimumSubtotal: v.optional(MoneySchema),
    message: v.string(),
  }),
  v.object({ code: v.literal('CART_EMPTY'), message: v.string() }),
]);
export type QuoteProblem = v.InferOutput<typeof QuoteProblemSchema>;
export type QuoteProblemCode = QuoteProblem['code'];

export { blocksCheckout } from './quote-rules.js';

/**
 * What the cart costs, delivered to an address: lines at the prices they will
 * be charged, in integer minor units. Always
 * `total = subtotal - discount + shipping + (taxIncluded ? 0 : tax)`;
 * with `taxIncluded` the prices already contain `tax`.
 * `shippingOptionId` is the option the figures use (null: none is offered).
 */
export const QuoteSchema = v.object({
  items: v.array(CartLineSchema),
  subtotal: MoneySchema,
  discount: MoneySchema,
  shipping: MoneySchema,
  tax: MoneySchema,
  taxIncluded: v.boolean(),
  total: MoneySchema,
  currency: CurrencySchema,
  shippingOptions: v.array(ShippingOptionSchema),
  shippingOptionId: v.nullable(ShippingOptionIdSchema),
  problems: v.array(QuoteProblemSchema),
});
export type Quote = v.InferOutput<typeof QuoteSchema>;

/** Body of `POST /checkout/quote`. */
export const QuoteRequestSchema = v.strictObject({
  email: v.optional(EmailSchema),
  shippingAddress: ShippingAddressSchema,
  shippingOptionId: v.optional(ShippingOptionIdSchema),
  discountCode: v.optional(DiscountCodeSchema),
});
export type QuoteRequest = v.InferOutput<typeof QuoteRequestSchema>;

/**
 * Where the payment page sends the shopper back: an absolute http(s) URL of
 * at most 2,048 characters. The server also requires its origin to be one of
 * the deployment's allowed origins (400 otherwise) and drops its fragment.
 */
export const ReturnUrlSchema = v.pipe(
  v.string('returnUrl must be an absolute http(s) URL.'),
  v.maxLength(2_048, 'returnUrl has at most 2,048 characters.'),
  v.regex(/^https?:\/\/[^\s]+$/i, 'returnUrl must be an absolute http(s) URL.'),
);

/**
 * Body of `POST /cart/checkout` once checkout takes an address: the total is
 * the one the shopper saw; `returnUrl` is the page to come back to after
 * payment (the SDK sends the page's own URL), else the shop's order page.
 */
export const CheckoutRequestSchema = v.strictObject({
  email: EmailSchema,
  shippingAddress: ShippingAddressSchema,
  shippingOptionId: ShippingOptionIdSchema,
  /** The code the quote was asked with; the order counts one use of it, in the transaction that places it. */
  discountCode: v.optional(DiscountCodeSchema),
  expectedTotal: v.pipe(
    v.number('Send the total the shopper saw.'),
    v.integer('expectedTotal is in integer minor units.'),
    v.minValue(0, 'expectedTotal cannot be negative.'),
  ),
  returnUrl: v.optional(ReturnUrlSchema),
});
export type CheckoutRequest = v.InferOutput<typeof CheckoutRequestSchema>;

/** An order's money, frozen at checkout from the quote the shopper confirmed. */
export const OrderTotalsSchema = v.object({
  subtotal: MoneySchema,
  discount: MoneySchema,
  shipping: MoneySchema,
  tax: MoneySchema,
  taxIncluded: v.boolean(),
  total: MoneySchema,
});
export type OrderTotals = v.InferOutput<typeof OrderTotalsSchema>;

/** Where and until when an `AWAITING_PAYMENT` order can be paid. */
export const OrderPaymentSchema = v.object({ url: v.string(), expiresAt: IsoTimeSchema });
export type OrderPayment = v.InferOutput<typeof OrderPaymentSchema>;

/**
 * A country the shop ships to: whether its prices contain that country's tax
 * (show "incl. VAT") and whether an address there needs a `region` (a state or
 * province, sent as its ISO 3166-2 code such as `CA` or `ON`).
 */
export const ShopCountrySchema = v.object({
  code: CountryCodeSchema,
  pricesIncludeTax: v.boolean(),
  regionRequired: v.boolean(),
});

/** The part of the shop's configuration a browser needs (`Config.shop` of `GET /config`). */
export const PublicShopConfigSchema = v.object({
  currency: CurrencySchema,
  countries: v.array(ShopCountrySchema),
});
export type PublicShopConfig = v.InferOutput<typeof PublicShopConfigSchema>;
