import { randomUUID } from 'node:crypto';
import type { Cart } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDeps } from '../../src/runtime/every-service.js';
import { ValidationError } from '../../src/domain/errors.js';
import { freezeCart, type StoredOrder } from '../../src/domain/order.js';
import { eventually } from '../support/api.js';
import { stackEnv } from '../support/stack.js';

// An owner's order history through the Orders table's byOwner index
// (ownerKey, createdAt), against DynamoDB Local.

const cart: Cart = {
  owner: 'user',
  version: 1,
  currency: 'USD',
  items: [{ sku: 'MUG-STONE', name: 'Stoneware Mug', unitPrice: 1800, quantity: 1, lineTotal: 1800, image: '' }],
  itemCount: 1,
  subtotal: 1800,
  updatedAt: null,
  expiresAt: null,
};

async function placeOrders(ownerKey: string, count: number, from: number): Promise<StoredOrder[]> {
  const deps = await getDeps();
  const orders: StoredOrder[] = [];
  for (let i = 0; i < count; i++) {
    const order = freezeCart(cart, { orderId: `hist-${randomUUID()}`, ownerKey, now: from + i * 60_000 });
    await deps.orders.create(order);
    orders.push(order);
  }
  return orders;
}

beforeAll(() => {
  stackEnv();
});

describe('OrderStore.listByOwner', () => {
  it('pages through one owner’s orders newest first, and only theirs', async () => {
    // Prepare: five orders a minute apart, written oldest first; another owner's order in between.
    const deps = await getDeps();
    const owner = `user#${randomUUID()}`;
    const placed = await placeOrders(owner, 5, Date.UTC(2025, 5, 1));
    await placeOrders(`user#${randomUUID()}`, 1, Date.UTC(2025, 5, 1, 0, 2, 30));
    const newestFirst = [...placed].reverse().map((order) => order.orderId);
    // Act: the index is eventually consistent, so wait until the first page holds the newest.
    const first = await eventually(async () => {
      const page = await deps.orders.listByOwner(owner, { limit: 2 });
      return page.orders[0]?.orderId === newestFirst[0] ? page : undefined;
    });
    const second = await deps.orders.listByOwner(owner, { limit: 2, cursor: first.cursor });
    const third = await deps.orders.listByOwner(owner, { limit: 2, cursor: second.cursor });
    const all = await deps.orders.listByOwner(owner);
    // Assess
    expect([first, second, third].flatMap((page) => page.orders.map((order) => order.orderId))).toEqual(newestFirst);
    expect([first.cursor, second.cursor]).toEqual([expect.any(String), expect.any(String)]);
    expect(third.cursor).toBeUndefined();
    expect(all.orders.map((order) => order.orderId)).toEqual(newestFirst);
    expect(all.orders[0]).toEqual(placed[4]);
  });

  it('gives an owner with no orders an empty last page', async () => {
    const deps = await getDeps();
    expect(await deps.orders.listByOwner(`user#${randomUUID()}`, { limit: 5 })).toEqual({ orders: [] });
  });

  it('refuses a page size off 1..100 and a cursor that is malformed or another owner’s, reading nothing', async () => {
    // Prepare: a real cursor of Alice's.
    const deps = await getDeps();
    const alice = `user#${randomUUID()}`;
    await placeOrders(alice, 2, Date.UTC(2025, 6, 1));
    const page = await eventually(async () => {
      const read = await deps.orders.listByOwner(alice, { limit: 1 });
      return read.cursor === undefined ? undefined : read;
    });
    const cursor = page.cursor as string;
    const refusals = [
      { limit: 0 },
      { limit: 101 },
      { limit: 1.5 },
      { cursor: 'not a cursor' },
      { cursor: Buffer.from('{"ownerKey":1}').toString('base64url') },
      { cursor: cursor.slice(0, -4) },
      { cursor: 'x'.repeat(2000) },
    ];
    // Act
    const answers = await Promise.all(
      [
        ...refusals.map((request) => deps.orders.listByOwner(alice, request)),
        deps.orders.listByOwner(`user#${randomUUID()}`, { cursor }),
      ].map((attempt) =>
        attempt.then(
          () => 'accepted',
          (error: unknown) => (error instanceof ValidationError ? error.message : `other: ${String(error)}`),
        ),
      ),
    );
    // Assess
    expect(answers.slice(0, 3)).toEqual(Array(3).fill('The page size must be an integer from 1 to 100.'));
    expect(answers.slice(3)).toEqual(
      Array(5).fill('The cursor is invalid: pass the cursor of the previous page, unchanged.'),
    );
  });
});
