import { randomUUID } from 'node:crypto';
import type { Cart, ServerMessage } from '@cartkit/contract';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anonymousToken, call, createAdmin, eventually, type TestUser } from '../support/api.js';
import { quoteFor } from '../support/checkout.js';
import { openSocket, type TestSocket } from '../support/socket.js';

// Issue 16: a change of price, stock or visibility reaches the carts holding the product within
// seconds, through the Products stream, the stream processor and the realtime socket.

let admin: TestUser;
const open: TestSocket[] = [];
beforeAll(async () => {
  admin = await createAdmin();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((socket) => socket.close()));
});

function repriced(match: (cart: Cart) => boolean) {
  return (message: ServerMessage) => message.type === 'cart.repriced' && match(message.cart);
}

describe('admin catalog changes over the socket', () => {
  it('pushes a price change, then "only N left", then "no longer available" to an open cart; the quote follows', async () => {
    // Prepare: an active product, an anonymous cart holding 3 of it, the cart's socket open.
    const sku = `LIVE-${randomUUID().slice(0, 8).toUpperCase()}`;
    const admin_ = { token: admin.accessToken };
    const created = await call('PUT', `/admin/products/${sku}`, {
      ...admin_,
      body: {
        name: 'Live Lamp',
        unitPrice: 4000,
        stock: 10,
        visibility: 'active',
        images: ['/assets/products/MUG-STONE.svg'],
      },
    });
    expect(created.status).toBe(201);
    const cartToken = await anonymousToken();
    await eventually(async () => {
      const added = await call<Cart>('POST', '/cart/items', { cartToken, body: { sku, quantity: 3 } });
      return added.status === 200 ? added : undefined;
    }, 5_000);
    const socket = await openSocket({ cartToken });
    open.push(socket);
    // The stream processor's membership row (ProductCarts) is what finds this cart.
    await socket.waitFor((m) => m.type === 'cart.updated').catch(() => undefined);

    // Act 1: the admin changes the price.
    expect((await call('PATCH', `/admin/products/${sku}`, { ...admin_, body: { unitPrice: 4500 } })).status).toBe(200);
    const priced = await socket.waitFor(
      repriced((cart) => cart.items[0]?.unitPrice === 4500),
      10_000,
    );
    // Assess: the line has the new price and says what it was when added.
    expect(priced.type === 'cart.repriced' && priced.cart.items[0]).toMatchObject({
      sku,
      unitPrice: 4500,
      addedUnitPrice: 4000,
      lineTotal: 13_500,
    });
    expect(priced.type === 'cart.repriced' && priced.cart.subtotal).toBe(13_500);

    // Act 2: stock drops below the line's quantity.
    expect((await call('POST', `/admin/products/${sku}/stock`, { ...admin_, body: { delta: -8 } })).status).toBe(200);
    const scarce = await socket.waitFor(
      repriced((cart) => cart.items[0]?.stock === 2),
      10_000,
    );
    expect(scarce.type === 'cart.repriced' && scarce.cart.items[0]?.quantity).toBe(3);
    const quote = await eventually(async () => {
      const current = await quoteFor({ cartToken });
      return current.problems.some((p) => p.code === 'OVER_STOCK') ? current : undefined;
    }, 5_000);
    expect(quote.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'PRICE_CHANGED', newUnitPrice: 4500 }),
        expect.objectContaining({ code: 'OVER_STOCK', stock: 2 }),
      ]),
    );

    // Act 3: the product is archived.
    expect(
      (await call('PATCH', `/admin/products/${sku}`, { ...admin_, body: { visibility: 'archived' } })).status,
    ).toBe(200);
    const gone = await socket.waitFor(
      repriced((cart) => cart.items.length === 0),
      10_000,
    );
    expect(gone.type === 'cart.repriced' && gone.cart.unavailable).toEqual([{ sku, name: 'Live Lamp', quantity: 3 }]);
    expect(gone.type === 'cart.repriced' && gone.cart.subtotal).toBe(0);
    const blocked = await eventually(async () => {
      const current = await quoteFor({ cartToken });
      return current.problems.some((p) => p.code === 'UNAVAILABLE') ? current : undefined;
    }, 5_000);
    expect(blocked.total).toBe(0);
  });

  it('pushes nothing to an open cart that does not hold the changed product', async () => {
    const sku = `QUIET-${randomUUID().slice(0, 8).toUpperCase()}`;
    await call('PUT', `/admin/products/${sku}`, {
      token: admin.accessToken,
      body: {
        name: 'Quiet',
        unitPrice: 100,
        stock: 5,
        visibility: 'active',
        images: ['/assets/products/MUG-STONE.svg'],
      },
    });
    const cartToken = await anonymousToken();
    await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 1 } });
    const socket = await openSocket({ cartToken });
    open.push(socket);
    await call('PATCH', `/admin/products/${sku}`, { token: admin.accessToken, body: { unitPrice: 200 } });
    // A later, visible change of STICKERS' own cart proves the stream caught up past the PATCH.
    await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 1 } });
    await socket.waitFor((m) => m.type === 'cart.updated' && m.cart.items[0]?.quantity === 2, 10_000);
    expect(socket.messages.filter((m) => m.type === 'cart.repriced')).toEqual([]);
  });
});
