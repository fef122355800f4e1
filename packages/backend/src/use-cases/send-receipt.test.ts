import { describe, expect, it } from 'vitest';
import { orderPageUrl, parseReceiptJob, receiptKey } from './send-receipt.js';

describe('parseReceiptJob', () => {
  it('reads an order.paid message', () => {
    expect(parseReceiptJob('{"type":"order.paid","orderId":"ord_1"}')).toEqual({
      type: 'order.paid',
      orderId: 'ord_1',
    });
  });

  it.each([
    ['not JSON', 'order.paid ord_1'],
    ['another job', '{"type":"order.placed","orderId":"ord_1"}'],
    ['no order id', '{"type":"order.paid"}'],
    ['an order id over 64 characters', JSON.stringify({ type: 'order.paid', orderId: 'x'.repeat(65) })],
  ])('throws on %s, so the message is retried and dead-lettered', (_what, body) => {
    expect(() => parseReceiptJob(body)).toThrow();
  });
});

describe('orderPageUrl', () => {
  it('puts the order id and the token in the fragment, encoded, keeping the page query', () => {
    expect(orderPageUrl('https://shop.example/account?tab=orders', 'ord_1', 'a+b/c=')).toBe(
      'https://shop.example/account?tab=orders#cartkit-order=ord_1&token=a%2Bb%2Fc%3D',
    );
  });
});

describe('receiptKey', () => {
  it('is one header-safe value per order', () => {
    expect(receiptKey('ord_1')).toBe('receipt-ord_1');
    expect(receiptKey('ord 1\r\n')).toMatch(/^[A-Za-z0-9._:-]+$/);
  });
});
