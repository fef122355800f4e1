import type { Cart } from '@cartkit/contract';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { type CartSnapshot, isCartError, isVersionConflictError } from '../index.js';
import { API, PRODUCTS } from '../../test/support/fake-api.js';
import { deferred, until, useFakeApi } from '../../test/support/setup.js';

const ctx = useFakeApi();
const TEE = PRODUCTS[0]!;

describe('optimistic updates', () => {
  it('add() changes the snapshot synchronously, then the server cart replaces it', async () => {
    const { client } = ctx.make();
    await client.ready();
    const seen: CartSnapshot[] = [];
    client.subscribe((s) => seen.push(s));

    const promise = client.add('TEE', 2, { product: TEE });

    const now = client.getSnapshot();
    expect(now.cart?.items).toMatchObject([
      { sku: 'TEE', quantity: 2, name: 'Tee', unitPrice: 1900, lineTotal: 3800, pending: true, priceKnown: true },
    ]);
    expect(now.cart?.subtotal).toBe(3800);
    expect(now.status).toBe('syncing');
    expect(now.pending).toMatchObject([{ kind: 'add', sku: 'TEE', quantity: 2 }]);
    expect(seen.length).toBeGreaterThan(0);

    const cart = await promise;

    const after = client.getSnapshot();
    expect(after.cart?.version).toBe(cart.version);
    expect(after.cart?.items).toMatchObject([{ sku: 'TEE', quantity: 2, pending: false }]);
    expect(after.pending).toHaveLength(0);
    expect(after.status).toBe('idle');
  });

  it('without product data the line shows its quantity with the price unknown', async () => {
    const { client } = ctx.make();
    await client.ready();

    const promise = client.add('MUG', 3);

    expect(client.getSnapshot().cart).toMatchObject({
      priceKnown: false,
      itemCount: 3,
      subtotal: 0,
      items: [{ sku: 'MUG', name: 'MUG', quantity: 3, unitPrice: 0, lineTotal: 0, priceKnown: false }],
    });
    await promise;
    expect(client.getSnapshot().cart).toMatchObject({ priceKnown: true, subtotal: 3600 });
  });

  it('uses products fetched by listProducts for optimistic lines', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.listProducts();

    void client.add('MUG').catch(() => undefined);

    expect(client.getSnapshot().cart?.items[0]).toMatchObject({ name: 'Mug', unitPrice: 1200, priceKnown: true });
  });

  it('rolls back a failed mutation, keeps later ones, and puts the typed error in the snapshot', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('TEE', 1);

    const failing = client.add('CAP', 1).catch((e: unknown) => e);
    const later = client.add('MUG', 1);
    expect(client.getSnapshot().cart?.items.map((l) => l.sku)).toEqual(['TEE', 'CAP', 'MUG']);

    const error = await failing;
    await later;

    expect(isCartError(error) && error.code).toBe('OUT_OF_STOCK');
    const s = client.getSnapshot();
    expect(s.cart?.items.map((l) => l.sku)).toEqual(['TEE', 'MUG']);
    expect(s.error).toBe(error);
  });

  it('a listener that throws during the rollback never hides the first error', async () => {
    const { client } = ctx.make();
    await client.ready();
    const seen: string[] = [];
    client.subscribe((s) => {
      if (s.error) throw new Error('listener bug');
    });
    client.subscribe((s) => {
      if (s.error) seen.push(s.error.code);
    });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const error = await client.add('CAP').catch((e: unknown) => e);
    const reported = consoleError.mock.calls.length;
    consoleError.mockRestore();

    expect(isCartError(error) && error.code).toBe('OUT_OF_STOCK');
    expect(client.getSnapshot().cart?.items).toEqual([]);
    expect(seen).toContain('OUT_OF_STOCK'); // the other listener still ran
    expect(reported).toBeGreaterThan(0); // the bug is reported, not swallowed
  });

  it('runs one cart’s mutations in order, one at a time', async () => {
    const { client } = ctx.make();
    await client.ready();
    let inFlight = 0;
    let maxInFlight = 0;
    ctx.server.use(
      http.all(`${API}/cart/items*`, async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return undefined;
      }),
    );

    await Promise.all([
      client.add('TEE', 1),
      client.setQuantity('TEE', 5),
      client.add('MUG', 1),
      client.remove('TEE'),
      client.add('TEE', 2),
    ]);

    expect(maxInFlight).toBe(1);
    const calls = ctx.api.requests.filter((r) => r.path.startsWith('/cart/items')).map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual([
      'POST /cart/items',
      'PUT /cart/items/TEE',
      'POST /cart/items',
      'DELETE /cart/items/TEE',
      'POST /cart/items',
    ]);
    expect(client.getSnapshot().cart?.items).toMatchObject([
      { sku: 'MUG', quantity: 1 },
      { sku: 'TEE', quantity: 2 },
    ]);
  });

  it('an older cart arriving after a newer one is ignored (highest version wins)', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('TEE', 1); // v1
    const release = deferred();
    let stale: unknown;
    ctx.server.use(
      http.get(`${API}/cart`, async () => {
        stale = structuredClone(ctx.api.carts.values().next().value);
        await release.promise;
        return HttpResponse.json(stale as Cart);
      }),
    );

    const slowRefresh = client.refresh(); // reads v1, answers late
    await until(() => stale !== undefined);
    await client.add('TEE', 1); // v2 lands first
    release.resolve();
    await slowRefresh;

    expect(client.getSnapshot().cart).toMatchObject({ version: 2, items: [{ sku: 'TEE', quantity: 2 }] });
  });

  it('412: adopts problem.cart, rolls back and raises VersionConflictError (ifMatch on)', async () => {
    const { client } = ctx.make({ ifMatch: true });
    await client.ready();
    await client.add('TEE', 1); // v1 known locally
    // Another device moves the cart to v2.
    const key = [...ctx.api.carts.keys()][0]!;
    const v1 = ctx.api.carts.get(key)!;
    ctx.api.carts.set(key, { ...v1, version: 2, items: [{ ...v1.items[0]!, quantity: 4, lineTotal: 7600 }] });

    const error = await client.add('MUG', 1).catch((e: unknown) => e);

    expect(isVersionConflictError(error)).toBe(true);
    const posts = ctx.api.requests.filter((r) => r.method === 'POST' && r.path === '/cart/items');
    expect(posts.at(-1)!.headers['if-match']).toBe('"1"');
    expect(client.getSnapshot().cart).toMatchObject({ version: 2, items: [{ sku: 'TEE', quantity: 4 }] });
    expect(client.getSnapshot().error).toBe(error);
  });

  it('keeps the snapshot object identical between changes', async () => {
    const { client } = ctx.make();
    await client.ready();
    const a = client.getSnapshot();

    expect(client.getSnapshot()).toBe(a);
    await client.refresh().catch(() => undefined); // no anonymous token yet: nothing to fetch? either way no change
    const b = client.getSnapshot();
    expect(client.getSnapshot()).toBe(b);

    void client.add('TEE').catch(() => undefined);
    const c = client.getSnapshot();
    expect(c).not.toBe(b);
    expect(client.getSnapshot()).toBe(c);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('a refetch of the same version keeps the same cart object', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('TEE');
    const before = client.getSnapshot();

    await client.refresh();

    const after = client.getSnapshot();
    expect(after.cart).toBe(before.cart);
    expect(after.status).toBe('idle');
  });
});
