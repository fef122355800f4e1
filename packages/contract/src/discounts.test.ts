import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { QuoteProblemSchema } from './checkout.js';
import { DiscountDefinitionSchema } from './discounts.js';
import { OrderStatusSchema } from './schemas.js';

describe('DiscountDefinition', () => {
  it('takes a percentage or a fixed amount with optional limits, dates and products', () => {
    expect(v.is(DiscountDefinitionSchema, { value: { type: 'percentage', percentOff: 10 } })).toBe(true);
    expect(
      v.is(DiscountDefinitionSchema, {
        value: { type: 'fixed', amountOff: 500 },
        minimumSubtotal: 2_000,
        startsAt: '2026-06-01T00:00:00Z',
        endsAt: '2026-07-01T00:00:00Z',
        usageLimit: 100,
        perCustomerLimit: 1,
        skus: ['TEE-CLASSIC'],
      }),
    ).toBe(true);
  });

  it('refuses fractions, out-of-range values, an end before the start and unknown fields', () => {
    for (const bad of [
      { value: { type: 'percentage', percentOff: 0 } },
      { value: { type: 'percentage', percentOff: 101 } },
      { value: { type: 'fixed', amountOff: 1.5 } },
      { value: { type: 'fixed', amountOff: 100 }, usageLimit: 0 },
      { value: { type: 'fixed', amountOff: 100 }, skus: [] },
      { value: { type: 'fixed', amountOff: 100 }, startsAt: '2026-07-01T00:00:00Z', endsAt: '2026-06-01T00:00:00Z' },
      { value: { type: 'fixed', amountOff: 100 }, stackable: true },
    ]) {
      expect(v.is(DiscountDefinitionSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('has a quote problem for each reason a known code gives nothing, and the admin statuses', () => {
    const refusal = { code: 'DISCOUNT_CODE_MINIMUM_NOT_MET', discountCode: 'X', minimumSubtotal: 5_000, message: 'm' };
    expect(v.is(QuoteProblemSchema, refusal)).toBe(true);
    expect(v.is(QuoteProblemSchema, { ...refusal, code: 'DISCOUNT_CODE_SOMETHING' })).toBe(false);
    for (const status of ['FULFILLED', 'PARTIALLY_REFUNDED', 'REFUNDED'])
      expect(v.is(OrderStatusSchema, status)).toBe(true);
  });
});
