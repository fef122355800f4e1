import { describe, expect, it } from 'vitest';
import { applyOperation, EMPTY_CART, mergeLines } from '../domain/cart.js';
import { fromItem, hasPriceMap, toItem } from './cart-item.js';
import { buildUpdate } from './cart-update.js';

// Cart lines remember the unit price the shopper saw when adding: one number per SKU in a `price` map.

describe('the price a line was added at', () => {
  it('is set on every add (the newest wins) and kept by a quantity change', () => {
    const added = applyOperation(EMPTY_CART, { type: 'add', sku: 'TEE', quantity: 1, unitPrice: 2000 }, 1).state;
    const again = applyOperation(added, { type: 'add', sku: 'TEE', quantity: 1, unitPrice: 2500 }, 2).state;
    const set = applyOperation(again, { type: 'set', sku: 'TEE', quantity: 5, unitPrice: 9999 }, 3).state;

    expect(added.lines[0]?.addedUnitPrice).toBe(2000);
    expect(again.lines[0]?.addedUnitPrice).toBe(2500);
    expect(set.lines[0]).toMatchObject({ quantity: 5, addedUnitPrice: 2500 });
  });

  it('round-trips through the item, and items written before the map have none', () => {
    const state = applyOperation(EMPTY_CART, { type: 'add', sku: 'TEE', quantity: 2, unitPrice: 2000 }, 1).state;
    const item = toItem('anon#x', state, {});

    expect(item.price).toEqual({ TEE: 2000 });
    expect(fromItem(item).lines[0]?.addedUnitPrice).toBe(2000);
    const legacy = { pk: 'anon#x', version: 1, qty: { TEE: 2 }, added: { TEE: 1 } };
    expect(hasPriceMap(legacy)).toBe(false);
    expect(fromItem(legacy).lines[0]).toEqual({ sku: 'TEE', quantity: 2, addedAt: 1 });
  });

  it("on merge takes the anonymous cart's price, the one seen last", () => {
    const user = [{ sku: 'TEE', quantity: 1, addedAt: 1, addedUnitPrice: 2000 }];
    const anonymous = [
      { sku: 'TEE', quantity: 1, addedAt: 5, addedUnitPrice: 2500 },
      { sku: 'MUG', quantity: 1, addedAt: 6, addedUnitPrice: 900 },
    ];

    expect(mergeLines(user, anonymous, 9).lines).toEqual([
      { sku: 'TEE', quantity: 2, addedAt: 1, addedUnitPrice: 2500 },
      { sku: 'MUG', quantity: 1, addedAt: 9, addedUnitPrice: 900 },
    ]);
  });

  it('is one more SET in the add update, conditioned on the map existing', () => {
    const update = buildUpdate(
      'anon#x',
      { type: 'add', sku: 'TEE', quantity: 1, unitPrice: 2000 },
      { now: 1, mayCreate: true },
    );

    expect(update.UpdateExpression).toContain('price.#s = :p');
    expect(update.ConditionExpression).toContain('attribute_exists(price)');
    expect(update.ExpressionAttributeValues[':p']).toBe(2000);
    expect(buildUpdate('anon#x', { type: 'clear' }, { now: 1, mayCreate: true }).UpdateExpression).toContain(
      'price = :empty',
    );
  });
});
