import { describe, expect, it } from 'vitest';
import { canonicalCode, customerKey, type DiscountContext, type DiscountRule, judgeDiscount } from './discount.js';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const rule = (extra: Partial<DiscountRule> = {}): DiscountRule => ({
  code: 'SUMMER',
  value: { type: 'percentage', percentOff: 10 },
  used: 0,
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const cart = (extra: Partial<DiscountContext> = {}): DiscountContext => ({
  items: [
    { sku: 'TEE', lineTotal: 2_400 },
    { sku: 'MUG', lineTotal: 1_250 },
  ],
  subtotal: 3_650,
  currency: 'USD',
  now: NOW,
  ...extra,
});
const codeOf = (verdict: ReturnType<typeof judgeDiscount>) => (verdict.ok ? 'OK' : verdict.problem.code);

describe('judgeDiscount', () => {
  it('takes a percentage of the subtotal, rounded half up to a minor unit', () => {
    expect(judgeDiscount('SUMMER', rule(), cart())).toEqual({ ok: true, amount: 365 });
    const odd = cart({ items: [{ sku: 'TEE', lineTotal: 1_005 }], subtotal: 1_005 });
    expect(judgeDiscount('SUMMER', rule(), odd)).toEqual({ ok: true, amount: 101 });
  });

  it('takes a fixed amount, never more than the eligible lines', () => {
    const fixed = rule({ value: { type: 'fixed', amountOff: 500 } });
    expect(judgeDiscount('SUMMER', fixed, cart())).toEqual({ ok: true, amount: 500 });
    const big = rule({ value: { type: 'fixed', amountOff: 10_000 } });
    expect(judgeDiscount('SUMMER', big, cart())).toEqual({ ok: true, amount: 3_650 });
  });

  it('applies a product restriction to the listed products only', () => {
    const mugs = rule({ skus: ['MUG'], value: { type: 'percentage', percentOff: 100 } });
    expect(judgeDiscount('SUMMER', mugs, cart())).toEqual({ ok: true, amount: 1_250 });
    const hats = rule({ skus: ['HAT'] });
    expect(codeOf(judgeDiscount('SUMMER', hats, cart()))).toBe('DISCOUNT_CODE_NOT_APPLICABLE');
  });

  it("lets a product restriction cover the product's variants, and a variant's SKU only that variant", () => {
    const lines = cart({
      items: [
        { sku: 'HOODIE-M', productSku: 'HOODIE', lineTotal: 4_200 },
        { sku: 'HOODIE-L', productSku: 'HOODIE', lineTotal: 4_400 },
        { sku: 'MUG', lineTotal: 1_250 },
      ],
      subtotal: 9_850,
    });

    expect(judgeDiscount('SUMMER', rule({ skus: ['HOODIE'] }), lines)).toEqual({ ok: true, amount: 860 });
    expect(judgeDiscount('SUMMER', rule({ skus: ['HOODIE-L'] }), lines)).toEqual({ ok: true, amount: 440 });
    expect(codeOf(judgeDiscount('SUMMER', rule({ skus: ['HOODIE-S'] }), lines))).toBe('DISCOUNT_CODE_NOT_APPLICABLE');
  });

  it('refuses an unknown code with the code in the problem', () => {
    const verdict = judgeDiscount('NOPE', undefined, cart());
    expect(verdict).toEqual({
      ok: false,
      problem: {
        code: 'DISCOUNT_CODE_UNKNOWN',
        discountCode: 'NOPE',
        message: 'The discount code "NOPE" is not valid.',
      },
    });
  });

  it('applies from startsAt (inclusive) until endsAt (exclusive)', () => {
    const window = rule({ startsAt: '2026-06-15T12:00:00.000Z', endsAt: '2026-06-15T13:00:00.000Z' });
    expect(codeOf(judgeDiscount('SUMMER', window, cart({ now: NOW - 1 })))).toBe('DISCOUNT_CODE_NOT_STARTED');
    expect(codeOf(judgeDiscount('SUMMER', window, cart({ now: NOW })))).toBe('OK');
    expect(codeOf(judgeDiscount('SUMMER', window, cart({ now: NOW + 3_600_000 - 1 })))).toBe('OK');
    expect(codeOf(judgeDiscount('SUMMER', window, cart({ now: NOW + 3_600_000 })))).toBe('DISCOUNT_CODE_EXPIRED');
  });

  it('refuses a code used up, in total or by this customer', () => {
    expect(codeOf(judgeDiscount('SUMMER', rule({ usageLimit: 3, used: 2 }), cart()))).toBe('OK');
    expect(codeOf(judgeDiscount('SUMMER', rule({ usageLimit: 3, used: 3 }), cart()))).toBe('DISCOUNT_CODE_EXHAUSTED');
    const once = rule({ perCustomerLimit: 1 });
    expect(codeOf(judgeDiscount('SUMMER', once, cart({ customerUses: 0 })))).toBe('OK');
    expect(codeOf(judgeDiscount('SUMMER', once, cart({ customerUses: 1 })))).toBe('DISCOUNT_CODE_CUSTOMER_LIMIT');
    // Without an email the customer is not known yet: the checkout's transaction still enforces it.
    expect(codeOf(judgeDiscount('SUMMER', once, cart()))).toBe('OK');
  });

  it('refuses a subtotal below the minimum, naming the minimum', () => {
    const verdict = judgeDiscount('SUMMER', rule({ minimumSubtotal: 5_000 }), cart());
    expect(verdict).toMatchObject({
      ok: false,
      problem: {
        code: 'DISCOUNT_CODE_MINIMUM_NOT_MET',
        minimumSubtotal: 5_000,
        message: 'The discount code "SUMMER" needs a subtotal of at least $50.00.',
      },
    });
    expect(codeOf(judgeDiscount('SUMMER', rule({ minimumSubtotal: 3_650 }), cart()))).toBe('OK');
  });
});

describe('codes and customers', () => {
  it('match codes without regard to case or spaces, and customers by email without case', () => {
    expect(canonicalCode(' summer10 ')).toBe('SUMMER10');
    expect(customerKey('Ada@Example.com ')).toBe(customerKey('ada@example.com'));
    expect(customerKey('ada@example.com')).not.toContain('ada');
  });
});
