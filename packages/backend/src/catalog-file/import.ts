import { type DynamoAdminCatalog, groupProducts, type StoredProduct } from '../adapters/admin-catalog.js';
import type { CatalogRow } from '../domain/catalog-item.js';
import { AppError } from '../domain/errors.js';
import { type ProductInputValue, type ProductWritePlan, planProductWrite } from '../domain/product-write.js';
import type { FileProduct, ParsedFile, RowError } from './format.js';

/** One product the import would create or change, with what changes. */
export interface ImportChange {
  readonly sku: string;
  readonly kind: 'create' | 'update';
  /** `field: old → new` lines (a create lists nothing). */
  readonly changes: readonly string[];
  readonly plan: ProductWritePlan;
}

/** What an import would do: nothing is written unless `errors` is empty. */
export interface ImportPlan {
  readonly changes: readonly ImportChange[];
  readonly unchanged: number;
  readonly errors: readonly RowError[];
}

/**
 * Plans an import against the catalog as it is (one consistent scan): every
 * product of the file is checked with the same rules as `PUT /admin/products`
 * (`planProductWrite`), SKUs must be unique across the whole file, and a
 * product that would not change is left out, so importing a file twice
 * changes nothing the second time.
 *
 * @example
 * ```ts
 * const plan = await planImport(adminCatalog, readCsvCatalog(text), 'USD');
 * if (plan.errors.length === 0) await applyImport(adminCatalog, plan, Date.now());
 * ```
 */
export async function planImport(catalog: DynamoAdminCatalog, file: ParsedFile, currency: string): Promise<ImportPlan> {
  const errors: RowError[] = [...file.errors];
  const rows = await catalog.rows();
  const bySku = new Map(rows.map((row) => [row.sku, row]));
  const stored = new Map(groupProducts(rows).map((product) => [product.product.sku, product]));
  const owners = new Map<string, FileProduct>();
  for (const product of file.products) {
    for (const sku of [product.sku, ...product.input.variants.map((variant) => variant.sku)]) {
      const other = owners.get(sku);
      if (other && other !== product) {
        errors.push({
          row: product.rows[0] ?? 0,
          sku,
          message: `the SKU "${sku}" is also used by "${other.sku}" in this file`,
        });
      }
      owners.set(sku, product);
    }
  }
  const changes: ImportChange[] = [];
  let unchanged = 0;
  for (const product of file.products) {
    const current = stored.get(product.sku);
    const touched = new Map<string, CatalogRow>();
    for (const sku of [
      ...product.input.variants.map((variant) => variant.sku),
      ...(current?.product.variantSkus ?? []),
    ]) {
      const row = bySku.get(sku);
      if (row) touched.set(sku, row);
    }
    let plan: ProductWritePlan;
    try {
      plan = planProductWrite(
        product.sku,
        product.input,
        { product: bySku.get(product.sku), bySku: touched },
        currency,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const issues = (error.extra.errors as { path: string; message: string }[] | undefined) ?? [];
      const detail =
        issues.length > 0 ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : error.message;
      errors.push({ row: product.rows[0] ?? 0, sku: product.sku, message: detail });
      continue;
    }
    const diff = current ? differences(current, product.input) : [];
    if (current && diff.length === 0) {
      unchanged++;
      continue;
    }
    changes.push({ sku: product.sku, kind: current ? 'update' : 'create', changes: diff, plan });
  }
  errors.sort((a, b) => a.row - b.row);
  return { changes, unchanged, errors };
}

/**
 * Writes a plan that has no errors, each product in its own transaction,
 * `concurrency` at a time. Returns the products whose write was refused
 * (someone changed them since the plan was made); run the import again for those.
 */
export async function applyImport(
  catalog: DynamoAdminCatalog,
  plan: ImportPlan,
  now: number,
  concurrency = 16,
): Promise<{ written: number; refused: { sku: string; message: string }[] }> {
  if (plan.errors.length > 0) throw new Error('An import with errors writes nothing');
  const refused: { sku: string; message: string }[] = [];
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < plan.changes.length) {
      const change = plan.changes[next++];
      if (!change) return;
      try {
        await catalog.write(change.plan, now);
        written++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refused.push({ sku: change.sku, message: error.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.changes.length) }, worker));
  return { written, refused };
}

/** The `field: old → new` lines between a stored product and a file's version of it. */
export function differences(stored: StoredProduct, input: ProductInputValue): string[] {
  const out: string[] = [];
  const { product, variants } = stored;
  // Option maps compare by content: DynamoDB keeps no key order in a map.
  const show = (value: unknown) =>
    JSON.stringify(
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
        : value,
    );
  const compare = (field: string, before: unknown, after: unknown) => {
    if (show(before) !== show(after)) out.push(`${field}: ${show(before)} → ${show(after)}`);
  };
  compare('name', product.name, input.name);
  compare('description', product.description, input.description);
  compare('images', product.images, input.images);
  compare('visibility', product.visibility, input.visibility);
  compare('options', product.options, input.options);
  if (input.variants.length === 0) {
    if (product.kind === 'parent') out.push('variants: all removed');
    compare('unitPrice', product.unitPrice, input.unitPrice);
    if (input.stock !== undefined) compare('stock', product.stock, input.stock);
    return out;
  }
  const current = new Map(variants.map((variant) => [variant.sku, variant]));
  for (const variant of input.variants) {
    const was = current.get(variant.sku);
    current.delete(variant.sku);
    if (!was) {
      out.push(`variant ${variant.sku}: added`);
      continue;
    }
    compare(`variant ${variant.sku} options`, was.optionValues ?? {}, variant.options);
    compare(`variant ${variant.sku} unitPrice`, was.unitPrice, variant.unitPrice);
    if (variant.stock !== undefined) compare(`variant ${variant.sku} stock`, was.stock, variant.stock);
  }
  for (const sku of current.keys()) out.push(`variant ${sku}: removed (archived)`);
  return out;
}
