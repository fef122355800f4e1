import { describe, expect, it } from 'vitest';
import { hashOrderAccessToken, newOrderAccessToken, orderAccessAllowed } from './order-access.js';
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
