import { ProductInputSchema } from '@cartkit/contract';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type CatalogRow, toCatalogRow } from './catalog-item.js';
import { CatalogConflictError, ValidationError } from './errors.js';
import { planProductWrite } from './product-write.js';

const input = (body: unknown) => v.parse(ProductInputSchema, body);
const none = { product: undefined, bySku: new Map<string, CatalogRow>() };
const row = (item: Record<string, unknown>) => toCatalogRow({ unitPrice: 100, stock: 5, ...item });

describe('planProductWrite', () => {
  it('creates a product with its first stock, and a product with variants as a parent and one row per variant', () => {
    const simple = planProductWrite('MUG', input({ name: 'Mug', unitPrice: 1200, stock: 3 }), none, 'USD');
    expect(simple.writes).toEqual([
      expect.objectContaining({
        create: true,
        stock: { initial: 3 },
        fields: expect.objectContaining({ kind: 'product' }),
      }),
    ]);
    const tee = planProductWrite(
      'TEE',
      input({
        name: 'Tee',
        options: ['size'],
        variants: [
          { sku: 'TEE-S', options: { size: 'S' }, unitPrice: 2000 },
          { sku: 'TEE-M', options: { size: 'M' }, unitPrice: 2200, stock: 4 },
        ],
      }),
      none,
      'USD',
    );
    expect(tee.writes.map((w) => [w.fields.sku, w.fields.kind, w.stock])).toEqual([
      ['TEE', 'parent', undefined],
      ['TEE-S', 'variant', { initial: 0 }],
      ['TEE-M', 'variant', { initial: 4 }],
    ]);
    expect(tee.writes[0]?.fields.unitPrice).toBe(2000);
    expect(tee.writes[2]?.fields).toMatchObject({
      productSku: 'TEE',
      optionValues: { size: 'M' },
      visibility: 'draft',
    });
  });

  it('sets stock on an existing row only as a compare-and-set against the figure read, and leaves it alone when absent', () => {
    const existing = { product: row({ sku: 'MUG', stock: 7 }), bySku: new Map() };
    expect(planProductWrite('MUG', input({ name: 'Mug', unitPrice: 1 }), existing, 'USD').writes[0]?.stock).toBe(
      undefined,
    );
    expect(
      planProductWrite('MUG', input({ name: 'Mug', unitPrice: 1, stock: 9 }), existing, 'USD').writes[0]?.stock,
    ).toEqual({
      set: 9,
      seen: 7,
    });
  });

  it('refuses a SKU another product uses, and writing a variant as a product', () => {
    const taken = {
      product: undefined,
      bySku: new Map([['X-S', row({ sku: 'X-S', kind: 'variant', productSku: 'OTHER' })]]),
    };
    expect(() =>
      planProductWrite(
        'X',
        input({ name: 'X', options: ['size'], variants: [{ sku: 'X-S', options: { size: 'S' }, unitPrice: 1 }] }),
        taken,
        'USD',
      ),
    ).toThrow(CatalogConflictError);
    const variant = { product: row({ sku: 'X-S', kind: 'variant', productSku: 'X' }), bySku: new Map() };
    expect(() => planProductWrite('X-S', input({ name: 'x', unitPrice: 1 }), variant, 'USD')).toThrow(
      CatalogConflictError,
    );
  });

  it('names every broken rule at once', () => {
    try {
      planProductWrite(
        'P',
        input({
          name: 'P',
          options: ['size', 'size'],
          variants: [
            { sku: 'P', options: { size: 'S' }, unitPrice: 1 },
            { sku: 'P-2', options: { size: 'S', colour: 'red' }, unitPrice: 1 },
          ],
        }),
        none,
        'USD',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const paths = ((error as ValidationError).extra.errors as { path: string }[]).map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['options', 'variants.0.sku', 'variants.1.options']));
    }
  });

  it('keeps a dropped variant as an archived row', () => {
    const parent = row({ sku: 'T', kind: 'parent', options: ['size'], variantSkus: ['T-S', 'T-M'] });
    const bySku = new Map([
      ['T-S', row({ sku: 'T-S', kind: 'variant', productSku: 'T', optionValues: { size: 'S' } })],
      ['T-M', row({ sku: 'T-M', kind: 'variant', productSku: 'T', optionValues: { size: 'M' } })],
    ]);
    const plan = planProductWrite(
      'T',
      input({
        name: 'T',
        visibility: 'active',
        options: ['size'],
        variants: [{ sku: 'T-S', options: { size: 'S' }, unitPrice: 1 }],
      }),
      { product: parent, bySku },
      'USD',
    );
    expect(plan.writes.at(-1)?.fields).toMatchObject({ sku: 'T-M', visibility: 'archived', productSku: 'T' });
    expect(plan.writes[0]?.fields.variantSkus).toEqual(['T-S']);
  });
});
