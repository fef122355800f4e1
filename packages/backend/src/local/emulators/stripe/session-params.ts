import { invalidParam, type StripeApiError } from './api-error.js';
import type { FormObject, FormValue } from './form-params.js';

/** One line of a session, from `line_items[i]` with `price_data`. Amounts in minor units. */
export interface SessionLine {
  readonly name: string;
  readonly description: string | null;
  readonly currency: string;
  readonly unitAmount: number;
  readonly quantity: number;
}

/** The one fixed-amount shipping rate of `shipping_options[0][shipping_rate_data]`. */
export interface SessionShipping {
  readonly displayName: string;
  readonly amount: number;
  readonly currency: string;
}

/** `POST /v1/checkout/sessions` parameters, checked. */
export interface CreateSessionParams {
  readonly mode: 'payment';
  readonly currency: string;
  readonly lines: readonly SessionLine[];
  readonly shipping: SessionShipping | null;
  readonly clientReferenceId: string | null;
  readonly customerEmail: string | null;
  readonly expiresAt: number;
  readonly successUrl: string;
  readonly cancelUrl: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly paymentMethodTypes: readonly string[];
  /** `discounts[0][coupon]`: the one coupon applied to the line items, or null. */
  readonly couponId: string | null;
}

/** How far ahead `expires_at` may lie, in seconds from creation. Stripe: 30 minutes to 24 hours. */
export interface ExpiryWindow {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** Stripe's window for `expires_at`. */
export const STRIPE_EXPIRY_WINDOW: ExpiryWindow = { minSeconds: 30 * 60, maxSeconds: 24 * 60 * 60 };

/** Stripe's largest amount for a charge: eight digits in minor units. */
export const MAX_AMOUNT = 99_999_999;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Params Stripe knows but this stand-in does not serve, with what to use instead. */
const UNSUPPORTED: Record<string, string> = {
  'line_items[].price': 'the local Stripe has no Prices API: pass line_items[][price_data]',
  'discounts[].promotion_code': 'the local Stripe has no Promotion Codes API: pass discounts[][coupon]',
  'shipping_options[].shipping_rate':
    'the local Stripe has no Shipping Rates API: pass shipping_options[][shipping_rate_data]',
};

function unknown(name: string, pattern: string): StripeApiError {
  const hint = UNSUPPORTED[pattern];
  return invalidParam(name, `Received unknown parameter: ${name}${hint ? ` (${hint})` : ''}`, 'parameter_unknown');
}

function objectAt(value: FormValue | undefined, name: string): FormObject | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' || Array.isArray(value)) throw invalidParam(name, `Invalid object: ${name}`);
  return value;
}

function arrayAt(value: FormValue | undefined, name: string): FormValue[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (!Array.isArray(value)) throw invalidParam(name, `Invalid array: ${name}`);
  return value;
}

function only(object: FormObject, allowed: readonly string[], prefix: string, pattern = prefix): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw unknown(prefix ? `${prefix}[${key}]` : key, pattern ? `${pattern}.${key}` : key);
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw invalidParam(name, `Missing required param: ${name}.`, 'parameter_missing');
  return value;
}

function text(value: FormValue | undefined, name: string, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(name, `Invalid string: ${name} must be a string`);
  if (value.length > maxLength) {
    throw invalidParam(name, `Invalid string: ${name} must be at most ${maxLength} characters`);
  }
  return value;
}

function integer(value: FormValue | undefined, name: string, min: number, max: number): number | undefined {
  const raw = text(value, name, 20);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw invalidParam(name, `Invalid integer: ${raw}`);
  const n = Number(raw);
  if (n < min || n > max) throw invalidParam(name, `Invalid integer: ${name} must be between ${min} and ${max}`);
  return n;
}

function currencyAt(value: FormValue | undefined, name: string): string {
  const raw = required(text(value, name, 3), name).toLowerCase();
  if (!CURRENCIES.has(raw)) throw invalidParam(name, `Invalid currency: ${raw}`);
  return raw;
}

function urlAt(value: FormValue | undefined, name: string): string | undefined {
  const raw = text(value, name, 5000);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidParam(name, 'Not a valid URL', 'url_invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidParam(name, 'Not a valid URL', 'url_invalid');
  return raw;
}

function metadataAt(value: FormValue | undefined, name: string): Record<string, string> {
  const object = objectAt(value, name);
  if (!object) return {};
  const keys = Object.keys(object);
  if (keys.length > 50) throw invalidParam(name, 'Invalid metadata: at most 50 keys');
  const entries: [string, string][] = [];
  for (const key of keys) {
    if (key.length > 40) throw invalidParam(`${name}[${key}]`, 'Invalid metadata: keys must be at most 40 characters');
    const v = text(object[key], `${name}[${key}]`, 500) as string;
    if (v !== '') entries.push([key, v]);
  }
  // fromEntries defines own properties, so a key named __proto__ stays a key.
  return Object.fromEntries(entries);
}

function lineAt(value: FormValue, i: number): SessionLine {
  const name = `line_items[${i}]`;
  const item = required(objectAt(value, name), name);
  only(item, ['price_data', 'quantity'], name, 'line_items[]');
  const price = required(objectAt(item.price_data, `${name}[price_data]`), `${name}[price_data]`);
  only(price, ['currency', 'unit_amount', 'product_data'], `${name}[price_data]`, 'line_items[].price_data');
  const product = required(
    objectAt(price.product_data, `${name}[price_data][product_data]`),
    `${name}[price_data][product_data]`,
  );
  only(product, ['name', 'description'], `${name}[price_data][product_data]`, 'line_items[].price_data.product_data');
  const productName = required(
    text(product.name, `${name}[price_data][product_data][name]`, 250),
    `${name}[price_data][product_data][name]`,
  );
  if (productName.trim() === '')
    throw invalidParam(`${name}[price_data][product_data][name]`, 'Invalid string: the name is empty');
  return {
    name: productName,
    description: text(product.description, `${name}[price_data][product_data][description]`, 500) ?? null,
    currency: currencyAt(price.currency, `${name}[price_data][currency]`),
    unitAmount: required(
      integer(price.unit_amount, `${name}[price_data][unit_amount]`, 0, MAX_AMOUNT),
      `${name}[price_data][unit_amount]`,
    ),
    quantity: required(integer(item.quantity, `${name}[quantity]`, 1, 999_999), `${name}[quantity]`),
  };
}

function shippingAt(value: FormValue | undefined): SessionShipping | null {
  const options = arrayAt(value, 'shipping_options');
  if (!options || options.length === 0) return null;
  // One rate only: with several, the shopper would pick on the page and the total would not be fixed.
  if (options.length > 1) {
    throw invalidParam(
      'shipping_options',
      'the local Stripe takes one shipping option, so the total is the one the shopper confirmed',
    );
  }
  const option = required(objectAt(options[0], 'shipping_options[0]'), 'shipping_options[0]');
  only(option, ['shipping_rate_data'], 'shipping_options[0]', 'shipping_options[]');
  const prefix = 'shipping_options[0][shipping_rate_data]';
  const data = required(objectAt(option.shipping_rate_data, prefix), prefix);
  only(data, ['type', 'display_name', 'fixed_amount'], prefix, 'shipping_options[].shipping_rate_data');
  const type = text(data.type, `${prefix}[type]`, 20) ?? 'fixed_amount';
  if (type !== 'fixed_amount') throw invalidParam(`${prefix}[type]`, `Invalid type: must be fixed_amount`);
  const fixed = required(objectAt(data.fixed_amount, `${prefix}[fixed_amount]`), `${prefix}[fixed_amount]`);
  only(fixed, ['amount', 'currency'], `${prefix}[fixed_amount]`, 'shipping_options[].shipping_rate_data.fixed_amount');
  return {
    displayName: required(text(data.display_name, `${prefix}[display_name]`, 100), `${prefix}[display_name]`),
    amount: required(
      integer(fixed.amount, `${prefix}[fixed_amount][amount]`, 0, MAX_AMOUNT),
      `${prefix}[fixed_amount][amount]`,
    ),
    currency: currencyAt(fixed.currency, `${prefix}[fixed_amount][currency]`),
  };
}

function couponAt(value: FormValue | undefined): string | null {
  const discounts = arrayAt(value, 'discounts');
  if (!discounts || discounts.length === 0) return null;
  // Checkout takes one discount per session.
  if (discounts.length > 1) throw invalidParam('discounts', 'You may only specify one discount.');
  const discount = required(objectAt(discounts[0], 'discounts[0]'), 'discounts[0]');
  only(discount, ['coupon'], 'discounts[0]', 'discounts[]');
  const coupon = required(text(discount.coupon, 'discounts[0][coupon]', 200), 'discounts[0][coupon]');
  if (coupon === '') throw invalidParam('discounts[0][coupon]', 'Invalid string: the coupon is empty');
  return coupon;
}

const TOP_LEVEL = [
  'mode',
  'line_items',
  'currency',
  'shipping_options',
  'client_reference_id',
  'customer_email',
  'expires_at',
  'success_url',
  'cancel_url',
  'metadata',
  'payment_method_types',
  'discounts',
] as const;

/**
 * Checks `POST /v1/checkout/sessions` parameters the way Stripe does for the subset the
 * order worker needs to charge exactly a frozen total: product lines plus tax as
 * `line_items` with `price_data`, shipping as one fixed-amount `shipping_rate_data`, a discount
 * as one `discounts[0][coupon]` (resolved by the caller against its coupons).
 * Anything else is refused with Stripe's `parameter_unknown` error.
 *
 * @example
 * ```ts
 * const params = checkCreateSessionParams(parseFormParams(body), Math.floor(Date.now() / 1000), STRIPE_EXPIRY_WINDOW);
 * ```
 */
export function checkCreateSessionParams(form: FormObject, now: number, window: ExpiryWindow): CreateSessionParams {
  only(form, TOP_LEVEL, '');
  const mode = required(text(form.mode, 'mode', 20), 'mode');
  if (mode !== 'payment') throw invalidParam('mode', `Invalid mode: the local Stripe serves mode=payment only`);
  const items = required(arrayAt(form.line_items, 'line_items'), 'line_items');
  if (items.length === 0 || items.length > 100) throw invalidParam('line_items', 'line_items must have 1 to 100 items');
  const lines = items.map(lineAt);
  const shipping = shippingAt(form.shipping_options);
  const currency =
    form.currency === undefined ? (lines[0] as SessionLine).currency : currencyAt(form.currency, 'currency');
  lines.forEach((line, i) => {
    if (line.currency !== currency) {
      throw invalidParam(
        `line_items[${i}][price_data][currency]`,
        `All line items must use the same currency (${currency})`,
      );
    }
  });
  if (shipping && shipping.currency !== currency) {
    throw invalidParam(
      'shipping_options[0][shipping_rate_data][fixed_amount][currency]',
      `Shipping must use the session's currency (${currency})`,
    );
  }
  const total = lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0) + (shipping?.amount ?? 0);
  if (total > MAX_AMOUNT)
    throw invalidParam('line_items', `Amount must be no more than ${MAX_AMOUNT}`, 'amount_too_large');

  const customerEmail = text(form.customer_email, 'customer_email', 512);
  if (customerEmail !== undefined && !EMAIL.test(customerEmail)) {
    throw invalidParam('customer_email', 'Invalid email address', 'email_invalid');
  }
  const expiresAt = integer(form.expires_at, 'expires_at', 0, 2 ** 40) ?? now + window.maxSeconds;
  if (expiresAt < now + window.minSeconds || expiresAt > now + window.maxSeconds) {
    throw invalidParam(
      'expires_at',
      `The \`expires_at\` timestamp must be between ${window.minSeconds} seconds and ${window.maxSeconds} seconds from Checkout Session creation.`,
    );
  }
  const methods = arrayAt(form.payment_method_types, 'payment_method_types') ?? ['card'];
  methods.forEach((m, i) => {
    if (m !== 'card')
      throw invalidParam(
        `payment_method_types[${i}]`,
        'Invalid payment_method_types: the local Stripe takes card only',
      );
  });
  return {
    mode: 'payment',
    currency,
    lines,
    shipping,
    clientReferenceId: text(form.client_reference_id, 'client_reference_id', 200) ?? null,
    customerEmail: customerEmail ?? null,
    expiresAt,
    successUrl: required(urlAt(form.success_url, 'success_url'), 'success_url'),
    cancelUrl: urlAt(form.cancel_url, 'cancel_url') ?? null,
    metadata: metadataAt(form.metadata, 'metadata'),
    paymentMethodTypes: ['card'],
    couponId: couponAt(form.discounts),
  };
}
