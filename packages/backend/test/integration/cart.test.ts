import type { Cart, Problem } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { anonymousToken, call, getCart } from '../support/api.js';

describe('anonymous cart', () => {
  it('starts empty at version 0 and counts every change with exactly one version', async () => {
    const cartToken = await anonymousToken();
    const empty = await call<Cart>('GET', '/cart', { cartToken });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ owner: 'anonymous', version: 0, items: [], itemCount: 0, subtotal: 0 });
    expect(empty.headers.get('etag')).toBe('"0"');

    const added = await call<Cart>('POST', '/cart/items', { cartToken, body: { sku: 'TEE-CLASSIC', quantity: 2 } });
    expect(added.status).toBe(200);
    expect(added.headers.get('etag')).toBe('"1"');
    expect(added.body).toMatchObject({
      version: 1,
      currency: 'USD',
      itemCount: 2,
      subtotal: 4800,
      items: [{ sku: 'TEE-CLASSIC', name: 'Classic Cotton Tee', unitPrice: 2400, quantity: 2, lineTotal: 4800 }],
    });
    expect(Date.parse(added.body.expiresAt ?? '')).toBeGreaterThan(Date.now() + 29 * 86400_000);

    const more = await call<Cart>('POST', '/cart/items', { cartToken, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    expect(more.body.items).toHaveLength(1);
    expect(more.body.items[0]?.quantity).toBe(3);
    expect(more.body.version).toBe(2);

    await call('POST', '/cart/items', { cartToken, body: { sku: 'MUG-STONE', quantity: 1 } });
    const set = await call<Cart>('PUT', '/cart/items/TEE-CLASSIC', { cartToken, body: { quantity: 5 } });
    expect(set.body).toMatchObject({ version: 4, itemCount: 6, subtotal: 5 * 2400 + 1800 });
    expect(set.body.items.map((line) => line.sku)).toEqual(['TEE-CLASSIC', 'MUG-STONE']);

    const removed = await call<Cart>('DELETE', '/cart/items/MUG-STONE', { cartToken });
    expect(removed.body).toMatchObject({ version: 5, itemCount: 5 });
    const again = await call<Cart>('DELETE', '/cart/items/MUG-STONE', { cartToken });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(5); // removing an absent line is no change

    const zero = await call<Cart>('PUT', '/cart/items/TEE-CLASSIC', { cartToken, body: { quantity: 0 } });
    expect(zero.body).toMatchObject({ version: 6, items: [] });

    await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 4 } });
    const cleared = await call<Cart>('DELETE', '/cart', { cartToken });
    expect(cleared.body).toMatchObject({ version: 8, items: [], subtotal: 0 });
    expect(await getCart({ cartToken })).toMatchObject({ version: 8, items: [] });
  });

  it('keeps two anonymous carts apart', async () => {
    const [a, b] = await Promise.all([anonymousToken(), anonymousToken()]);
    await call('POST', '/cart/items', { cartToken: a, body: { sku: 'CAP-CANVAS', quantity: 1 } });
    expect((await getCart({ cartToken: b })).items).toEqual([]);
  });

  it('takes prices from the catalog, never from the client', async () => {
    const cartToken = await anonymousToken();
    const response = await call('POST', '/cart/items', {
      cartToken,
      body: { sku: 'PEN-BRASS', quantity: 1, unitPrice: 1 },
    });
    expect(response.status).toBe(400); // unknown fields are refused outright
    const ok = await call<Cart>('POST', '/cart/items', { cartToken, body: { sku: 'PEN-BRASS', quantity: 1 } });
    expect(ok.body.items[0]?.unitPrice).toBe(4200);
  });
});

describe('limits', () => {
  it('refuses a line past 99 with QUANTITY_LIMIT and an unknown SKU with UNKNOWN_SKU, changing nothing', async () => {
    const cartToken = await anonymousToken();
    await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 98 } });
    const over = await call<Problem>('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 2 } });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'QUANTITY_LIMIT', status: 422 });
    const unknown = await call<Problem>('POST', '/cart/items', { cartToken, body: { sku: 'NOPE-1', quantity: 1 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_SKU');
    const unknownPut = await call<Problem>('PUT', '/cart/items/NOPE-1', { cartToken, body: { quantity: 1 } });
    expect(unknownPut.body.code).toBe('UNKNOWN_SKU');
    expect(await getCart({ cartToken })).toMatchObject({ version: 1, itemCount: 98 });
  });

  it('refuses a sold-out product with OUT_OF_STOCK', async () => {
    const cartToken = await anonymousToken();
    const response = await call<Problem>('POST', '/cart/items', {
      cartToken,
      body: { sku: 'SOLD-OUT-TEE', quantity: 1 },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('OUT_OF_STOCK');
    expect((await getCart({ cartToken })).version).toBe(0);
  });
});

describe('If-Match', () => {
  it('applies a change at the expected version and refuses a stale one with 412 and the current cart', async () => {
    const cartToken = await anonymousToken();
    const first = await call<Cart>('POST', '/cart/items', {
      cartToken,
      headers: { 'if-match': '"0"' },
      body: { sku: 'MUG-TRAVEL', quantity: 1 },
    });
    expect(first.status).toBe(200);
    const stale = await call<Problem & { cart: Cart }>('POST', '/cart/items', {
      cartToken,
      headers: { 'if-match': '"0"' },
      body: { sku: 'MUG-TRAVEL', quantity: 1 },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.cart).toMatchObject({ version: 1, itemCount: 1 });
    const staleDelete = await call<Problem>('DELETE', '/cart', { cartToken, headers: { 'if-match': '"7"' } });
    expect(staleDelete.status).toBe(412);
    expect((await getCart({ cartToken })).itemCount).toBe(1);
  });

  it('refuses a malformed If-Match with 400', async () => {
    const cartToken = await anonymousToken();
    const response = await call('DELETE', '/cart', { cartToken, headers: { 'if-match': 'version 3' } });
    expect(response.status).toBe(400);
  });
});

describe('Idempotency-Key', () => {
  it('adds once however often the same request is retried', async () => {
    const cartToken = await anonymousToken();
    const request = {
      cartToken,
      headers: { 'idempotency-key': 'retry-me-1' },
      body: { sku: 'SOCKS-3PK', quantity: 2 },
    };
    const first = await call<Cart>('POST', '/cart/items', request);
    const replays = await Promise.all([1, 2, 3].map(() => call<Cart>('POST', '/cart/items', request)));
    expect(first.body.itemCount).toBe(2);
    for (const replay of replays) {
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({ version: 1, itemCount: 2 });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await getCart({ cartToken })).toMatchObject({ version: 1, itemCount: 2 });
  });

  it('refuses the same key with a different body with 422 VALIDATION_FAILED', async () => {
    const cartToken = await anonymousToken();
    await call('POST', '/cart/items', {
      cartToken,
      headers: { 'idempotency-key': 'k-2' },
      body: { sku: 'SOCKS-3PK', quantity: 1 },
    });
    const reuse = await call<Problem>('POST', '/cart/items', {
      cartToken,
      headers: { 'idempotency-key': 'k-2' },
      body: { sku: 'SOCKS-3PK', quantity: 5 },
    });
    expect(reuse.status).toBe(422);
    expect(reuse.body.code).toBe('VALIDATION_FAILED');
    expect((await getCart({ cartToken })).itemCount).toBe(1);
  });

  it('refuses keys longer than 64 characters', async () => {
    const cartToken = await anonymousToken();
    const response = await call('POST', '/cart/items', {
      cartToken,
      headers: { 'idempotency-key': 'x'.repeat(65) },
      body: { sku: 'SOCKS-3PK', quantity: 1 },
    });
    expect(response.status).toBe(400);
    expect((await getCart({ cartToken })).version).toBe(0);
  });

  it('keeps working past the number of remembered keys', async () => {
    const cartToken = await anonymousToken();
    for (let i = 0; i < 40; i++) {
      const response = await call('PUT', '/cart/items/STICKERS', {
        cartToken,
        headers: { 'idempotency-key': `many-${i}` },
        body: { quantity: (i % 9) + 1 },
      });
      expect(response.status).toBe(200);
    }
    const latest = await call<Cart>('PUT', '/cart/items/STICKERS', {
      cartToken,
      headers: { 'idempotency-key': 'many-39' },
      body: { quantity: (39 % 9) + 1 },
    });
    expect(latest.headers.get('idempotent-replayed')).toBe('true');
    expect(latest.body.version).toBe(40);
  });
});

describe('concurrency', () => {
  it('loses no update when 50 adds hit one cart at once', async () => {
    const cartToken = await anonymousToken();
    const quantities = Array.from({ length: 50 }, (_, i) => (i % 2) + 1); // sums to 75
    const responses = await Promise.all(
      quantities.map((quantity) => call('POST', '/cart/items', { cartToken, body: { sku: 'CABLE-USBC', quantity } })),
    );
    expect(responses.map((response) => response.status)).toEqual(quantities.map(() => 200));
    const cart = await getCart({ cartToken });
    expect(cart.itemCount).toBe(75);
    expect(cart.version).toBe(50);
  });

  it('adds distinct lines concurrently without losing one', async () => {
    const cartToken = await anonymousToken();
    const skus = [
      'TEE-CLASSIC',
      'TEE-LINEN',
      'HOODIE-ZIP',
      'HOODIE-PULL',
      'CAP-CANVAS',
      'BEANIE-WOOL',
      'SOCKS-3PK',
      'MUG-STONE',
    ];
    await Promise.all(skus.map((sku) => call('POST', '/cart/items', { cartToken, body: { sku, quantity: 1 } })));
    const cart = await getCart({ cartToken });
    expect(cart.items.map((line) => line.sku).sort()).toEqual([...skus].sort());
    expect(cart.version).toBe(skus.length);
  });
});
