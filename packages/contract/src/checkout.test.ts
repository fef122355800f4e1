import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EmailSchema, ShippingAddressSchema } from './address.js';
import {
  blocksCheckout,
  CheckoutRequestSchema,
  type Quote,
  QuoteProblemSchema,
  QuoteRequestSchema,
  QuoteSchema,
} from './checkout.js';
import { ERROR_STATUS } from './codes.js';
import { LIMITS } from './limits.js';
import { type Order, OrderSchema, ProblemSchema } from './schemas.js';

const address = {
  name: 'Ada Lovelace',
  line1: '12 St James Sq',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

/** The first message valibot gives for each field of `input` (what a form shows), keyed by dotted path. */
function messages(schema: v.GenericSchema, input: unknown): Record<string, string> {
  const result = v.safeParse(schema, input);
  const first: Record<string, string> = {};
  for (const issue of result.success ? [] : result.issues) {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    first[path] ??= issue.message;
  }
  return first;
}

describe('ShippingAddressSchema', () => {
  it('trims every field, upper-cases the country and reads empty optional fields as absent', () => {
    const parsed = v.parse(ShippingAddressSchema, {
      name: '  Ada Lovelace ',
      line1: ' 12 St James Sq',
      line2: '   ',
      city: 'London ',
      region: '',
      postalCode: ' SW1Y 4JH ',
      country: ' gb',
    });
    expect(parsed).toEqual({
      name: 'Ada Lovelace',
      line1: '12 St James Sq',
      line2: undefined,
      city: 'London',
      region: undefined,
      postalCode: 'SW1Y 4JH',
      country: 'GB',
    });
  });

  it('keeps line2 and region when given', () => {
    const parsed = v.parse(ShippingAddressSchema, { ...address, line2: 'Flat 3', region: 'Greater London' });
    expect(parsed.line2).toBe('Flat 3');
    expect(parsed.region).toBe('Greater London');
  });

  it('tells a shopper what each missing required field needs', () => {
    expect(messages(ShippingAddressSchema, { name: ' ', line1: '', city: '', postalCode: '', country: '' })).toEqual({
      name: 'Enter the name of the person receiving the order.',
      line1: 'Enter the street address.',
      city: 'Enter the town or city.',
      postalCode: 'Enter the postal code.',
      country: 'Choose a country (a two-letter code such as US or GB).',
    });
    expect(messages(ShippingAddressSchema, { ...address, country: undefined })).toEqual({
      country: 'Choose a country.',
    });
  });

  it('bounds every field and says the limit', () => {
    const long = 'x'.repeat(LIMITS.maxAddressFieldLength + 1);
    expect(v.is(ShippingAddressSchema, { ...address, name: 'x'.repeat(LIMITS.maxAddressFieldLength) })).toBe(true);
    expect(messages(ShippingAddressSchema, { ...address, name: long, line2: long })).toEqual({
      name: 'Keep this to 100 characters or fewer.',
      line2: 'Keep this to 100 characters or fewer.',
    });
    expect(v.is(ShippingAddressSchema, { ...address, region: 'r'.repeat(LIMITS.maxRegionLength + 1) })).toBe(false);
    expect(v.is(ShippingAddressSchema, { ...address, postalCode: '1'.repeat(LIMITS.maxPostalCodeLength + 1) })).toBe(
      false,
    );
  });

  it('refuses control characters, odd postal codes, non-ISO countries and unknown fields', () => {
    for (const bad of [
      { ...address, line1: '12 St James Sq\nBcc: x@example.com' },
      { ...address, name: 'Ada\u0000' },
      { ...address, postalCode: 'SW1Y;4JH' },
      { ...address, postalCode: '-123' },
      { ...address, country: 'GBR' },
      { ...address, country: 'U1' },
      { ...address, country: 44 },
      { ...address, phone: '+44 20 7946 0000' },
      null,
      'London',
    ]) {
      expect(v.is(ShippingAddressSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts letters beyond ASCII in names, lines and cities', () => {
    expect(v.is(ShippingAddressSchema, { ...address, name: 'Jürgen Weiß', city: 'München', country: 'DE' })).toBe(true);
  });
});

describe('EmailSchema', () => {
  it('trims, bounds and explains', () => {
    expect(v.parse(EmailSchema, ' ada@example.com ')).toBe('ada@example.com');
    expect(messages(EmailSchema, 'ada')).toEqual({ '': 'Enter an email address like name@example.com.' });
    expect(messages(EmailSchema, '  ')).toEqual({ '': 'Enter your email address.' });
    expect(v.is(EmailSchema, `${'a'.repeat(64)}@${'b'.repeat(186)}.com`)).toBe(false);
  });
});

describe('QuoteRequestSchema and CheckoutRequestSchema', () => {
  it('take an address alone for a quote, and everything for a checkout', () => {
    expect(v.is(QuoteRequestSchema, { shippingAddress: address })).toBe(true);
    expect(
      v.is(QuoteRequestSchema, {
        email: 'ada@example.com',
        shippingAddress: address,
        shippingOptionId: 'gb-standard',
        discountCode: 'SPRING-10',
      }),
    ).toBe(true);
    expect(v.is(CheckoutRequestSchema, { shippingAddress: address })).toBe(false);
    expect(
      v.is(CheckoutRequestSchema, {
        email: 'ada@example.com',
        shippingAddress: address,
        shippingOptionId: 'gb-standard',
        expectedTotal: 5_400,
      }),
    ).toBe(true);
    expect(
      v.is(CheckoutRequestSchema, {
        email: 'ada@example.com',
        shippingAddress: address,
        shippingOptionId: 'gb-standard',
        expectedTotal: 5_400,
        returnUrl: 'https://shop.example/checkout?step=pay',
      }),
    ).toBe(true);
  });

  it('refuse client-sent money, fractional totals, bad option ids and unknown fields', () => {
    const checkout = { email: 'ada@example.com', shippingAddress: address, shippingOptionId: 'gb-standard' };
    for (const bad of [
      { ...checkout, expectedTotal: 54.5 },
      { ...checkout, expectedTotal: -1 },
      { ...checkout, expectedTotal: '5400' },
      { ...checkout, shippingOptionId: 'GB STANDARD', expectedTotal: 5_400 },
      { ...checkout, expectedTotal: 5_400, unitPrice: 1 },
      { ...checkout, expectedTotal: 5_400, returnUrl: '/shop' },
      { ...checkout, expectedTotal: 5_400, returnUrl: 'javascript:alert(1)' },
      { ...checkout, expectedTotal: 5_400, returnUrl: `https://shop.example/${'x'.repeat(2_048)}` },
    ]) {
      expect(v.is(CheckoutRequestSchema, bad), JSON.stringify(bad)).toBe(false);
    }
    expect(v.is(QuoteRequestSchema, { shippingAddress: address, subtotal: 0 })).toBe(false);
    expect(v.is(QuoteRequestSchema, { shippingAddress: address, discountCode: 'x'.repeat(33) })).toBe(false);
    expect(v.is(QuoteRequestSchema, { shippingAddress: address, discountCode: 'ten off' })).toBe(false);
  });
});

const quote: Quote = {
  items: [{ sku: 'TEE-1', name: 'Tee', unitPrice: 2_400, quantity: 2, lineTotal: 4_800, image: '/t.svg' }],
  subtotal: 4_800,
  discount: 0,
  shipping: 500,
  tax: 800,
  taxIncluded: true,
  total: 5_300,
  currency: 'USD',
  shippingOptions: [{ id: 'gb-standard', label: 'Standard', amount: 500 }],
  shippingOptionId: 'gb-standard',
  problems: [
    { code: 'PRICE_CHANGED', sku: 'TEE-1', name: 'Tee', oldUnitPrice: 2_000, newUnitPrice: 2_400, message: 'm' },
  ],
};

describe('QuoteSchema', () => {
  it('reads a quote in integer minor units only', () => {
    expect(v.is(QuoteSchema, quote)).toBe(true);
    expect(v.is(QuoteSchema, { ...quote, tax: 79.5 })).toBe(false);
    expect(v.is(QuoteSchema, { ...quote, total: -1 })).toBe(false);
    expect(v.is(QuoteSchema, { ...quote, shippingOptionId: null, shippingOptions: [] })).toBe(true);
  });

  it('reads each problem with the fields its code promises', () => {
    for (const problem of [
      { code: 'OVER_STOCK', sku: 'TEE-1', name: 'Tee', quantity: 5, stock: 2, message: 'm' },
      { code: 'UNAVAILABLE', sku: 'TEE-1', message: 'm' },
      { code: 'COUNTRY_NOT_SHIPPED', country: 'FR', message: 'm' },
      { code: 'REGION_REQUIRED', country: 'US', message: 'm' },
      { code: 'SHIPPING_OPTION_UNAVAILABLE', shippingOptionId: 'x', message: 'm' },
      { code: 'DISCOUNT_CODE_UNKNOWN', discountCode: 'X', message: 'm' },
      { code: 'CART_EMPTY', message: 'm' },
    ]) {
      expect(v.is(QuoteProblemSchema, problem), problem.code).toBe(true);
    }
    expect(v.is(QuoteProblemSchema, { code: 'PRICE_CHANGED', sku: 'TEE-1', name: 'Tee', message: 'm' })).toBe(false);
    expect(v.is(QuoteProblemSchema, { code: 'OVER_STOCK', sku: 'TEE-1', name: 'Tee', quantity: 5, message: 'm' })).toBe(
      false,
    );
  });

  it('lets only a price change through to checkout; unknown codes block', () => {
    expect(blocksCheckout({ code: 'PRICE_CHANGED' })).toBe(false);
    for (const code of ['OVER_STOCK', 'UNAVAILABLE', 'COUNTRY_NOT_SHIPPED', 'CART_EMPTY', 'SOMETHING_NEW']) {
      expect(blocksCheckout({ code }), code).toBe(true);
    }
  });
});

describe('Order, extended for checkout', () => {
  const today: Order = {
    orderId: 'o1',
    status: 'CONFIRMED',
    items: quote.items,
    subtotal: 4_800,
    currency: 'USD',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('still reads the orders placed today (every checkout field is optional)', () => {
    expect(v.is(OrderSchema, today)).toBe(true);
    expect(v.is(OrderSchema, { ...today, status: 'FAILED', reason: 'r', reasonCode: 'OUT_OF_STOCK' })).toBe(true);
  });

  it('reads an order awaiting payment with its address, option, totals and payment link', () => {
    const order = {
      ...today,
      status: 'AWAITING_PAYMENT',
      number: 'CK-4827-1930',
      email: 'ada@example.com',
      shippingAddress: { ...address, line2: undefined, region: undefined },
      shippingOption: { id: 'gb-standard', label: 'Standard', amount: 500 },
      totals: { subtotal: 4_800, discount: 0, shipping: 500, tax: 800, taxIncluded: true, total: 5_300 },
      payment: { url: 'https://pay.example/cs_1', expiresAt: '2026-01-01T00:30:00.000Z' },
    };
    expect(v.is(OrderSchema, order)).toBe(true);
    for (const status of ['PENDING', 'PAID', 'EXPIRED']) expect(v.is(OrderSchema, { ...order, status })).toBe(true);
    expect(v.is(OrderSchema, { ...order, status: 'SHIPPED' })).toBe(false);
    expect(v.is(OrderSchema, { ...order, totals: { ...order.totals, tax: 0.5 } })).toBe(false);
    expect(v.is(OrderSchema, { ...order, payment: { url: 'u', expiresAt: 'tomorrow' } })).toBe(false);
  });
});

describe('QUOTE_CHANGED and CHECKOUT_BLOCKED', () => {
  it('are 409 and 422 problems that carry the fresh quote', () => {
    expect(ERROR_STATUS.QUOTE_CHANGED).toBe(409);
    expect(ERROR_STATUS.CHECKOUT_BLOCKED).toBe(422);
    const problem = { type: 't', title: 'Quote changed', status: 409, code: 'QUOTE_CHANGED', quote };
    expect(v.is(ProblemSchema, problem)).toBe(true);
    expect(v.is(ProblemSchema, { ...problem, quote: { ...quote, total: 'lots' } })).toBe(false);
  });
});
