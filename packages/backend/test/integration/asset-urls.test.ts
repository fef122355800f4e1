import type { Cart, Order, Product, ProductPage } from '@cartkit/contract';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { invoke } from '../hardening/support/lambda.js';
import { anonymousToken, call, createUser, eventually } from '../support/api.js';
import { openSocket, type TestSocket } from '../support/socket.js';
import { stackEnv } from '../support/stack.js';
import { placeOrder } from '../support/checkout.js';

// The element runs on other people's sites: a root-relative image URL
// (`/assets/products/TEE-CLASSIC.svg`) resolves against the shop's page and 404s.
// Every URL the API hands out must be absolute and load from anywhere.

const open: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((socket) => socket.close()));
});
afterAll(() => setDeps(undefined));

/** Image URLs that are not absolute, or that do not load as an image. */
async function brokenImages(urls: readonly string[]): Promise<string[]> {
  const broken: string[] = [];
  for (const url of new Set(urls)) {
    if (!/^https?:\/\//.test(url)) {
      broken.push(`${url} (not absolute)`);
      continue;
    }
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200 || !/^image\//.test(response.headers.get('content-type') ?? ''))
      broken.push(`${url} (${response.status} ${response.headers.get('content-type')})`);
  }
  return broken;
}

describe('absolute asset URLs', () => {
  it('hands out product, cart line, order and pushed image URLs that are absolute and load from any page', async () => {
    // Prepare: a signed-in shopper with a socket open.
    const user = await createUser();
    const device = await openSocket({ token: user.accessToken });
    open.push(device);
    // Act
    const page = await call<ProductPage>('GET', '/products?limit=100');
    const one = await call<Product>('GET', '/products/TEE-CLASSIC');
    const added = await call<Cart>('POST', '/cart/items', {
      token: user.accessToken,
      body: { sku: 'TEE-CLASSIC', quantity: 1 },
    });
    const pushed = await device.waitFor((m) => m.type === 'cart.updated' && m.cart.items.length > 0);
    const placed = await placeOrder<Order>({ token: user.accessToken });
    const order = await eventually(async () => {
      const current = await call<Order>('GET', `/orders/${placed.body.orderId}`, { token: user.accessToken });
      return current.body.status === 'PENDING' ? undefined : current.body;
    }, 15_000);
    // Assess
    const urls = {
      products: page.body.items.map((product) => product.image),
      product: [one.body.image],
      cart: added.body.items.map((line) => line.image),
      push: pushed.type === 'cart.updated' ? pushed.cart.items.map((line) => line.image) : [],
      checkout: placed.body.items.map((line) => line.image),
      order: order.items.map((line) => line.image),
    };
    const base = stackEnv().env.PUBLIC_ASSET_BASE_URL ?? '(unset)';
    for (const [where, list] of Object.entries(urls)) {
      expect(list.length, where).toBeGreaterThan(0);
      for (const url of list) expect(url, where).toMatch(new RegExp(`^${base}/assets/`));
    }
    expect(await brokenImages(Object.values(urls).flat())).toEqual([]);
  }, 60_000);

  it('without a configured asset base, resolves them against the origin the request was addressed to', async () => {
    // Prepare: the handlers as a deployment without PUBLIC_ASSET_BASE_URL would build them.
    stackEnv();
    setDeps(await createDeps(loadConfig({ ...process.env, PUBLIC_ASSET_BASE_URL: '' })));
    const cartToken = await anonymousToken();
    const headers = { host: 'api.shop.example', 'x-forwarded-proto': 'https', 'x-cart-token': cartToken };
    // Act
    const product = await invoke({ method: 'GET', path: '/products/MUG-STONE', headers });
    const cart = await invoke({
      method: 'POST',
      path: '/cart/items',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'MUG-STONE', quantity: 1 }),
    });
    // Assess
    expect((product.json as Product).image).toBe('https://api.shop.example/assets/products/MUG-STONE.svg');
    expect((cart.json as Cart).items.map((line) => line.image)).toEqual([
      'https://api.shop.example/assets/products/MUG-STONE.svg',
    ]);
  });
});
