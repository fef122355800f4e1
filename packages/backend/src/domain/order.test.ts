import type { CartLine } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { type CatalogFigures, formatMoney, freezeCart, judgeOrder } from './order.js';

const line = (sku: string, unitPrice: number, quantity: number, name = sku): CartLine => ({
  sku,
  name,
  unitPrice,
  quantity,
  lineTotal: unitPrice * quantity,
  image: `/img/${sku}.svg`,
});

const catalogOf =
  (figures: Record<string, CatalogFigures>) =>
  (sku: string): CatalogFigures | undefined =>
    figures[sku];

describe('judgeOrder', () => {
  const items = [line('A', 8_400, 1, 'Desk Organiser'), line('B', 500, 3, 'Pen')];

  it('accepts an order whose frozen prices are the catalog’s and whose stock is there', () => {
    const catalog = catalogOf({
      A: { name: 'Desk Organiser', unitPrice: 8_400, stock: 1 },
      B: { name: 'Pen', unitPrice: 500, stock: 3 },
    });
    expect(judgeOrder({ items, currency: 'USD' }, catalog)).toBeUndefined();
  });

  it('fails a price raised or lowered since checkout with PRICE_CHANGED, naming the product and both prices', () => {
    const up = catalogOf({
      A: { name: 'Desk Organiser', unitPrice: 199_998, stock: 9 },
      B: { name: 'Pen', unitPrice: 500, stock: 9 },
    });
    const down = catalogOf({
      A: { name: 'Desk Organiser', unitPrice: 8_400, stock: 9 },
      B: { name: 'Pen', unitPrice: 499, stock: 9 },
    });
    expect(judgeOrder({ items, currency: 'USD' }, up)).toEqual({
      code: 'PRICE_CHANGED',
      reason: expect.stringContaining('"Desk Organiser" changed from $84.00 to $1,999.98'),
    });
    expect(judgeOrder({ items, currency: 'USD' }, down)?.code).toBe('PRICE_CHANGED');
  });

  it('fails a product gone from the catalog with NO_LONGER_SOLD, and short stock with the stock left', () => {
    const gone = catalogOf({ A: { name: 'Desk Organiser', unitPrice: 8_400, stock: 9 } });
    const short = catalogOf({
      A: { name: 'Desk Organiser', unitPrice: 8_400, stock: 9 },
      B: { name: 'Pen', unitPrice: 500, stock: 2 },
    });
    expect(judgeOrder({ items, currency: 'USD' }, gone)).toEqual({
      code: 'NO_LONGER_SOLD',
      reason: 'No longer sold: "Pen". Nothing was charged.',
    });
    expect(judgeOrder({ items, currency: 'USD' }, short)).toEqual({
      code: 'OUT_OF_STOCK',
      reason: 'Out of stock: only 2 of "Pen" left, 3 requested.',
    });
  });
});

describe('formatMoney', () => {
  it('reads integer minor units in the currency’s own number of decimals', () => {
    expect(formatMoney(8_400, 'USD')).toBe('$84.00');
    expect(formatMoney(1_200, 'JPY')).toBe('¥1,200');
  });
});

describe('freezeCart', () => {
  it("keeps the cart's lines without their live stock (issue 14: stock is a Cart-line field only)", () => {
    const items = [{ ...line('A', 1_000, 2), stock: 7 }];
    const cart = {
      owner: 'user' as const,
      version: 3,
      currency: 'USD',
      items,
      itemCount: 2,
      subtotal: 2_000,
      updatedAt: null,
      expiresAt: null,
    };
    const order = freezeCart(cart, { orderId: 'o1', ownerKey: 'user#u1', now: 0 });
    expect(order.items).toEqual([line('A', 1_000, 2)]);
  });
});
