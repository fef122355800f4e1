import { describe, expect, it } from 'vitest';
import { ReceiptRenderError, type ReceiptOrder, escapeHtml, formatMinorUnits, renderReceipt } from './receipt.js';

const ORDER_URL = 'https://shop.example/orders#order=ord_1&token=tok_abc';

function order(overrides: Partial<ReceiptOrder> = {}): ReceiptOrder {
  return {
    number: 'K7M-4Q2P',
    createdAt: '2025-03-14T09:30:00.000Z',
    currency: 'USD',
    items: [
      { name: 'Classic Tee', quantity: 2, unitPrice: 2000, lineTotal: 4000 },
      { name: 'Stone Mug', quantity: 1, unitPrice: 1450, lineTotal: 1450 },
    ],
    totals: { subtotal: 5450, discount: 500, shipping: 495, tax: 436, total: 5881 },
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 St James Square',
      line2: 'Flat 3',
      city: 'London',
      region: 'Greater London',
      postalCode: 'SW1Y 4JH',
      country: 'gb',
    },
    shippingOption: { label: 'Standard (3-5 days)' },
    ...overrides,
  };
}

const render = (o: ReceiptOrder = order(), locale?: string) =>
  renderReceipt(o, { shopName: 'Stone & Thread', orderUrl: ORDER_URL, ...(locale ? { locale } : {}) });

/** The text between tags, entities decoded: what a reader of the HTML part sees. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}

/** Every opened element of these kinds is closed, in order. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, close, tag] of html.matchAll(
    /<(\/?)(table|tr|td|th|thead|tbody|tfoot|bdi|p|a|h1|h2|strong)\b[^>]*>/g,
  )) {
    if (!close) stack.push(tag ?? '');
    else if (stack.pop() !== tag) return false;
  }
  return stack.length === 0;
}

describe('renderReceipt', () => {
  it('puts the order number, every line, the totals, the address and the order link in both parts', () => {
    const { subject, html, text } = render();

    expect(subject).toBe('Stone & Thread: your receipt for order K7M-4Q2P');
    for (const part of [visibleText(html), text]) {
      expect(part).toContain('K7M-4Q2P');
      expect(part).toContain('Classic Tee');
      expect(part).toContain('Stone Mug');
      expect(part).toContain('$20.00');
      expect(part).toContain('$40.00');
      expect(part).toContain('$14.50');
      expect(part).toContain('$54.50'); // subtotal
      expect(part).toContain('\u2212$5.00'); // discount
      expect(part).toContain('Shipping (Standard (3-5 days))');
      expect(part).toContain('$4.95');
      expect(part).toContain('$4.36');
      expect(part).toContain('$58.81');
      expect(part).toContain('Ada Lovelace');
      expect(part).toContain('12 St James Square');
      expect(part).toContain('Flat 3');
      expect(part).toContain('SW1Y 4JH London Greater London');
      expect(part).toContain('GB');
      expect(part).toContain('March 14, 2025');
    }
    expect(html).toContain(`href="${escapeHtml(ORDER_URL)}"`);
    expect(text).toContain(`\n${ORDER_URL}\n`);
  });

  it('lays the HTML out as an accessible table: lang, presentation tables, a captioned data table with header cells', () => {
    const { html } = render();

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-US">');
    expect(html).toContain('<caption');
    expect(html.match(/<th scope="col"/g)).toHaveLength(4);
    expect(html.match(/<th scope="row"/g)).toHaveLength(5); // subtotal, discount, shipping, tax, total
    expect(html.match(/<table role="presentation"/g)).toHaveLength(2);
    expect(html).not.toMatch(/<style|<link|<script|class=/);
    expect(balanced(html)).toBe(true);
  });

  it('reads well as plain text: one line per item with its arithmetic, totals aligned in one column', () => {
    const { text } = render();

    expect(text).toContain('Classic Tee\n  2 \u00d7 $20.00 = $40.00\n');
    const totals = text.split('\n').filter((line) => /^(Subtotal|Discount|Shipping \(|Tax|Total paid)/.test(line));
    expect(totals).toHaveLength(5);
    const columns = new Set(totals.map((line) => line.search(/\S+$/) + line.match(/\S+$/)![0].length));
    expect(columns.size).toBe(1); // every amount ends in the same column
    expect(text).not.toMatch(/<[a-z]/);
  });

  it('leaves out a zero discount and says "Free" for zero shipping', () => {
    const { html, text } = render(order({ totals: { subtotal: 5450, discount: 0, shipping: 0, tax: 0, total: 5450 } }));

    for (const part of [visibleText(html), text]) {
      expect(part).not.toContain('Discount');
      expect(part).toMatch(/Shipping \(Standard \(3-5 days\)\)\s+Free/);
    }
  });

  it.each([
    ['JPY', 'en-US', 123456, '¥123,456'],
    ['KWD', 'en-US', 12345, 'KWD\u00a012.345'],
    ['EUR', 'de-DE', 199999, '1.999,99\u00a0€'],
    ['USD', 'en-US', 0, '$0.00'],
  ])('formats %s minor units with the currency digits in %s', (currency, locale, minor, expected) => {
    expect(formatMinorUnits(minor, currency, locale)).toBe(expected);
  });

  it('formats the whole receipt in the currency and locale given', () => {
    const { text, html } = render(
      order({
        currency: 'JPY',
        items: [{ name: 'Tea bowl', quantity: 3, unitPrice: 2500, lineTotal: 7500 }],
        totals: { subtotal: 7500, discount: 0, shipping: 800, tax: 750, total: 9050 },
      }),
      'ja-JP',
    );

    expect(text).toContain('3 \u00d7 ￥2,500 = ￥7,500');
    expect(text).toMatch(/Total paid\s+￥9,050/);
    expect(html).toContain('<html lang="ja-JP">');
  });

  it('escapes markup and quotes in product names, the address, the label and the shop name', () => {
    const hostile = `<script>alert("x")</script><img src=x onerror='alert(1)'> & "quoted"`;
    const { html, text } = renderReceipt(
      order({
        items: [{ name: hostile, quantity: 1, unitPrice: 100, lineTotal: 100 }],
        shippingAddress: { ...order().shippingAddress, name: hostile, line1: '"><a href="https://evil.example">' },
        shippingOption: { label: '</td></tr></table><h1>Pwned</h1>' },
      }),
      { shopName: '<b>Shop</b>', orderUrl: ORDER_URL },
    );

    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example">');
    expect(html).not.toContain('<h1>Pwned');
    expect(html).not.toContain('<b>Shop');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('onerror=&#39;alert(1)&#39;');
    expect(balanced(html)).toBe(true);
    expect(visibleText(html)).toContain(hostile);
    expect(text).toContain(hostile); // plain text is not HTML: shown as typed
  });

  it('isolates right-to-left names and bidi overrides so they cannot reorder prices or the total', () => {
    const arabic = 'قميص كلاسيكي';
    const override = 'Mug \u202Eevil\u202C';
    const { html, text } = render(
      order({
        items: [
          { name: arabic, quantity: 1, unitPrice: 2000, lineTotal: 2000 },
          { name: override, quantity: 1, unitPrice: 1450, lineTotal: 1450 },
        ],
        shippingAddress: { ...order().shippingAddress, name: 'דוד כהן', city: 'תל אביב' },
      }),
    );

    expect(html).toContain(`<bdi>${arabic}</bdi>`);
    expect(html).toContain(`<bdi>${override}</bdi>`);
    expect(html).toContain('<bdi>דוד כהן</bdi>');
    expect(text).toContain(`\u2068${arabic}\u2069\n  1 \u00d7 $20.00 = $20.00`);
    expect(text).toContain(`\u2068${override}\u2069\n`);
    expect(text).toContain('\u2068דוד כהן\u2069');
  });

  it('keeps a name with newlines on its line: it cannot forge a "Total paid" line', () => {
    const { text, html } = render(
      order({
        items: [{ name: 'Mug\r\nTotal paid   $0.00\u2028\u0085x', quantity: 1, unitPrice: 100, lineTotal: 100 }],
      }),
    );

    expect(text.split('\n').filter((line) => line.startsWith('Total paid'))).toEqual([
      expect.stringMatching(/^Total paid\s+\$58\.81$/),
    ]);
    expect(text).toContain('Mug Total paid $0.00 x\n');
    expect(html).not.toMatch(/Mug[\r\n]/);
  });

  it('wraps very long names in the text part and lets the HTML cell break them', () => {
    const long = `${'Extraordinarily '.repeat(40)}${'X'.repeat(300)}`;
    const { text, html } = render(order({ items: [{ name: long, quantity: 1, unitPrice: 100, lineTotal: 100 }] }));

    expect(Math.max(...text.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(ORDER_URL.length + 72);
    const nameLines = text.split('\n').filter((line) => /^(Extraordinarily|X)/.test(line));
    expect(nameLines.length).toBeGreaterThan(5);
    expect(nameLines.every((line) => line.length <= 72)).toBe(true);
    expect(nameLines.join(' ').replace(/\s+/g, '')).toBe(long.replace(/\s+/g, ''));
    expect(html).toContain('overflow-wrap:anywhere');
  });

  it('puts the order URL into the link escaped, and refuses one that is not http(s)', () => {
    const url = 'https://shop.example/o?a=1&b="2"#t=<x>';
    const { html } = renderReceipt(order(), { shopName: 'S', orderUrl: url });

    expect(html).toContain('href="https://shop.example/o?a=1&amp;b=%222%22#t=%3Cx%3E"');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '/orders/1', '']) {
      expect(() => renderReceipt(order(), { shopName: 'S', orderUrl: bad })).toThrow(ReceiptRenderError);
    }
  });

  it.each([
    ['a fractional price', order({ items: [{ name: 'A', quantity: 1, unitPrice: 19.99, lineTotal: 1999 }] })],
    ['a negative total', order({ totals: { subtotal: 1, discount: 0, shipping: 0, tax: 0, total: -1 } })],
    ['a zero quantity', order({ items: [{ name: 'A', quantity: 0, unitPrice: 1, lineTotal: 0 }] })],
    ['no lines', order({ items: [] })],
    ['a bad currency', order({ currency: 'usd' })],
    ['a bad date', order({ createdAt: 'yesterday' })],
    ['an empty order number', order({ number: ' \n ' })],
  ])('refuses %s with a ReceiptRenderError', (_what, bad) => {
    expect(() => render(bad)).toThrow(ReceiptRenderError);
  });

  it('refuses a locale that is not a language tag', () => {
    expect(() => render(order(), 'not a locale!')).toThrow(/BCP 47/);
  });
});
