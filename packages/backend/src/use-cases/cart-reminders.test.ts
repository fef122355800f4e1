import { describe, expect, it } from 'vitest';
import { applyOperation, type CartState, EMPTY_CART, mergeLines, touch } from '../domain/cart.js';
import { startsAbandonment } from './cart-reminders.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const T1 = T0 + 60_000;

function after(cart: CartState, operation: Parameters<typeof applyOperation>[1], now: number): CartState {
  return applyOperation(cart, operation, now).state;
}

describe('startsAbandonment: the write that gives an empty cart its lines', () => {
  const one = after(EMPTY_CART, { type: 'add', sku: 'TEE', quantity: 1 }, T0);

  it('is the first add, or a set that creates the first line', () => {
    expect(startsAbandonment(one, T0)).toBe(true);
    expect(startsAbandonment(after(EMPTY_CART, { type: 'set', sku: 'TEE', quantity: 2 }, T0), T0)).toBe(true);
  });

  it('is no later write: another line, a quantity, a removal, emptying', () => {
    expect(startsAbandonment(after(one, { type: 'add', sku: 'CAP', quantity: 1 }, T1), T1)).toBe(false);
    expect(startsAbandonment(after(one, { type: 'add', sku: 'TEE', quantity: 1 }, T1), T1)).toBe(false);
    expect(startsAbandonment(after(one, { type: 'set', sku: 'TEE', quantity: 5 }, T1), T1)).toBe(false);
    const two = after(one, { type: 'add', sku: 'CAP', quantity: 1 }, T1);
    expect(startsAbandonment(after(two, { type: 'remove', sku: 'TEE' }, T1 + 1), T1 + 1)).toBe(false);
    expect(startsAbandonment(after(one, { type: 'clear' }, T1), T1)).toBe(false);
  });

  it('is the first line again once the cart was emptied (after a purchase or a clear)', () => {
    const emptied = after(one, { type: 'clear' }, T1);
    expect(startsAbandonment(after(emptied, { type: 'add', sku: 'CAP', quantity: 1 }, T1 + 5), T1 + 5)).toBe(true);
  });

  it('is a merge into an empty account cart, not into one that had lines', () => {
    const guest = after(EMPTY_CART, { type: 'add', sku: 'CAP', quantity: 2 }, T0);
    const intoEmpty = touch(EMPTY_CART, mergeLines([], guest.lines, T1).lines, T1);
    expect(startsAbandonment(intoEmpty, T1)).toBe(true);
    const intoFilled = touch(one, mergeLines(one.lines, guest.lines, T1).lines, T1);
    expect(startsAbandonment(intoFilled, T1)).toBe(false);
  });
});
