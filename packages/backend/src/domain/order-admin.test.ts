import { describe, expect, it } from 'vitest';
import { fulfilRefusal, planRefund } from './order-admin.js';

const paid = {
  orderId: 'o1',
  number: 'CK-1',
  status: 'PAID' as const,
  subtotal: 2_000,
  totals: { subtotal: 2_000, discount: 0, shipping: 500, tax: 0, taxIncluded: false, total: 2_500 },
  currency: 'USD',
  paymentSessionId: 'cs_test_1',
};

describe('fulfilRefusal', () => {
  it('lets paid, confirmed and fulfilled orders be fulfilled, and says why the others cannot', () => {
    for (const status of ['PAID', 'CONFIRMED', 'FULFILLED'] as const)
      expect(fulfilRefusal({ ...paid, status })).toBeUndefined();
    expect(fulfilRefusal({ ...paid, status: 'AWAITING_PAYMENT' })).toBe(
      'Order CK-1 is AWAITING_PAYMENT: it can be fulfilled once it is paid or confirmed.',
    );
    expect(fulfilRefusal({ ...paid, status: 'EXPIRED' })).toContain('nothing to fulfil');
    expect(fulfilRefusal({ ...paid, status: 'REFUNDED' })).toContain('refunded');
  });
});

describe('planRefund', () => {
  it('refunds all that is left by default, or part of it', () => {
    expect(planRefund(paid, undefined)).toEqual({ ok: true, amount: 2_500, status: 'REFUNDED' });
    expect(planRefund(paid, 1_000)).toEqual({ ok: true, amount: 1_000, status: 'PARTIALLY_REFUNDED' });
    const part = { ...paid, status: 'PARTIALLY_REFUNDED' as const, refundedTotal: 1_000 };
    expect(planRefund(part, undefined)).toEqual({ ok: true, amount: 1_500, status: 'REFUNDED' });
    expect(planRefund({ ...paid, status: 'FULFILLED' as const }, 1)).toMatchObject({ ok: true, amount: 1 });
  });

  it('refuses more than is left, a refunded order, an unpaid one and one paid outside cartkit', () => {
    const part = { ...paid, status: 'PARTIALLY_REFUNDED' as const, refundedTotal: 1_000 };
    expect(planRefund(part, 1_501)).toEqual({
      ok: false,
      reason: 'Order CK-1 has $15.00 left to refund; $15.01 was asked.',
    });
    expect(planRefund({ ...paid, status: 'REFUNDED' as const }, undefined)).toMatchObject({ ok: false });
    expect(planRefund({ ...paid, status: 'AWAITING_PAYMENT' as const }, undefined)).toMatchObject({
      reason: 'Order CK-1 is AWAITING_PAYMENT: only a paid order can be refunded.',
    });
    expect(planRefund({ ...paid, status: 'CONFIRMED' as const }, undefined)).toMatchObject({
      reason: 'Order CK-1 was not paid online: refund it the way it was paid.',
    });
  });
});
