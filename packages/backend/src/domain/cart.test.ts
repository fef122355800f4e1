import type { Product } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { applyOperation, type CartState, checkAgainstCatalog, EMPTY_CART, mergeLines, priceCart } from './cart.js';

const product = (sku: string, unitPrice: number, stock = 10): Product => ({
  sku,
  name: `Product ${sku}`,
  description: '',
  unitPrice,
  currency: 'USD',
  image: `/img/${sku}.svg`,
  stock,
});
const catalog = new Map(
  [product('A', 1999), product('B', 250), product('GONE-SOON', 100), product('ZERO', 500, 0)].map((p) => [p.sku, p]),
);
const lookup = (sku: string) => catalog.get(sku);

function cartWith(lines: [string, number][]): CartState {
  return {
    version: lines.length,
    lines: lines.map(([sku, quantity], i) => ({ sku, quantity, addedAt: i })),
    updatedAt: null,
    expiresAt: null,
  };
}

describe('applyOperation', () => {
  it('adds a new line and raises the version by exactly one', () => {
    const { state, changed } = applyOperation(EMPTY_CART, { type: 'add', sku: 'A', quantity: 2 }, 1000);
    expect(changed).toBe(true);
    expect(state.version).toBe(1);
    expect(state.lines).toEqual([{ sku: 'A', quantity: 2, addedAt: 1000 }]);
    expect(state.updatedAt).toBe(new Date(1000).toISOString());
  });

  it('adds to an existing line instead of duplicating it', () => {
    const { state } = applyOperation(cartWith([['A', 2]]), { type: 'add', sku: 'A', quantity: 3 }, 5);
    expect(state.lines).toEqual([{ sku: 'A', quantity: 5, addedAt: 0 }]);
  });

  it('refuses an add that would pass 99 with QUANTITY_LIMIT and leaves the cart alone', () => {
    const cart = cartWith([['A', 98]]);
    expect(() => applyOperation(cart, { type: 'add', sku: 'A', quantity: 2 }, 5)).toThrow(
      expect.objectContaining({ code: 'QUANTITY_LIMIT', status: 422 }),
    );
    expect(cart.lines[0]?.quantity).toBe(98);
  });

  it('refuses a 51st distinct line with CART_FULL but still allows adding to an existing one', () => {
    const full = cartWith(Array.from({ length: 50 }, (_, i): [string, number] => [`S${i}`, 1]));
    expect(() => applyOperation(full, { type: 'add', sku: 'NEW', quantity: 1 }, 5)).toThrow(
      expect.objectContaining({ code: 'CART_FULL' }),
    );
    expect(applyOperation(full, { type: 'add', sku: 'S0', quantity: 1 }, 5).state.lines[0]?.quantity).toBe(2);
  });

  it('sets a quantity, and setting 0 removes the line', () => {
    const cart = cartWith([
      ['A', 2],
      ['B', 1],
    ]);
    expect(applyOperation(cart, { type: 'set', sku: 'A', quantity: 7 }, 5).state.lines[0]?.quantity).toBe(7);
    expect(applyOperation(cart, { type: 'set', sku: 'A', quantity: 0 }, 5).state.lines.map((l) => l.sku)).toEqual([
      'B',
    ]);
  });

  it('treats removing an absent line and clearing an empty cart as no change (no version spent)', () => {
    const cart = cartWith([['A', 1]]);
    expect(applyOperation(cart, { type: 'remove', sku: 'B' }, 5)).toEqual({ state: cart, changed: false });
    expect(applyOperation(EMPTY_CART, { type: 'clear' }, 5)).toEqual({ state: EMPTY_CART, changed: false });
  });
});

describe('checkAgainstCatalog', () => {
  it('refuses unknown SKUs and sold-out products', () => {
    expect(() => checkAgainstCatalog({ type: 'add', sku: 'NOPE', quantity: 1 }, lookup)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_SKU' }),
    );
    expect(() => checkAgainstCatalog({ type: 'add', sku: 'ZERO', quantity: 1 }, lookup)).toThrow(
      expect.objectContaining({ code: 'OUT_OF_STOCK' }),
    );
    expect(() => checkAgainstCatalog({ type: 'remove', sku: 'NOPE' }, lookup)).not.toThrow();
  });
});

describe('mergeLines', () => {
  it('adds quantities, caps them at 99, and appends new lines', () => {
    const { lines, dropped } = mergeLines(
      [{ sku: 'A', quantity: 90, addedAt: 1 }],
      [
        { sku: 'A', quantity: 20, addedAt: 2 },
        { sku: 'B', quantity: 3, addedAt: 3 },
      ],
      10,
    );
    expect(lines).toEqual([
      { sku: 'A', quantity: 99, addedAt: 1 },
      { sku: 'B', quantity: 3, addedAt: 10 },
    ]);
    expect(dropped).toEqual([]);
  });

  it('never goes past 50 lines and says what did not fit', () => {
    const target = Array.from({ length: 50 }, (_, i) => ({ sku: `S${i}`, quantity: 1, addedAt: i }));
    const { lines, dropped } = mergeLines(target, [{ sku: 'X', quantity: 1, addedAt: 0 }], 99);
    expect(lines).toHaveLength(50);
    expect(dropped).toEqual(['X']);
  });
});

describe('priceCart', () => {
  it('prices lines from the catalog in integer minor units', () => {
    const cart = priceCart(
      cartWith([
        ['A', 3],
        ['B', 2],
      ]),
      'anonymous',
      lookup,
      'USD',
    );
    expect(cart.items.map((line) => [line.sku, line.unitPrice, line.lineTotal])).toEqual([
      ['A', 1999, 5997],
      ['B', 250, 500],
    ]);
    expect(cart.subtotal).toBe(6497);
    expect(cart.itemCount).toBe(5);
    expect(Number.isInteger(cart.subtotal)).toBe(true);
  });

  it("carries each line's stock, so a client caps its stepper and flags a line beyond stock (issue 14)", () => {
    const cart = priceCart(
      cartWith([
        ['A', 3],
        ['ZERO', 2],
      ]),
      'anonymous',
      lookup,
      'USD',
    );
    expect(cart.items.map((line) => [line.sku, line.quantity, line.stock])).toEqual([
      ['A', 3, 10],
      ['ZERO', 2, 0],
    ]);
  });

  it('hides lines whose product left the catalog', () => {
    const cart = priceCart(
      cartWith([
        ['A', 1],
        ['LEFT', 4],
      ]),
      'user',
      lookup,
      'USD',
    );
    expect(cart.items.map((line) => line.sku)).toEqual(['A']);
    expect(cart.itemCount).toBe(1);
  });

  it('reports the anonymous expiry as an ISO time', () => {
    const cart = priceCart({ ...EMPTY_CART, expiresAt: 1_800_000_000 }, 'anonymous', lookup, 'USD');
    expect(cart.expiresAt).toBe(new Date(1_800_000_000_000).toISOString());
    expect(cart.version).toBe(0);
  });
});
