import type { Cart, Problem } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { anonymousToken, call, createUser, getCart } from '../support/api.js';

describe('POST /cart/merge', () => {
  it('moves the anonymous lines into the user cart, adding quantities; merging twice changes nothing', async () => {
    const user = await createUser();
    const cartToken = await anonymousToken();
    await call('POST', '/cart/items', { token: user.accessToken, body: { sku: 'MUG-STONE', quantity: 2 } });
    await call('POST', '/cart/items', { cartToken, body: { sku: 'MUG-STONE', quantity: 1 } });
    await call('POST', '/cart/items', { cartToken, body: { sku: 'TOTE-CANVAS', quantity: 2 } });

    const merged = await call<Cart>('POST', '/cart/merge', { token: user.accessToken, cartToken });
    expect(merged.status).toBe(200);
    expect(merged.body.owner).toBe('user');
    expect(merged.body.items.map((line) => [line.sku, line.quantity])).toEqual([
      ['MUG-STONE', 3],
      ['TOTE-CANVAS', 2],
    ]);
    expect(merged.body.version).toBe(2);

    const twice = await call<Cart>('POST', '/cart/merge', { token: user.accessToken, cartToken });
    expect(twice.status).toBe(200);
    expect(twice.body.version).toBe(2);
    expect(twice.body.itemCount).toBe(5);
    expect((await getCart({ cartToken })).items).toEqual([]);
  });

  it('caps merged quantities at 99', async () => {
    const user = await createUser();
    const cartToken = await anonymousToken();
    await call('POST', '/cart/items', { token: user.accessToken, body: { sku: 'STICKERS', quantity: 60 } });
    await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 60 } });
    const merged = await call<Cart>('POST', '/cart/merge', { token: user.accessToken, cartToken });
    expect(merged.body.items[0]?.quantity).toBe(99);
  });

  it('needs both a user and a cart token', async () => {
    const user = await createUser();
    const cartToken = await anonymousToken();
    expect((await call<Problem>('POST', '/cart/merge', { token: user.accessToken })).status).toBe(401);
    expect((await call<Problem>('POST', '/cart/merge', { cartToken })).status).toBe(401);
  });
});

describe('DELETE /me', () => {
  it('deletes the user and their cart', async () => {
    const user = await createUser();
    await call('POST', '/cart/items', { token: user.accessToken, body: { sku: 'HEADPHONES', quantity: 1 } });
    const response = await call('DELETE', '/me', { token: user.accessToken });
    expect(response.status).toBe(204);
    // The token outlives the account (a JWT checked offline) but is refused: see account-deletion.test.ts.
    expect((await call('GET', '/cart', { token: user.accessToken })).status).toBe(401);
    expect((await call('GET', '/me', { token: user.accessToken })).status).toBe(401);
  });
});
