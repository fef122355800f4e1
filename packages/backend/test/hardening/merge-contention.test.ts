import type { Problem } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCartStore, type StoredCart } from '../../src/adapters/cart-store.js';
import { type Deps, setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { createUser, type TestUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import { claimsOf } from './support/jwt.js';
import { invoke } from './support/lambda.js';

// Signing in merges the anonymous cart into the user's while the user's other
// devices (or the SDK flushing its offline queue) may be writing that cart.
// The merge is read-then-transact with a version condition and a fixed number
// of attempts: when every attempt loses the race, what does the shopper get?
// Found by this suite: before commit 57ca974 the merge gave up after five
// attempts with a plain Error, i.e. 500 INTERNAL (with eight requests rewriting
// the user cart in a loop, 5 merges out of 5 answered 500). Kept as a
// regression test.

let deps: Deps;
let user: TestUser;

beforeAll(async () => {
  stackEnv();
  deps = await createDeps(loadConfig({ ...process.env, MUTATION_RATE_PER_MINUTE: '0' }));
  user = await createUser();
});

afterAll(() => setDeps(undefined));

async function anonymousCartWithALine(): Promise<string> {
  setDeps(deps);
  const issued = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: '192.0.2.61' });
  const cartToken = (issued.json as { cartToken: string }).cartToken;
  await invoke({
    method: 'POST',
    path: '/cart/items',
    headers: { 'x-cart-token': cartToken, 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'MUG-STONE', quantity: 1 }),
  });
  return cartToken;
}

describe('POST /cart/merge while the user cart is being written', () => {
  it('answers a retryable 503 (or merges), never 500 INTERNAL, when another device wins every attempt (500 before 57ca974)', async () => {
    // Prepare: a store in which, each time the merge has read the user's cart, the other
    // device's write lands before the merge's transaction (the race lost on every attempt).
    const cartToken = await anonymousCartWithALine();
    const userKey = `user#${String(claimsOf(user.accessToken).sub)}`;
    let otherDeviceWrites = 0;
    class RacedStore extends DynamoCartStore {
      override async get(ownerKey: string): Promise<StoredCart | undefined> {
        const cart = await super.get(ownerKey);
        if (ownerKey === userKey) {
          otherDeviceWrites++;
          await super.mutate(
            userKey,
            { type: 'set', sku: 'TEE-CLASSIC', quantity: (otherDeviceWrites % 9) + 1 },
            { now: Date.now(), mayCreate: true },
          );
        }
        return cart;
      }
    }
    setDeps({ ...deps, carts: new RacedStore(deps.db, deps.config.tables.carts) });
    // Act
    const merged = await invoke({
      method: 'POST',
      path: '/cart/merge',
      headers: { authorization: `Bearer ${user.accessToken}`, 'x-cart-token': cartToken },
    });
    // Assess
    expect(otherDeviceWrites).toBeGreaterThan(1);
    expect(merged.status, merged.text.slice(0, 200)).not.toBe(500);
    expect([200, 503]).toContain(merged.status);
    if (merged.status === 503) {
      expect((merged.json as Problem).code).toBe('UNAVAILABLE');
      expect(merged.headers['retry-after']).toBeDefined();
    }
  });
});
