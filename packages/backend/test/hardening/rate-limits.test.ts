import type { Cart, Problem } from '@cartkit/contract';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Deps, setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { createUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import { invoke } from './support/lambda.js';

// Rate limits, in-process with the clock held still: fixed windows and token
// buckets are then exact, whatever the machine's speed (a real clock can cross
// a window boundary mid-test and let the limit+1st request through).

const MINUTE = 60_000;
/** The start of a fixed minute window, plus a little, so "the next window" is a known step away. */
const WINDOW_START = Math.floor(Date.now() / MINUTE) * MINUTE + 5_000;

let clock = WINDOW_START;

async function depsWith(overrides: Record<string, string>): Promise<Deps> {
  const real = await createDeps(loadConfig({ ...process.env, ...overrides }));
  return { ...real, now: () => clock };
}

beforeAll(() => {
  stackEnv();
});

afterEach(() => {
  setDeps(undefined);
  clock = WINDOW_START;
});

function uniqueIp(): string {
  const n = Math.floor(Math.random() * 2 ** 24);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

describe('POST /cart/anonymous per client IP', () => {
  it('answers the request past the limit with 429 RATE_LIMITED and a Retry-After until the window ends', async () => {
    // Prepare
    setDeps(await depsWith({ ANONYMOUS_RATE_PER_MINUTE: '5' }));
    const ip = uniqueIp();
    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: ip })).status);
    const refused = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: ip });
    // Assess
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    expect(refused.status).toBe(429);
    expect((refused.json as Problem).code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe('55');
    expect(refused.text).not.toMatch(/cartToken/);
  });

  it('counts by the connection’s source IP, not by X-Forwarded-For the client chooses', async () => {
    // Prepare
    setDeps(await depsWith({ ANONYMOUS_RATE_PER_MINUTE: '3' }));
    const ip = uniqueIp();
    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await invoke({
        method: 'POST',
        path: '/cart/anonymous',
        sourceIp: ip,
        headers: { 'x-forwarded-for': `192.0.2.${i}`, 'x-real-ip': `192.0.2.${i}` },
      });
      statuses.push(response.status);
    }
    // Assess
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
  });

  it('limits one IP without touching another, and admits the IP again in the next window', async () => {
    // Prepare
    setDeps(await depsWith({ ANONYMOUS_RATE_PER_MINUTE: '2' }));
    const [noisy, quiet] = [uniqueIp(), uniqueIp()];
    for (let i = 0; i < 3; i++) await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: noisy });
    // Act
    const neighbour = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: quiet });
    clock += MINUTE;
    const later = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: noisy });
    // Assess
    expect(neighbour.status).toBe(201);
    expect(later.status).toBe(201);
  });
});

describe('cart mutations per owner (in-memory token bucket)', () => {
  async function anonymous(): Promise<string> {
    const issued = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: uniqueIp() });
    return (issued.json as { cartToken: string }).cartToken;
  }

  it('answers the mutation past the bucket with 429 and Retry-After, and writes nothing', async () => {
    // Prepare: 5 per minute, so one token comes back every 12 s.
    setDeps(await depsWith({ MUTATION_RATE_PER_MINUTE: '5' }));
    const cartToken = await anonymous();
    const add = () =>
      invoke({
        method: 'POST',
        path: '/cart/items',
        headers: { 'x-cart-token': cartToken, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'STICKERS', quantity: 1 }),
      });
    const admitted: number[] = [];
    for (let i = 0; i < 5; i++) admitted.push((await add()).status);
    // Act
    const refused = await add();
    const read = await invoke({ method: 'GET', path: '/cart', headers: { 'x-cart-token': cartToken } });
    // Assess
    expect(admitted).toEqual([200, 200, 200, 200, 200]);
    expect(refused.status).toBe(429);
    expect((refused.json as Problem).code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe('12');
    expect(read.status).toBe(200); // reads are not mutations
    expect((read.json as Cart).itemCount).toBe(5);
  });

  it('refills with time and limits each owner on its own', async () => {
    // Prepare
    setDeps(await depsWith({ MUTATION_RATE_PER_MINUTE: '5' }));
    const [noisy, quiet] = [await anonymous(), await anonymous()];
    const clear = (cartToken: string) =>
      invoke({ method: 'DELETE', path: '/cart', headers: { 'x-cart-token': cartToken } });
    for (let i = 0; i < 6; i++) await clear(noisy);
    // Act
    const other = await clear(quiet);
    const stillLimited = await clear(noisy);
    clock += 12_000;
    const refilled = await clear(noisy);
    const emptyAgain = await clear(noisy);
    // Assess
    expect(other.status).toBe(200);
    expect(stillLimited.status).toBe(429);
    expect(refilled.status).toBe(200);
    expect(emptyAgain.status).toBe(429);
  });

  it('does not remember the Idempotency-Key of a refused request: the retry applies exactly once', async () => {
    // Prepare
    setDeps(await depsWith({ MUTATION_RATE_PER_MINUTE: '1' }));
    const cartToken = await anonymous();
    const headers = { 'x-cart-token': cartToken, 'content-type': 'application/json', 'idempotency-key': 'after-429' };
    const body = JSON.stringify({ sku: 'MUG-STONE', quantity: 2 });
    await invoke({ method: 'DELETE', path: '/cart', headers: { 'x-cart-token': cartToken } });
    // Act
    const refused = await invoke({ method: 'POST', path: '/cart/items', headers, body });
    clock += MINUTE;
    const retried = await invoke({ method: 'POST', path: '/cart/items', headers, body });
    clock += MINUTE;
    const replayed = await invoke({ method: 'POST', path: '/cart/items', headers, body });
    // Assess
    expect(refused.status).toBe(429);
    expect(retried.status).toBe(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect((replayed.json as Cart).items).toEqual([expect.objectContaining({ sku: 'MUG-STONE', quantity: 2 })]);
  });
});

describe('checkout and merge per owner (the same bucket as the other mutations)', () => {
  async function anonymous(): Promise<string> {
    const issued = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: uniqueIp() });
    return (issued.json as { cartToken: string }).cartToken;
  }

  it('answers the checkout past the bucket with 429 and Retry-After before reading the cart', async () => {
    // Prepare: 3 per minute, so one token comes back every 20 s.
    setDeps(await depsWith({ MUTATION_RATE_PER_MINUTE: '3' }));
    const user = await createUser();
    const checkout = () =>
      invoke({ method: 'POST', path: '/cart/checkout', headers: { authorization: `Bearer ${user.accessToken}` } });
    const admitted: number[] = [];
    for (let i = 0; i < 3; i++) admitted.push((await checkout()).status);
    // Act
    const refused = await checkout();
    // Assess
    expect(admitted).toEqual([400, 400, 400]); // an empty cart, but each one counted
    expect(refused.status).toBe(429);
    expect((refused.json as Problem).code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe('20');
  });

  it('answers the merge past the bucket with 429 and leaves the anonymous cart as it was', async () => {
    // Prepare
    setDeps(await depsWith({ MUTATION_RATE_PER_MINUTE: '3' }));
    const user = await createUser();
    const merge = (cartToken: string) =>
      invoke({
        method: 'POST',
        path: '/cart/merge',
        headers: { authorization: `Bearer ${user.accessToken}`, 'x-cart-token': cartToken },
      });
    const admitted: number[] = [];
    for (let i = 0; i < 3; i++) admitted.push((await merge(await anonymous())).status);
    const cartToken = await anonymous();
    await invoke({
      method: 'POST',
      path: '/cart/items',
      headers: { 'x-cart-token': cartToken, 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'STICKERS', quantity: 2 }),
    });
    // Act
    const refused = await merge(cartToken);
    const anonymousCart = await invoke({ method: 'GET', path: '/cart', headers: { 'x-cart-token': cartToken } });
    // Assess
    expect(admitted).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('20');
    expect((anonymousCart.json as Cart).itemCount).toBe(2);
  });
});
