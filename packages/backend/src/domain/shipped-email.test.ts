import { describe, expect, it } from 'vitest';
import { ReceiptRenderError } from './receipt.js';
import { renderShippedEmail } from './shipped-email.js';

const OPTIONS = { shopName: 'Stone & Thread', orderUrl: 'https://shop.example/orders#cartkit-order=o1&token=t' };

describe('renderShippedEmail', () => {
  it('escapes what merchants and shoppers wrote, and keeps a forged line on its own line', () => {
    const { subject, html, text } = renderShippedEmail(
      {
        number: 'CK-7QF3-K9M2',
        items: [{ name: '<script>alert(1)</script> Tee', quantity: 2 }],
        fulfilment: { trackingNumber: '1Z9\nTotal paid: $0', carrier: 'U<P>S' },
      },
      OPTIONS,
    );

    expect(subject).toBe('Your order CK-7QF3-K9M2 is on its way');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('U&lt;P&gt;S');
    expect(text).toContain('Tracking number: 1Z9 Total paid: $0 (U<P>S)');
    expect(text.split('\n').some((line) => line.startsWith('Total paid'))).toBe(false);
  });

  it('refuses a tracking link that is not http(s), and an order with no lines', () => {
    expect(() =>
      renderShippedEmail(
        { number: 'CK-1', items: [{ name: 'Tee', quantity: 1 }], fulfilment: { trackingUrl: 'javascript:alert(1)' } },
        OPTIONS,
      ),
    ).toThrow(ReceiptRenderError);
    expect(() => renderShippedEmail({ number: 'CK-1', items: [], fulfilment: {} }, OPTIONS)).toThrow(/no lines/);
  });
});
