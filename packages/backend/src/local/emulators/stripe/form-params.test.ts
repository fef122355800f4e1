import { describe, expect, it } from 'vitest';
import { parseFormParams } from './form-params.js';
import { checkCreateSessionParams, STRIPE_EXPIRY_WINDOW } from './session-params.js';

describe('parseFormParams', () => {
  it('decodes stripe-node encoding into nested objects and arrays', () => {
    const body =
      'mode=payment&line_items[0][quantity]=2&line_items[0][price_data][product_data][name]=Tea%20%26%20co' +
      '&line_items[1][quantity]=1&metadata[orderId]=ord_1&expand[]=a&expand[]=b';

    expect(parseFormParams(body)).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '2', price_data: { product_data: { name: 'Tea & co' } } }, { quantity: '1' }],
      metadata: { orderId: 'ord_1' },
      expand: ['a', 'b'],
    });
  });

  it('accepts percent-encoded brackets', () => {
    expect(parseFormParams('metadata%5Ba%5D=1')).toEqual({ metadata: { a: '1' } });
  });

  it.each([
    ['a skipped array index', 'line_items[1][quantity]=1'],
    ['a name that is both a value and an object', 'metadata=x&metadata[a]=1'],
    ['an unclosed bracket', 'metadata[a=1'],
  ])('refuses %s with a 400 naming the param', (_name, body) => {
    expect(() => parseFormParams(body)).toThrow(
      expect.objectContaining({ status: 400, type: 'invalid_request_error' }),
    );
  });

  it('keeps __proto__ as a plain key and pollutes no prototype', () => {
    const parsed = parseFormParams('__proto__[polluted]=yes&metadata[__proto__][x]=1');

    expect(Object.keys(parsed)).toEqual(['__proto__', 'metadata']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps a metadata key named __proto__ as metadata', () => {
    const params = checkCreateSessionParams(
      parseFormParams(
        'mode=payment&success_url=http://x/&metadata[__proto__]=1&line_items[0][quantity]=1' +
          '&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=100' +
          '&line_items[0][price_data][product_data][name]=A',
      ),
      1_000,
      STRIPE_EXPIRY_WINDOW,
    );

    expect(Object.keys(params.metadata)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(params.metadata))).toEqual(JSON.parse('{"__proto__":"1"}'));
  });
});
