import type { Cart } from '@cartkit/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { anonymousToken, call, createUser } from '../support/api.js';
import { openSocket, refusedSocket, type TestSocket } from '../support/socket.js';

const open: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((socket) => socket.close()));
});

async function socket(query: { token?: string; cartToken?: string }) {
  const s = await openSocket(query);
  open.push(s);
  return s;
}

describe('realtime', () => {
  it('pushes a change made over HTTP to both sockets of the user, and nothing to another user', async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const [phone, laptop, other] = await Promise.all([
      socket({ token: alice.accessToken }),
      socket({ token: alice.accessToken }),
      socket({ token: bob.accessToken }),
    ]);
    const added = await call<Cart>('POST', '/cart/items', {
      token: alice.accessToken,
      body: { sku: 'CANDLE-CEDAR', quantity: 2 },
    });
    for (const device of [phone, laptop]) {
      const message = await device.waitFor((m) => m.type === 'cart.updated');
      expect(message).toEqual({ type: 'cart.updated', cart: added.body });
    }
    // Give a stray push time to arrive, then check that none did: Bob's socket only ever got its pong.
    await call('POST', '/cart/items', { token: bob.accessToken, body: { sku: 'STICKERS', quantity: 1 } });
    await other.waitFor((m) => m.type === 'cart.updated' && m.cart.items[0]?.sku === 'STICKERS');
    expect(
      other.messages.filter((m) => m.type === 'cart.updated' && m.cart.items.some((l) => l.sku === 'CANDLE-CEDAR')),
    ).toEqual([]);
  });

  it('pushes anonymous carts to their cart-token sockets', async () => {
    const cartToken = await anonymousToken();
    const device = await socket({ cartToken });
    await call('POST', '/cart/items', { cartToken, body: { sku: 'PLANT-POT', quantity: 1 } });
    const message = await device.waitFor((m) => m.type === 'cart.updated');
    expect(message.type === 'cart.updated' && message.cart.owner).toBe('anonymous');
  });

  it('closes a socket with a bad credential with 4401', async () => {
    expect(await refusedSocket({ token: 'not-a-jwt' })).toBe(4401);
    expect(await refusedSocket({ cartToken: `${'A'.repeat(22)}.abc.${'B'.repeat(43)}` })).toBe(4401);
    expect(await refusedSocket({})).toBe(4401);
  });

  it('answers ping with pong', async () => {
    const device = await socket({ cartToken: await anonymousToken() });
    const before = device.messages.filter((m) => m.type === 'pong').length;
    device.send({ type: 'ping' });
    await device.waitFor(() => device.messages.filter((m) => m.type === 'pong').length > before);
  });
});
