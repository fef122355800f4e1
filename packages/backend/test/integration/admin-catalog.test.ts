import { randomUUID } from 'node:crypto';
import type { AdminProduct, AdminProductPage, Cart, Problem, Product, ProductPage } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousToken, call, createAdmin, eventually, getCart, type TestUser } from '../support/api.js';
import { quoteFor } from '../support/checkout.js';
import { readItem } from '../support/stack.js';

// Issue 16, "Catalog": the admin routes against the real stack (DynamoDB Local), the public catalog
// showing only active products, variants sold under their own SKUs, and stock that only moves by
// atomic, conditional increments.

let admin: TestUser;
beforeAll(async () => {
  admin = await createAdmin();
});

/** A SKU no other test (or run) uses. */
function freshSku(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
}

function adminCall<T>(method: string, path: string, body?: unknown) {
  return call<T>(method, `/admin${path}`, { token: admin.accessToken, ...(body === undefined ? {} : { body }) });
}

/** The public product, once the cart API's catalog cache (200 ms in tests) has caught up with `want`. */
function publicProduct(sku: string, want: (status: number, product: Product) => boolean) {
  return eventually(async () => {
    const response = await call<Product>('GET', `/products/${sku}`);
    return want(response.status, response.body) ? response : undefined;
  }, 5_000);
}

const TEE_VARIANTS = (sku: string) => ({
  name: 'Variant Tee',
  description: 'A tee in sizes and colours.',
  images: ['/assets/products/TEE-CLASSIC.svg'],
  visibility: 'active',
  options: ['size', 'colour'],
  variants: [
    { sku: `${sku}-S-RED`, options: { size: 'S', colour: 'red' }, unitPrice: 2500, stock: 5 },
    { sku: `${sku}-M-RED`, options: { size: 'M', colour: 'red' }, unitPrice: 2600, stock: 3 },
    { sku: `${sku}-M-BLUE`, options: { size: 'M', colour: 'blue' }, unitPrice: 2700, stock: 0 },
  ],
});

describe('PUT, GET, PATCH, DELETE /admin/products/{sku}', () => {
  it('creates a draft (201) that the public catalog does not show, until it is made active; archived hides it again', async () => {
    const sku = freshSku('DRAFT');
    const created = await adminCall<AdminProduct>('PUT', `/products/${sku}`, {
      name: 'Draft Mug',
      description: 'Not yet',
      images: ['/assets/products/MUG-STONE.svg'],
      unitPrice: 1800,
      stock: 7,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sku,
      name: 'Draft Mug',
      unitPrice: 1800,
      currency: 'USD',
      stock: 7,
      visibility: 'draft',
      variants: [],
      options: [],
    });
    expect((await adminCall<AdminProduct>('GET', `/products/${sku}`)).body.stock).toBe(7);
    expect((await call('GET', `/products/${sku}`)).status).toBe(404);
    const cartToken = await anonymousToken();
    const add = await call<Problem>('POST', '/cart/items', { cartToken, body: { sku, quantity: 1 } });
    expect(add.status).toBe(422);
    expect(add.body.code).toBe('UNKNOWN_SKU');

    const activated = await adminCall<AdminProduct>('PATCH', `/products/${sku}`, { visibility: 'active' });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ visibility: 'active', stock: 7, name: 'Draft Mug', unitPrice: 1800 });
    const shown = await publicProduct(sku, (status) => status === 200);
    expect(shown.body).toMatchObject({ sku, unitPrice: 1800, stock: 7 });
    expect(shown.body.image).toMatch(/\/assets\/products\/MUG-STONE\.svg$/);

    expect((await adminCall('PATCH', `/products/${sku}`, { visibility: 'archived' })).status).toBe(200);
    await publicProduct(sku, (status) => status === 404);
    const list = await call<ProductPage>('GET', '/products?limit=100');
    expect(list.body.items.some((product) => product.sku === sku)).toBe(false);
  });

  it('lists every visibility for admins, filtered by ?visibility=', async () => {
    const sku = freshSku('LIST');
    await adminCall('PUT', `/products/${sku}`, { name: 'Listed draft', unitPrice: 100 });
    const all: AdminProduct[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof adminCall<AdminProductPage>>> = await adminCall<AdminProductPage>(
        'GET',
        `/products?limit=100&visibility=draft${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.some((product) => product.sku === sku)).toBe(true);
    expect(all.every((product) => product.visibility === 'draft')).toBe(true);
    expect((await adminCall<Problem>('GET', '/products?visibility=hidden')).status).toBe(400);
  });

  it('refuses bad products with field errors and writes nothing', async () => {
    const sku = freshSku('BAD');
    const bad: unknown[] = [
      { name: 'No price' },
      { name: 'Float price', unitPrice: 19.99 },
      { name: 'Negative stock', unitPrice: 100, stock: -1 },
      { name: '', unitPrice: 100 },
      { name: 'Bad image', unitPrice: 100, images: ['javascript:alert(1)'] },
      { name: 'Bad visibility', unitPrice: 100, visibility: 'public' },
      { name: 'Options, no variants', options: ['size'] },
      { name: 'Variants, no options', variants: [{ sku: `${sku}-A`, options: {}, unitPrice: 1 }] },
      {
        name: 'Missing option value',
        options: ['size', 'colour'],
        variants: [{ sku: `${sku}-A`, options: { size: 'S' }, unitPrice: 1 }],
      },
      {
        name: 'Same combination twice',
        options: ['size'],
        variants: [
          { sku: `${sku}-A`, options: { size: 'S' }, unitPrice: 1 },
          { sku: `${sku}-B`, options: { size: 'S' }, unitPrice: 1 },
        ],
      },
      {
        name: 'Same SKU twice',
        options: ['size'],
        variants: [
          { sku: `${sku}-A`, options: { size: 'S' }, unitPrice: 1 },
          { sku: `${sku}-A`, options: { size: 'M' }, unitPrice: 1 },
        ],
      },
    ];
    for (const body of bad) {
      const response = await adminCall<Problem & { errors?: unknown[] }>('PUT', `/products/${sku}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect((await adminCall('GET', `/products/${sku}`)).status).toBe(404);
    expect(await readItem('Products', { sku: `${sku}-A` })).toBeUndefined();
    expect((await adminCall('PATCH', `/products/${sku}`, { name: 'x' })).status).toBe(404);
    expect((await adminCall('PUT', '/products/bad%20sku', { name: 'x', unitPrice: 1 })).status).toBe(400);
  });

  it('deletes only an archived product (409 before), with its variants', async () => {
    const sku = freshSku('DEL');
    await adminCall('PUT', `/products/${sku}`, TEE_VARIANTS(sku));
    const refused = await adminCall<Problem>('DELETE', `/products/${sku}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CATALOG_CONFLICT');
    expect((await adminCall('PATCH', `/products/${sku}`, { visibility: 'archived' })).status).toBe(200);
    expect((await adminCall('DELETE', `/products/${sku}`)).status).toBe(204);
    expect((await adminCall('GET', `/products/${sku}`)).status).toBe(404);
    expect(await readItem('Products', { sku: `${sku}-S-RED` })).toBeUndefined();
    expect((await adminCall('DELETE', `/products/${sku}`)).status).toBe(404);
  });
});

describe('variants', () => {
  it('stores a product with options and variants; the public catalog shows it, carts hold variants with their options', async () => {
    const sku = freshSku('VTEE');
    const created = await adminCall<AdminProduct>('PUT', `/products/${sku}`, TEE_VARIANTS(sku));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      options: ['size', 'colour'],
      unitPrice: 2500,
      stock: 8,
      variants: [
        { sku: `${sku}-S-RED`, options: { size: 'S', colour: 'red' }, unitPrice: 2500, stock: 5, inCarts: 0 },
        { sku: `${sku}-M-RED`, options: { size: 'M', colour: 'red' }, unitPrice: 2600, stock: 3, inCarts: 0 },
        { sku: `${sku}-M-BLUE`, options: { size: 'M', colour: 'blue' }, unitPrice: 2700, stock: 0, inCarts: 0 },
      ],
    });

    const parent = await publicProduct(sku, (status) => status === 200);
    expect(parent.body.options).toEqual(['size', 'colour']);
    expect(parent.body.variants?.map((variant) => variant.sku)).toEqual([
      `${sku}-S-RED`,
      `${sku}-M-RED`,
      `${sku}-M-BLUE`,
    ]);
    const variant = await call<Product>('GET', `/products/${sku}-M-RED`);
    expect(variant.body).toMatchObject({
      productSku: sku,
      optionValues: { size: 'M', colour: 'red' },
      unitPrice: 2600,
    });

    const cartToken = await anonymousToken();
    // The product itself is not sold, only its variants.
    const parentAdd = await call<Problem>('POST', '/cart/items', { cartToken, body: { sku, quantity: 1 } });
    expect(parentAdd.status).toBe(400);
    expect(parentAdd.body.detail).toMatch(/add one of its variants/);
    // A variant's price comes from its own row.
    const added = await call<Cart>('POST', '/cart/items', { cartToken, body: { sku: `${sku}-M-RED`, quantity: 2 } });
    expect(added.status).toBe(200);
    expect(added.body.items).toEqual([
      expect.objectContaining({
        sku: `${sku}-M-RED`,
        name: 'Variant Tee',
        unitPrice: 2600,
        lineTotal: 5200,
        options: { size: 'M', colour: 'red' },
      }),
    ]);
    const sold = await call<Problem>('POST', '/cart/items', { cartToken, body: { sku: `${sku}-M-BLUE`, quantity: 1 } });
    expect(sold.body.code).toBe('OUT_OF_STOCK');

    // Re-pricing one variant reprices the line (after the catalog cache); the quote flags it.
    const repriced = await adminCall<AdminProduct>('PUT', `/products/${sku}`, {
      ...TEE_VARIANTS(sku),
      variants: TEE_VARIANTS(sku).variants.map((v) =>
        v.sku === `${sku}-M-RED` ? { sku: v.sku, options: v.options, unitPrice: 2900 } : { ...v, stock: undefined },
      ),
    });
    expect(repriced.status).toBe(200);
    // PUT without stock left the stock alone.
    expect(repriced.body.variants.map((v) => v.stock)).toEqual([5, 3, 0]);
    const cart = await eventually(async () => {
      const current = await getCart({ cartToken });
      return current.items[0]?.unitPrice === 2900 ? current : undefined;
    }, 5_000);
    expect(cart.subtotal).toBe(5800);
    const quote = await quoteFor({ cartToken });
    expect(quote.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'PRICE_CHANGED', oldUnitPrice: 2600, newUnitPrice: 2900 }),
      ]),
    );
  });

  it('drops a variant (archived, no longer sold) and refuses a variant SKU another product uses (409)', async () => {
    const sku = freshSku('DROP');
    await adminCall('PUT', `/products/${sku}`, TEE_VARIANTS(sku));
    const fewer = TEE_VARIANTS(sku);
    const dropped = await adminCall<AdminProduct>('PUT', `/products/${sku}`, {
      ...fewer,
      variants: fewer.variants.slice(0, 2).map(({ stock: _stock, ...v }) => v),
    });
    expect(dropped.status).toBe(200);
    expect(dropped.body.variants.map((v) => v.sku)).toEqual([`${sku}-S-RED`, `${sku}-M-RED`]);
    expect(await readItem('Products', { sku: `${sku}-M-BLUE` })).toMatchObject({ visibility: 'archived' });
    await publicProduct(`${sku}-M-BLUE`, (status) => status === 404);

    const other = freshSku('OTHER');
    const taken = await adminCall<Problem>('PUT', `/products/${other}`, {
      name: 'Thief',
      options: ['size'],
      variants: [{ sku: `${sku}-S-RED`, options: { size: 'S' }, unitPrice: 1 }],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CATALOG_CONFLICT');
    expect((await adminCall('GET', `/products/${other}`)).status).toBe(404);
    // A variant's SKU is not a product of its own.
    expect((await adminCall<Problem>('PUT', `/products/${sku}-S-RED`, { name: 'x', unitPrice: 1 })).status).toBe(409);
    expect((await adminCall('GET', `/products/${sku}-S-RED`)).status).toBe(404);
  });
});

describe('POST /admin/products/{sku}/stock', () => {
  it('applies parallel increments atomically: none is lost', async () => {
    const sku = freshSku('STOCKUP');
    await adminCall('PUT', `/products/${sku}`, {
      name: 'Counted',
      unitPrice: 100,
      stock: 10,
      visibility: 'active',
      images: ['/assets/products/MUG-STONE.svg'],
    });
    const results = await Promise.all(
      Array.from({ length: 25 }, () => adminCall<{ stock: number }>('POST', `/products/${sku}/stock`, { delta: 2 })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Every answer is a distinct figure: each increment saw the one before it.
    expect(new Set(results.map((r) => r.body.stock)).size).toBe(25);
    expect((await adminCall<AdminProduct>('GET', `/products/${sku}`)).body.stock).toBe(60);
  });

  it('never takes stock below zero under parallel decrements: exactly the stock succeeds, the rest are 409', async () => {
    const sku = freshSku('STOCKDOWN');
    await adminCall('PUT', `/products/${sku}`, {
      name: 'Scarce',
      unitPrice: 100,
      stock: 7,
      visibility: 'active',
      images: ['/assets/products/MUG-STONE.svg'],
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => adminCall<Problem>('POST', `/products/${sku}/stock`, { delta: -1 })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(7);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(13);
    expect(refused.every((r) => r.status === 409 && r.body.code === 'CATALOG_CONFLICT')).toBe(true);
    expect(await readItem('Products', { sku })).toMatchObject({ stock: 0 });
    const big = await adminCall<Problem>('POST', `/products/${sku}/stock`, { delta: -1 });
    expect(big.body.detail).toMatch(/0 are left after reservations/);
  });

  it('adjusts a variant by its SKU; refuses the product with variants, unknown SKUs and bad deltas', async () => {
    const sku = freshSku('VSTOCK');
    await adminCall('PUT', `/products/${sku}`, TEE_VARIANTS(sku));
    const adjusted = await adminCall<{ sku: string; stock: number }>('POST', `/products/${sku}-M-BLUE/stock`, {
      delta: 4,
    });
    expect(adjusted.body).toEqual({ sku: `${sku}-M-BLUE`, stock: 4 });
    expect((await adminCall<AdminProduct>('GET', `/products/${sku}`)).body.stock).toBe(12);
    expect((await adminCall<Problem>('POST', `/products/${sku}/stock`, { delta: 1 })).status).toBe(409);
    expect((await adminCall<Problem>('POST', `/products/${freshSku('NONE')}/stock`, { delta: 1 })).status).toBe(404);
    for (const delta of [0, 1.5, '3', 2_000_000]) {
      expect((await adminCall('POST', `/products/${sku}-M-BLUE/stock`, { delta })).status, String(delta)).toBe(400);
    }
    expect(await readItem('Products', { sku: `${sku}-M-BLUE` })).toMatchObject({ stock: 4 });
  });
});
