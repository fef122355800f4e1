import type { Cart } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { CartError } from '../errors/errors.js';
import { initialState, reduce, type State } from './reducer.js';
import type { PendingMutation } from '../types.js';

function cart(version: number, qty = 1): Cart {
  return {
    owner: 'anonymous',
    version,
    currency: 'EUR',
    items: qty ? [{ sku: 'TEE', name: 'Tee', unitPrice: 100, quantity: qty, lineTotal: 100 * qty, image: '' }] : [],
    itemCount: qty,
    subtotal: 100 * qty,
    updatedAt: null,
    expiresAt: null,
  };
}

function mutation(id: string, state: PendingMutation['state'] = 'queued'): PendingMutation {
  return { id, kind: 'add', sku: 'TEE', quantity: 1, idempotencyKey: id, createdAt: 0, state };
}

function run(...actions: Parameters<typeof reduce>[1][]): State {
  return actions.reduce(reduce, initialState('EUR'));
}

describe('reducer', () => {
  it('keeps the highest version whatever the arrival order', () => {
    const s = run(
      { type: 'cart', cart: cart(1), source: 'external' },
      { type: 'cart', cart: cart(3, 3), source: 'external' },
      { type: 'cart', cart: cart(2, 2), source: 'reply' },
    );
    expect(s.base?.version).toBe(3);
    expect(s.cart?.itemCount).toBe(3);
  });

  it('a repriced cart (same version, new catalog figures) replaces the cart of that version, never a newer one', () => {
    const repriced = { ...cart(2), items: [{ ...cart(2).items[0]!, unitPrice: 150, lineTotal: 150 }], subtotal: 150 };
    const same = run(
      { type: 'cart', cart: cart(2), source: 'external' },
      { type: 'cart', cart: repriced, source: 'cart.repriced' },
    );
    expect(same.base?.subtotal).toBe(150);
    // A plain cart.updated of the same version is still ignored (the same cart).
    const plain = run(
      { type: 'cart', cart: cart(2), source: 'external' },
      { type: 'cart', cart: repriced, source: 'external' },
    );
    expect(plain.base?.subtotal).toBe(100);
    const older = run(
      { type: 'cart', cart: cart(3), source: 'external' },
      { type: 'cart', cart: repriced, source: 'cart.repriced' },
    );
    expect(older.base?.version).toBe(3);
    expect(older.base?.subtotal).toBe(100);
  });

  it('takes a repriced cart while a mutation is sending, with the pending change still shown on top', () => {
    const s = run(
      { type: 'cart', cart: cart(2), source: 'external' },
      { type: 'mutation/enqueue', mutation: mutation('m1', 'sending') },
      { type: 'cart', cart: { ...cart(2), subtotal: 999 }, source: 'cart.repriced' },
    );
    expect(s.base?.subtotal).toBe(999);
    expect(s.cart?.items[0]?.quantity).toBe(2);
  });

  it('a reset (new identity) accepts any version', () => {
    const s = run(
      { type: 'cart', cart: cart(9), source: 'external' },
      { type: 'cart', cart: cart(0, 0), source: 'reset' },
    );
    expect(s.base?.version).toBe(0);
  });

  it('defers external carts while a mutation is sending and applies the newest after it settles', () => {
    const sending = run(
      { type: 'cart', cart: cart(1), source: 'external' },
      { type: 'mutation/enqueue', mutation: mutation('m1') },
      { type: 'mutation/state', id: 'm1', state: 'sending' },
      { type: 'cart', cart: cart(2, 2), source: 'external' },
      { type: 'cart', cart: cart(4, 4), source: 'external' },
    );
    expect(sending.base?.version).toBe(1);
    expect(sending.cart?.itemCount).toBe(2); // v1 + pending add, not v4 + add

    const settled = reduce(sending, { type: 'mutation/success', id: 'm1', cart: cart(2, 2) });
    expect(settled.base?.version).toBe(4);
    expect(settled.deferred).toBeNull();
  });

  it('rollback removes only the failed mutation', () => {
    const error = new CartError({ code: 'OUT_OF_STOCK' });
    const s = run(
      { type: 'cart', cart: cart(1), source: 'external' },
      { type: 'mutation/enqueue', mutation: mutation('m1') },
      { type: 'mutation/enqueue', mutation: mutation('m2') },
      { type: 'mutation/rollback', id: 'm1', error },
    );
    expect(s.pending.map((m) => m.id)).toEqual(['m2']);
    expect(s.cart?.itemCount).toBe(2);
    expect(s.error).toBe(error);
  });

  it('returns the same state object for no-op actions', () => {
    const s = run({ type: 'cart', cart: cart(2), source: 'external' });
    expect(reduce(s, { type: 'cart', cart: cart(1), source: 'external' })).toBe(s);
    expect(reduce(s, { type: 'offline', offline: false })).toBe(s);
    expect(reduce(s, { type: 'mutation/state', id: 'missing', state: 'sending' })).toBe(s);
  });

  it('never moves an order back from a final state', () => {
    const order = { orderId: 'o1', items: [], subtotal: 0, currency: 'EUR', createdAt: 'a' };
    const s = run(
      { type: 'order', order: { ...order, status: 'CONFIRMED', updatedAt: '2026-01-01T00:00:02Z' } },
      { type: 'order', order: { ...order, status: 'PENDING', updatedAt: '2026-01-01T00:00:01Z' } },
    );
    expect(s.orders['o1']?.status).toBe('CONFIRMED');
  });

  it('takes the later moves of the shop of a settled order (fulfilled, refunded), never an older update', () => {
    const order = { orderId: 'o1', items: [], subtotal: 0, currency: 'EUR', createdAt: 'a' };
    const s = run(
      { type: 'order', order: { ...order, status: 'CONFIRMED', updatedAt: '2026-01-01T00:00:02Z' } },
      { type: 'order', order: { ...order, status: 'FULFILLED', updatedAt: '2026-01-01T00:00:03Z' } },
      { type: 'order', order: { ...order, status: 'CONFIRMED', updatedAt: '2026-01-01T00:00:02Z' } },
    );
    expect(s.orders['o1']?.status).toBe('FULFILLED');
    const refunded = reduce(s, {
      type: 'order',
      order: { ...order, status: 'REFUNDED', updatedAt: '2026-01-01T00:00:04Z' },
    });
    expect(refunded.orders['o1']?.status).toBe('REFUNDED');
  });

  it('sign-out resets everything of the user', () => {
    const s = run(
      { type: 'user', user: { userId: 'u', email: 'e' } },
      { type: 'cart', cart: cart(5), source: 'reply' },
      { type: 'mutation/enqueue', mutation: mutation('m1') },
      { type: 'signed-out' },
    );
    expect(s).toMatchObject({ user: null, base: null, cart: null, pending: [], orders: {} });
  });
});

describe('contract constants copied to keep valibot out of the bundle', () => {
  it('the socket’s 4401 is the contract’s WS_CLOSE_UNAUTHORIZED', async () => {
    const contract = await import('@cartkit/contract');
    const socket = await import('../realtime/socket.js');
    expect(socket.WS_CLOSE_UNAUTHORIZED).toBe(contract.WS_CLOSE_UNAUTHORIZED);
  });
});
