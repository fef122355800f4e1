import { ProductInputSchema, SkuSchema } from '@cartkit/contract';
import * as v from 'valibot';
import type { StoredProduct } from '../adapters/admin-catalog.js';
import type { ProductInputValue } from '../domain/product-write.js';

/**
 * The catalog file formats of `cartkit catalog import|export`.
 *
 * JSON: an array of products, each `{ "sku": ..., ...the body of PUT /admin/products/{sku} }`,
 * with `stock` (and each variant's `stock`) as the figure to set.
 *
 * CSV (RFC 4180, a header row, UTF-8): one row per product without variants, or one row per
 * variant. Columns: `sku, product_sku, name, description, images, unit_price, stock, visibility,
 * options`. A variant row names its product in `product_sku`; its product's name, description,
 * images and visibility come from the first row of that product (later rows must not differ);
 * `options` is `size=M;colour=red` (the order of the first row names the product's options);
 * `images` are separated by `|`. Money is integer minor units.
 */
export const CSV_COLUMNS = [
  'sku',
  'product_sku',
  'name',
  'description',
  'images',
  'unit_price',
  'stock',
  'visibility',
  'options',
] as const;

/** One product of a file, with where it came from (for per-row errors). */
export interface FileProduct {
  readonly sku: string;
  readonly input: ProductInputValue;
  /** 1-based line numbers (CSV) or array positions (JSON, 1-based) of its rows. */
  readonly rows: readonly number[];
}

/** A row the file could not turn into a product. */
export interface RowError {
  readonly row: number;
  readonly sku: string | undefined;
  readonly message: string;
}

export interface ParsedFile {
  readonly products: readonly FileProduct[];
  readonly errors: readonly RowError[];
}

/** Parses RFC 4180 CSV: quoted fields with `""` escapes and line breaks; returns rows with their line numbers. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else field += char;
  }
  if (quoted) throw new Error(`line ${rowLine}: a quoted field is never closed`);
  fields.push(field);
  if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
  return rows;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

const issuesText = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((issue) => `${issue.path?.map((p) => String(p.key)).join('.') || 'row'}: ${issue.message}`).join('; ');

/** An integer cell ("" is absent); anything else is an error message. */
function integerCell(value: string, column: string): number | undefined | { error: string } {
  if (value.trim() === '') return undefined;
  if (!/^-?\d+$/.test(value.trim())) return { error: `${column}: "${value}" is not an integer (money is minor units)` };
  return Number(value.trim());
}

/** Reads a CSV catalog into products, or per-row errors. */
export function readCsvCatalog(text: string): ParsedFile {
  const errors: RowError[] = [];
  let rows: { line: number; fields: string[] }[];
  try {
    rows = parseCsv(text);
  } catch (error) {
    return { products: [], errors: [{ row: 1, sku: undefined, message: (error as Error).message }] };
  }
  const [header, ...body] = rows;
  const names = header?.fields.map((name) => name.trim().toLowerCase()) ?? [];
  const missing = CSV_COLUMNS.filter((column) => !names.includes(column));
  if (!header || missing.length > 0) {
    return { products: [], errors: [{ row: 1, sku: undefined, message: `the header lacks ${missing.join(', ')}` }] };
  }
  type Draft = { sku: string; raw: Record<string, unknown>; rows: number[]; variants: Record<string, unknown>[] };
  const drafts = new Map<string, Draft>();
  const order: string[] = [];
  for (const { line, fields } of body) {
    const cell = (column: (typeof CSV_COLUMNS)[number]) => fields[names.indexOf(column)] ?? '';
    if (fields.length !== names.length) {
      errors.push({
        row: line,
        sku: cell('sku') || undefined,
        message: `has ${fields.length} fields, the header ${names.length}`,
      });
      continue;
    }
    const sku = cell('sku').trim();
    const productSku = cell('product_sku').trim();
    const price = integerCell(cell('unit_price'), 'unit_price');
    const stock = integerCell(cell('stock'), 'stock');
    const bad = [price, stock].find((x): x is { error: string } => typeof x === 'object');
    if (bad) {
      errors.push({ row: line, sku, message: bad.error });
      continue;
    }
    const images = cell('images')
      .split('|')
      .map((image) => image.trim())
      .filter((image) => image !== '');
    const shared: Record<string, unknown> = {
      name: cell('name'),
      description: cell('description'),
      images,
      ...(cell('visibility').trim() === '' ? {} : { visibility: cell('visibility').trim() }),
    };
    const owner = productSku === '' ? sku : productSku;
    if (!v.is(SkuSchema, owner)) {
      errors.push({ row: line, sku, message: `${productSku === '' ? 'sku' : 'product_sku'}: "${owner}" is not a SKU` });
      continue;
    }
    let draft = drafts.get(owner);
    if (productSku === '') {
      if (draft) {
        errors.push({ row: line, sku, message: `the SKU "${sku}" appears twice in the file` });
        continue;
      }
      draft = { sku, raw: { ...shared, unitPrice: price, stock }, rows: [line], variants: [] };
      drafts.set(sku, draft);
      order.push(sku);
      continue;
    }
    const options: Record<string, string> = {};
    for (const pair of cell('options')
      .split(';')
      .filter((p) => p.trim() !== '')) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        errors.push({ row: line, sku, message: `options: "${pair}" is not name=value` });
        draft = undefined;
        break;
      }
      options[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    if (Object.keys(options).length === 0 && !errors.some((e) => e.row === line)) {
      errors.push({ row: line, sku, message: 'options: a variant row needs name=value options' });
      continue;
    }
    if (errors.some((e) => e.row === line)) continue;
    const existing = drafts.get(owner);
    if (!existing) {
      draft = { sku: owner, raw: { ...shared, options: Object.keys(options) }, rows: [line], variants: [] };
      drafts.set(owner, draft);
      order.push(owner);
    } else {
      draft = existing;
      const first = draft.raw;
      const differs = (['name', 'description', 'visibility'] as const).find(
        (key) => (shared[key] ?? '') !== (first[key] ?? ''),
      );
      if (differs || JSON.stringify(shared.images) !== JSON.stringify(first.images)) {
        errors.push({
          row: line,
          sku,
          message: `${differs ?? 'images'} differs from the first row of product "${owner}"`,
        });
        continue;
      }
      draft.rows.push(line);
    }
    draft.variants.push({ sku, options, unitPrice: price, ...(stock === undefined ? {} : { stock }) });
  }
  const products: FileProduct[] = [];
  for (const sku of order) {
    const draft = drafts.get(sku);
    if (!draft) continue;
    const raw = draft.variants.length > 0 ? { ...draft.raw, variants: draft.variants } : draft.raw;
    const result = v.safeParse(ProductInputSchema, withoutUndefined(raw));
    if (!result.success) {
      errors.push({ row: draft.rows[0] ?? 0, sku, message: issuesText(result.issues) });
      continue;
    }
    products.push({ sku, input: result.output, rows: draft.rows });
  }
  return { products, errors };
}

/** Reads a JSON catalog (an array of `{ sku, ...product }`) into products, or per-row errors. */
export function readJsonCatalog(text: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { products: [], errors: [{ row: 1, sku: undefined, message: `not JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(data)) {
    return { products: [], errors: [{ row: 1, sku: undefined, message: 'the file must be a JSON array of products' }] };
  }
  const errors: RowError[] = [];
  const products: FileProduct[] = [];
  const seen = new Set<string>();
  data.forEach((entry: unknown, index) => {
    const row = index + 1;
    const { sku, ...rest } = (entry ?? {}) as Record<string, unknown>;
    if (!v.is(SkuSchema, sku)) {
      errors.push({ row, sku: typeof sku === 'string' ? sku : undefined, message: 'sku: missing or not a SKU' });
      return;
    }
    if (seen.has(sku)) {
      errors.push({ row, sku, message: `the SKU "${sku}" appears twice in the file` });
      return;
    }
    seen.add(sku);
    const result = v.safeParse(ProductInputSchema, rest);
    if (!result.success) errors.push({ row, sku, message: issuesText(result.issues) });
    else products.push({ sku, input: result.output, rows: [row] });
  });
  return { products, errors };
}

/** The catalog as a file: what `export` writes and `import` reads back unchanged. */
export function writeCatalog(products: readonly StoredProduct[], format: 'json' | 'csv'): string {
  if (format === 'json') {
    const entries = products.map(({ product, variants }) => ({
      sku: product.sku,
      name: product.name,
      description: product.description,
      images: product.images,
      ...(product.kind === 'parent' ? {} : { unitPrice: product.unitPrice, stock: product.stock }),
      visibility: product.visibility,
      options: product.options,
      variants: variants.map((variant) => ({
        sku: variant.sku,
        options: variant.optionValues ?? {},
        unitPrice: variant.unitPrice,
        stock: variant.stock,
      })),
    }));
    return `${JSON.stringify(entries, null, 2)}\n`;
  }
  const lines = [CSV_COLUMNS.join(',')];
  for (const { product, variants } of products) {
    const shared = [product.name, product.description, product.images.join('|')];
    if (product.kind !== 'parent') {
      lines.push(
        [product.sku, '', ...shared, String(product.unitPrice), String(product.stock), product.visibility, '']
          .map(csvField)
          .join(','),
      );
      continue;
    }
    for (const variant of variants) {
      const options = product.options.map((name) => `${name}=${variant.optionValues?.[name] ?? ''}`).join(';');
      lines.push(
        [
          variant.sku,
          product.sku,
          ...shared,
          String(variant.unitPrice),
          String(variant.stock),
          product.visibility,
          options,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
