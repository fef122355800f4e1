import { createHmac } from 'node:crypto';
import type { Cart, Problem } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousToken, call, createUser, getCart, type TestUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';

/** A token signed with the stack's real secret, issued `daysAgo` days ago. */
function tokenIssued(daysAgo: number): string {
  const id = 'A'.repeat(22);
  const issued = (Math.floor(Date.now() / 1000) - daysAgo * 86400).toString(36);
  const signature = createHmac('sha256', stackEnv().cartTokenSecret).update(`${id}.${issued}`).digest('base64url');
  return `${id}.${issued}.${signature}`;
}

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createUser(), createUser()]);
});

describe('credentials', () => {
  it('answers a cart route with neither header with 401', async () => {
    for (const [method, path] of [
      ['GET', '/cart'],
      ['POST', '/cart/items'],
      ['DELETE', '/cart'],
      ['PUT', '/cart/items/TEE-CLASSIC'],
      ['DELETE', '/cart/items/TEE-CLASSIC'],
      ['POST', '/cart/merge'],
      ['POST', '/cart/checkout'],
      ['GET', '/me'],
      ['DELETE', '/me'],
    ] as const) {
      const response = await call<Problem>(
        method,
        path,
        method === 'GET' ? {} : { body: { sku: 'TEE-CLASSIC', quantity: 1 } },
      );
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses forged, tampered and malformed cart tokens with 401', async () => {
    const real = await anonymousToken();
    const [id, issued, signature] = real.split('.') as [string, string, string];
    for (const bad of [
      `${id}.${issued}.${'A'.repeat(43)}`,
      `${'B'.repeat(22)}.${issued}.${signature}`,
      'not-a-token',
      `${real}x`,
    ]) {
      const response = await call<Problem>('GET', '/cart', { cartToken: bad });
      expect(response.status).toBe(401);
    }
  });

  it('refuses a cart token that never wrote a cart and is over 30 days old', async () => {
    expect((await call('GET', '/cart', { cartToken: tokenIssued(31) })).status).toBe(401);
    expect(
      (await call('POST', '/cart/items', { cartToken: tokenIssued(31), body: { sku: 'TEE-CLASSIC', quantity: 1 } }))
        .status,
    ).toBe(401);
    expect((await call('GET', '/cart', { cartToken: tokenIssued(29) })).status).toBe(200);
  });

  it('refuses bad bearer tokens: garbage, tampered, an ID token instead of an access token', async () => {
    const [header, payload, signature] = alice.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const token of ['garbage-token-value', tampered, none, alice.idToken]) {
      const response = await call<Problem>('GET', '/cart', { token });
      expect(response.status).toBe(401);
    }
    const scheme = await call('GET', '/cart', { headers: { authorization: `Basic ${alice.accessToken}` } });
    expect(scheme.status).toBe(401);
  });
});

describe('signed-in carts', () => {
  it('gives each user their own cart, found only through their token', async () => {
    await call('POST', '/cart/items', { token: alice.accessToken, body: { sku: 'LAMP-DESK', quantity: 1 } });
    const aliceCart = await getCart({ token: alice.accessToken });
    expect(aliceCart).toMatchObject({ owner: 'user', itemCount: 1, expiresAt: null });
    const bobCart = await getCart({ token: bob.accessToken });
    expect(bobCart.items).toEqual([]);
  });

  it('prefers the bearer token when both headers are sent', async () => {
    const cartToken = await anonymousToken();
    await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 3 } });
    const cart = await call<Cart>('GET', '/cart', { token: bob.accessToken, cartToken });
    expect(cart.body.owner).toBe('user');
    expect(cart.body.items.find((line) => line.sku === 'STICKERS')).toBeUndefined();
  });
});

describe('GET /me', () => {
  it('returns the user id and email', async () => {
    const response = await call<{ userId: string; email: string }>('GET', '/me', { token: alice.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.email).toBe(alice.email);
    expect(response.body.userId).toMatch(/\S/);
  });
});

describe('POST /cart/anonymous', () => {
  it('issues a token with a 30-day expiry', async () => {
    const response = await call<{ cartToken: string; expiresAt: string }>('POST', '/cart/anonymous');
    expect(response.status).toBe(201);
    expect(response.body.cartToken).toMatch(/^[\w-]{22}\.[0-9a-z]+\.[\w-]{43}$/);
    const days = (Date.parse(response.body.expiresAt) - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });
});
