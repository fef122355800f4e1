import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDeps } from '../../src/runtime/every-service.js';
import { anonymousExpiry, isCartAlive } from '../../src/domain/cart-liveness.js';
import { CartExpiredError } from '../../src/domain/errors.js';
import { stackEnv } from '../support/stack.js';

// The store's UpdateItem restates the liveness rule as a DynamoDB condition
// (adapters/cart-update.ts). Against DynamoDB Local, at the second the rule
// flips, the condition must agree with `isCartAlive`.

beforeAll(() => {
  stackEnv();
});

describe('the cart store and the liveness rule', () => {
  it('writes a written anonymous cart one second before its expiry and refuses it at that second', async () => {
    // Prepare: an anonymous cart written now, so its expiry is anonymousExpiry(created).
    const deps = await getDeps();
    const key = `anon#${randomUUID()}`;
    const created = Date.now();
    const add = { type: 'add', sku: 'TEE-CLASSIC', quantity: 1 } as const;
    await deps.carts.mutate(key, add, { now: created, mayCreate: true, ttl: anonymousExpiry(created) });
    const expiry = anonymousExpiry(created);
    const owner = { kind: 'anonymous', id: key.slice(5), issuedAt: Math.floor(created / 1000) - 40 * 86_400 } as const;
    const justDead = expiry * 1000;
    const justAlive = justDead - 1;
    const stored = await deps.carts.get(key);
    expect([isCartAlive(owner, stored, justAlive), isCartAlive(owner, stored, justDead)]).toEqual([true, false]);
    // Act: at the expiry second first, then a millisecond before it.
    const dead = await deps.carts
      .mutate(key, add, { now: justDead, mayCreate: false, ttl: anonymousExpiry(justDead) })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const untouched = await deps.carts.get(key);
    const alive = await deps.carts.mutate(key, add, {
      now: justAlive,
      mayCreate: false,
      ttl: anonymousExpiry(justAlive),
    });
    // Assess: refused (401, nothing written) exactly when the rule says dead; written, and the expiry pushed on, when alive.
    expect(dead).toBeInstanceOf(CartExpiredError);
    expect(untouched).toMatchObject({ version: 1, expiresAt: expiry, lines: [{ sku: 'TEE-CLASSIC', quantity: 1 }] });
    expect(alive).toMatchObject({ changed: true, cart: { version: 2, expiresAt: anonymousExpiry(justAlive) } });
  });
});
