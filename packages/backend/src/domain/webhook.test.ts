import { describe, expect, it } from 'vitest';
import {
  deliveryId,
  erasePersonalData,
  endpointUrlProblem,
  fellToLowStock,
  orderEvent,
  retryDelay,
  WEBHOOK_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_SECONDS,
} from './webhook.js';

describe('webhook schedule', () => {
  it('retries for at least 24 hours, each wait within the 12 h visibility limit, then gives up', () => {
    const total = WEBHOOK_RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThanOrEqual(24 * 3_600);
    expect(Math.max(...WEBHOOK_RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(43_200);
    expect(WEBHOOK_ATTEMPTS).toBe(8);
    expect(retryDelay(WEBHOOK_RETRY_DELAYS_SECONDS, 1)).toBe(5);
    expect(retryDelay(WEBHOOK_RETRY_DELAYS_SECONDS, 7)).toBe(36_000);
    expect(retryDelay(WEBHOOK_RETRY_DELAYS_SECONDS, 8)).toBeUndefined();
  });
});

describe('orderEvent', () => {
  it('names the moves merchants hear about, and nothing else', () => {
    expect(orderEvent({ status: 'AWAITING_PAYMENT' }, { status: 'PAID' })).toBe('order.paid');
    expect(orderEvent({ status: 'CONFIRMED' }, { status: 'FULFILLED' })).toBe('order.fulfilled');
    expect(orderEvent({ status: 'PAID' }, { status: 'PARTIALLY_REFUNDED', refundedTotal: 100 })).toBe('order.refunded');
    expect(
      orderEvent({ status: 'PARTIALLY_REFUNDED', refundedTotal: 100 }, { status: 'REFUNDED', refundedTotal: 300 }),
    ).toBe('order.refunded');
    expect(orderEvent({ status: 'AWAITING_PAYMENT' }, { status: 'EXPIRED' })).toBe('order.expired');
    expect(orderEvent({ status: 'PENDING' }, { status: 'CONFIRMED' })).toBeUndefined();
    expect(orderEvent({ status: 'PAID' }, { status: 'PAID' })).toBeUndefined();
    expect(orderEvent(undefined, { status: 'PENDING' })).toBeUndefined();
  });
});

describe('deliveryId and endpoint URLs', () => {
  it('names one event to one endpoint the same every time, and sorts by time', () => {
    expect(deliveryId('o1:PAID', 'ep1', 1_000)).toBe(deliveryId('o1:PAID', 'ep1', 1_000));
    expect(deliveryId('o1:PAID', 'ep1', 1_000)).not.toBe(deliveryId('o1:PAID', 'ep2', 1_000));
    expect(deliveryId('a', 'ep', 2_000) > deliveryId('z', 'ep', 1_000)).toBe(true);
  });

  it('takes https anywhere and http to loopback only', () => {
    expect(endpointUrlProblem('https://shop.example.com/hooks')).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:9000/hooks')).toBeUndefined();
    expect(endpointUrlProblem('http://shop.example.com/hooks')).toContain('https');
    expect(endpointUrlProblem('https://user:pw@shop.example.com/')).toContain('credentials');
    expect(endpointUrlProblem('not a url')).toBe('is not an absolute URL');
  });
});

describe('fellToLowStock', () => {
  it('is the fall from above the threshold to at or below it, once until stock rises above again', () => {
    expect(fellToLowStock({ stock: 6 }, { stock: 5 }, 5)).toBe(true);
    expect(fellToLowStock({ stock: 20 }, { stock: 0 }, 5)).toBe(true);
    expect(fellToLowStock({ stock: 5 }, { stock: 4 }, 5)).toBe(false); // low already
    expect(fellToLowStock({ stock: 3 }, { stock: 5 }, 5)).toBe(false); // a restock still at the threshold
    expect(fellToLowStock({ stock: 3 }, { stock: 9 }, 5)).toBe(false); // back above: the next fall counts
    expect(fellToLowStock({ stock: 9 }, { stock: 9 }, 5)).toBe(false);
    expect(fellToLowStock({ stock: 1 }, { stock: 0 }, 0)).toBe(true);
  });

  it('never for a new or deleted row, a variant parent or a shop without a threshold', () => {
    expect(fellToLowStock(undefined, { stock: 1 }, 5)).toBe(false);
    expect(fellToLowStock({ stock: 9 }, undefined, 5)).toBe(false);
    expect(fellToLowStock({ stock: 9, kind: 'parent' }, { stock: 1, kind: 'parent' }, 5)).toBe(false);
    expect(fellToLowStock({ stock: 9 }, { stock: 1 }, undefined)).toBe(false);
  });
});

describe('erasePersonalData', () => {
  it("takes the email and address out of an order event's order, keeping its country and region", () => {
    const payload = JSON.stringify({
      type: 'order.paid',
      timestamp: '2026-12-01T10:00:00.000Z',
      data: {
        order: {
          orderId: 'o1',
          number: 'CK-7QF3-K9M2',
          email: 'ada@example.com',
          shippingAddress: { name: 'Ada', line1: '1 Market St', city: 'SF', region: 'CA', country: 'US' },
          totals: { total: 100 },
        },
      },
    });

    expect(JSON.parse(erasePersonalData(payload))).toEqual({
      type: 'order.paid',
      timestamp: '2026-12-01T10:00:00.000Z',
      data: {
        order: {
          orderId: 'o1',
          number: 'CK-7QF3-K9M2',
          totals: { total: 100 },
          shippingCountry: 'US',
          shippingRegion: 'CA',
          anonymised: true,
        },
      },
    });
  });

  it('leaves a product event, or a payload that is not JSON, as it is', () => {
    const product = JSON.stringify({ type: 'product.low_stock', data: { product: { sku: 'TEE' } } });
    expect(erasePersonalData(product)).toBe(product);
    expect(erasePersonalData('not json')).toBe('not json');
  });
});
