import { describe, expect, it } from 'vitest';
import { CartTokenSigner } from '../adapters/cart-token.js';
import {
  deriveOrderAccessToken,
  hashOrderAccessToken,
  newOrderAccessToken,
  ORDER_ACCESS_PURPOSE,
  orderAccessAllowed,
  orderPageUrl,
} from './order-access.js';
import { newOrderNumber, ORDER_NUMBER } from './order-number.js';
import { orderCharge } from './order.js';

describe('order access tokens', () => {
  it('are 128 random bits, stored as a hash that opens the order only with the token itself', () => {
    const { token, hash } = newOrderAccessToken();

    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hash).not.toContain(token);
    expect(hash).toBe(hashOrderAccessToken(token));
    expect(orderAccessAllowed(hash, token)).toBe(true);
    expect(orderAccessAllowed(hash, newOrderAccessToken().token)).toBe(false);
    expect(orderAccessAllowed(hash, `${token}x`)).toBe(false);
    expect(orderAccessAllowed(undefined, token)).toBe(false);
    expect(orderAccessAllowed(hash, undefined)).toBe(false);
  });
});

describe('derived order access tokens', () => {
  const key = new CartTokenSigner('s'.repeat(32)).derivedKey(ORDER_ACCESS_PURPOSE);

  it('are the same for an order wherever they are derived, 128 bits, and differ per order and per key', () => {
    const again = new CartTokenSigner('s'.repeat(32)).derivedKey(ORDER_ACCESS_PURPOSE);
    const otherKey = new CartTokenSigner('t'.repeat(32)).derivedKey(ORDER_ACCESS_PURPOSE);

    const token = deriveOrderAccessToken(key, 'mbx1-abc');

    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(deriveOrderAccessToken(again, 'mbx1-abc')).toBe(token);
    expect(deriveOrderAccessToken(key, 'mbx1-abd')).not.toBe(token);
    expect(deriveOrderAccessToken(otherKey, 'mbx1-abc')).not.toBe(token);
    expect(orderAccessAllowed(hashOrderAccessToken(token), token)).toBe(true);
    expect(orderAccessAllowed(hashOrderAccessToken(token), deriveOrderAccessToken(key, 'mbx1-abd'))).toBe(false);
  });

  it('use a key of their own: not the cart token secret, not a key derived for another purpose', () => {
    const signer = new CartTokenSigner('s'.repeat(32));

    expect(key.length).toBe(32);
    expect(key.equals(Buffer.from('s'.repeat(32)))).toBe(false);
    expect(signer.derivedKey('another-purpose').equals(key)).toBe(false);
    expect(() => deriveOrderAccessToken(Buffer.alloc(16), 'mbx1-abc')).toThrow(RangeError);
  });

  it('go into the fragment of the order page link, with the keys the element reads', () => {
    expect(orderPageUrl('https://shop.example/p?x=1#old', 'o-1', 'tok', { payment: 'cancelled' })).toBe(
      'https://shop.example/p?x=1#cartkit-order=o-1&token=tok&payment=cancelled',
    );
  });
});

describe('order numbers', () => {
  it('read aloud: CK- and two groups of four, never 0, O, 1 or I', () => {
    const numbers = Array.from({ length: 500 }, () => newOrderNumber());

    expect(numbers.every((number) => ORDER_NUMBER.test(number))).toBe(true);
    expect(numbers.map((number) => number.slice(3)).join('')).not.toMatch(/[01IO]/);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(newOrderNumber(() => 0)).toBe('CK-2222-2222');
    expect(newOrderNumber(() => 31)).toBe('CK-ZZZZ-ZZZZ');
  });
});

describe('orderCharge', () => {
  const items = [
    { sku: 'A', name: 'A', unitPrice: 1000, quantity: 2, lineTotal: 2000, image: '' },
    { sku: 'B', name: 'B', unitPrice: 500, quantity: 1, lineTotal: 500, image: '' },
  ];

  it('is exactly the frozen total when the totals add up from the lines', () => {
    const totals = { subtotal: 2500, discount: 0, shipping: 500, tax: 181, taxIncluded: false, total: 3181 };
    const included = { subtotal: 2500, discount: 0, shipping: 500, tax: 500, taxIncluded: true, total: 3000 };

    expect(orderCharge({ items, subtotal: 2500, totals })).toBe(3181);
    expect(orderCharge({ items, subtotal: 2500, totals: included })).toBe(3000);
    expect(orderCharge({ items, subtotal: 2500 })).toBe(2500); // placed before totals existed
  });

  it('refuses totals that do not add up (nothing may be charged)', () => {
    const totals = { subtotal: 2500, discount: 0, shipping: 500, tax: 181, taxIncluded: false, total: 3180 };

    expect(orderCharge({ items, subtotal: 2500, totals })).toBeUndefined();
    expect(orderCharge({ items, subtotal: 2400, totals: { ...totals, total: 3181 } })).toBeUndefined();
    expect(orderCharge({ items: [{ ...items[0]!, lineTotal: 1 }], subtotal: 1 })).toBeUndefined();
  });
});
