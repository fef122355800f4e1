import { CATALOG_LIMITS, type ProductInputSchema } from '@cartkit/contract';
import type * as v from 'valibot';
import type { CatalogRow } from './catalog-item.js';
import { CatalogConflictError, type FieldIssue, ValidationError } from './errors.js';

/** A whole product as `PUT /admin/products/{sku}` gives it, after the schema's defaults. */
export type ProductInputValue = v.InferOutput<typeof ProductInputSchema>;

/** The descriptive part of a row: everything but the counters the catalog keeps itself. */
export type RowFields = Omit<CatalogRow, 'stock' | 'inCarts' | 'updatedAt'>;

/**
 * One row of a product write. `stock`: `initial` on a new row; `set` with the
 * figure read (`seen`) on an existing one, applied only if the stock is still
 * `seen` (a reservation in between makes it a 409, never a lost update);
 * absent, the stock is left alone.
 */
export interface RowWrite {
  readonly fields: RowFields;
  readonly create: boolean;
  readonly stock?: { readonly initial: number } | { readonly set: number; readonly seen: number };
}

/** What a product write does to the table: every row written in one transaction. */
export interface ProductWritePlan {
  readonly writes: readonly RowWrite[];
}

/** The rows a write may touch, as read before it (strongly consistent). */
export interface ExistingRows {
  /** The row at the product's SKU. */
  readonly product: CatalogRow | undefined;
  /** Any existing row at the SKU of one of the input's variants, or of the product's current variants. */
  readonly bySku: ReadonlyMap<string, CatalogRow>;
}

/**
 * Plans `PUT /admin/products/{sku}`: checks the product's rules and says which
 * rows to write. A product either has no options and its own price, or has
 * options and 1..50 variants, each with a value for every option, a distinct
 * combination and its own SKU that no other product uses. Variants dropped
 * from the product stay as archived rows (carts and unpaid orders still name
 * them) and are adopted again if they come back.
 *
 * @example
 * ```ts
 * const plan = planProductWrite('TEE', input, { product: undefined, bySku: new Map() }, 'USD');
 * ```
 */
export function planProductWrite(
  sku: string,
  input: ProductInputValue,
  existing: ExistingRows,
  currency: string,
): ProductWritePlan {
  const issues: FieldIssue[] = [];
  const current = existing.product;
  if (current?.kind === 'variant') {
    throw new CatalogConflictError(`"${sku}" is a variant of "${current.productSku}": edit that product instead.`, {
      sku,
    });
  }
  const options = input.options;
  const variants = input.variants;
  if (new Set(options).size !== options.length) issues.push({ path: 'options', message: 'must not repeat a name' });
  if (options.length > 0 && variants.length === 0) {
    issues.push({ path: 'variants', message: 'a product with options needs at least one variant' });
  }
  if (options.length === 0 && variants.length > 0) {
    issues.push({ path: 'options', message: 'a product with variants needs its option names' });
  }
  if (variants.length === 0 && input.unitPrice === undefined) {
    issues.push({ path: 'unitPrice', message: 'a product without variants needs a price' });
  }
  const skus = new Set<string>();
  const combinations = new Set<string>();
  variants.forEach((variant, index) => {
    const path = `variants.${index}`;
    if (variant.sku === sku) issues.push({ path: `${path}.sku`, message: 'must differ from the product SKU' });
    if (skus.has(variant.sku)) issues.push({ path: `${path}.sku`, message: `"${variant.sku}" is used twice` });
    skus.add(variant.sku);
    const names = Object.keys(variant.options);
    const missing = options.filter((name) => !(name in variant.options));
    const extra = names.filter((name) => !options.includes(name));
    if (missing.length > 0)
      issues.push({ path: `${path}.options`, message: `needs a value for ${missing.join(', ')}` });
    if (extra.length > 0) issues.push({ path: `${path}.options`, message: `has unknown options ${extra.join(', ')}` });
    const combination = JSON.stringify(options.map((name) => variant.options[name] ?? ''));
    if (missing.length === 0 && combinations.has(combination)) {
      issues.push({ path: `${path}.options`, message: 'repeats the options of another variant' });
    }
    combinations.add(combination);
  });
  if (issues.length > 0) throw new ValidationError('The product is invalid.', issues);

  for (const variant of variants) {
    const taken = existing.bySku.get(variant.sku);
    if (taken && !(taken.kind === 'variant' && taken.productSku === sku)) {
      throw new CatalogConflictError(
        `The SKU "${variant.sku}" is already used by ${taken.kind === 'variant' ? `a variant of "${taken.productSku}"` : 'another product'}.`,
        { sku: variant.sku },
      );
    }
  }
  const dropped = (current?.variantSkus ?? []).filter((variantSku) => !skus.has(variantSku));
  if (1 + variants.length + dropped.length > 100) {
    throw new ValidationError(`One write can change at most ${CATALOG_LIMITS.maxVariants} variants and drop the rest.`);
  }

  const shared = {
    name: input.name,
    description: input.description,
    images: input.images,
    currency,
    visibility: input.visibility,
  };
  const writes: RowWrite[] = [];
  const stockOf = (row: CatalogRow | undefined, given: number | undefined): RowWrite['stock'] =>
    row === undefined ? { initial: given ?? 0 } : given === undefined ? undefined : { set: given, seen: row.stock };
  const withStock = (write: Omit<RowWrite, 'stock'>, stock: RowWrite['stock']): RowWrite =>
    stock === undefined ? write : { ...write, stock };

  if (variants.length === 0) {
    writes.push(
      withStock(
        {
          fields: { sku, kind: 'product', ...shared, unitPrice: input.unitPrice ?? 0, options: [], variantSkus: [] },
          create: current === undefined,
        },
        stockOf(current, input.stock),
      ),
    );
  } else {
    writes.push({
      fields: {
        sku,
        kind: 'parent',
        ...shared,
        unitPrice: Math.min(...variants.map((variant) => variant.unitPrice)),
        options,
        variantSkus: variants.map((variant) => variant.sku),
      },
      create: current === undefined,
      // A product that had its own stock and now has variants sells none itself.
      ...(current && current.stock !== 0 ? { stock: { set: 0, seen: current.stock } } : {}),
    });
    for (const variant of variants) {
      const row = existing.bySku.get(variant.sku);
      writes.push(
        withStock(
          {
            fields: {
              sku: variant.sku,
              kind: 'variant',
              ...shared,
              unitPrice: variant.unitPrice,
              options: [],
              variantSkus: [],
              productSku: sku,
              optionValues: variant.options,
            },
            create: row === undefined,
          },
          stockOf(row, variant.stock),
        ),
      );
    }
  }
  for (const variantSku of dropped) {
    const row = existing.bySku.get(variantSku);
    if (!row) continue;
    writes.push({
      fields: { ...fieldsOf(row), visibility: 'archived' },
      create: false,
    });
  }
  return { writes };
}

/**
 * The input that describes a stored product as it is, for `PATCH` (merged
 * with the patch) and for the catalog export. Stock is left out: a patch or an
 * import that names no stock leaves it alone.
 */
export function inputOf(product: CatalogRow, variants: readonly CatalogRow[]): ProductInputValue {
  return {
    name: product.name,
    description: product.description,
    images: [...product.images],
    ...(product.kind === 'parent' ? {} : { unitPrice: product.unitPrice }),
    visibility: product.visibility,
    options: [...product.options],
    variants: variants.map((variant) => ({
      sku: variant.sku,
      options: { ...variant.optionValues },
      unitPrice: variant.unitPrice,
    })),
  };
}

function fieldsOf(row: CatalogRow): RowFields {
  const { stock: _stock, inCarts: _inCarts, updatedAt: _updatedAt, ...fields } = row;
  return fields;
}
