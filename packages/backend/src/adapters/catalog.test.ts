import type { Product } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { type Catalog, withAssetBase } from './catalog.js';

const TEE: Product = {
  sku: 'TEE-CLASSIC',
  name: 'Classic tee',
  description: '',
  unitPrice: 2400,
  currency: 'USD',
  image: '/assets/products/TEE-CLASSIC.svg',
  stock: 5,
  inCarts: 0,
};

const stored: Catalog = {
  lookup: async () => (sku) => (sku === TEE.sku ? TEE : undefined),
  all: async () => [TEE],
};

describe('withAssetBase', () => {
  it('hands out absolute image URLs on the base', async () => {
    const catalog = withAssetBase(stored, 'http://localhost:3000');

    expect((await catalog.lookup())(TEE.sku)?.image).toBe('http://localhost:3000/assets/products/TEE-CLASSIC.svg');
    expect((await catalog.all())[0]?.image).toBe('http://localhost:3000/assets/products/TEE-CLASSIC.svg');
  });

  it('re-resolves a resolved catalog against a new base (one request on another host)', async () => {
    const catalog = withAssetBase(withAssetBase(stored, 'http://localhost:3000'), 'http://127.0.0.1:3000');

    expect((await catalog.lookup())(TEE.sku)?.image).toBe('http://127.0.0.1:3000/assets/products/TEE-CLASSIC.svg');
    expect(TEE.image).toBe('/assets/products/TEE-CLASSIC.svg');
  });

  it('keeps URLs that are already absolute', async () => {
    const external: Catalog = {
      lookup: async () => () => ({ ...TEE, image: 'https://images.example/tee.png' }),
      all: async () => [],
    };

    expect((await withAssetBase(external, 'http://localhost:3000').lookup())(TEE.sku)?.image).toBe(
      'https://images.example/tee.png',
    );
  });
});
