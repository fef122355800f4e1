import type { AdminProduct, AdminVariant, Product, Visibility } from '@cartkit/contract';

/**
 * How a catalog row is stored in the Products table (one item per SKU):
 * - `product`: sold as is (the seeded catalog's rows have no `kind` and are these, `active`);
 * - `parent`: a product with variants; never in a cart itself, it names its variants' SKUs;
 * - `variant`: one variant, sold under its own SKU with its own price and stock; it carries its
 *   product's name, description, image and visibility, so pricing a cart line reads one row.
 */
export interface CatalogRow {
  readonly sku: string;
  readonly kind: 'product' | 'parent' | 'variant';
  readonly name: string;
  readonly description: string;
  readonly images: readonly string[];
  readonly unitPrice: number;
  readonly currency: string;
  readonly stock: number;
  readonly inCarts: number;
  readonly visibility: Visibility;
  /** `parent`: the option names. */
  readonly options: readonly string[];
  /** `parent`: its variants' SKUs, in order. */
  readonly variantSkus: readonly string[];
  /** `variant`: its product. */
  readonly productSku?: string;
  /** `variant`: one value per option name. */
  readonly optionValues?: Readonly<Record<string, string>>;
  readonly updatedAt: string | null;
}

/** Reads a stored row; rows written before issue 16 are active products without variants. */
export function toCatalogRow(item: Record<string, unknown>): CatalogRow {
  const images = Array.isArray(item.images)
    ? item.images.map(String)
    : typeof item.image === 'string' && item.image !== ''
      ? [item.image]
      : [];
  const kind = item.kind === 'parent' || item.kind === 'variant' ? item.kind : 'product';
  const visibility = item.visibility === 'draft' || item.visibility === 'archived' ? item.visibility : 'active';
  return {
    sku: String(item.sku),
    kind,
    name: String(item.name ?? ''),
    description: String(item.description ?? ''),
    images,
    unitPrice: Number(item.unitPrice ?? 0),
    currency: String(item.currency ?? 'USD'),
    stock: Math.max(0, Number(item.stock ?? 0)),
    inCarts: Math.max(0, Number(item.inCarts ?? 0)),
    visibility,
    options: Array.isArray(item.options) ? item.options.map(String) : [],
    variantSkus: Array.isArray(item.variantSkus) ? item.variantSkus.map(String) : [],
    ...(typeof item.productSku === 'string' ? { productSku: item.productSku } : {}),
    ...(item.optionValues && typeof item.optionValues === 'object'
      ? { optionValues: Object.fromEntries(Object.entries(item.optionValues).map(([k, val]) => [k, String(val)])) }
      : {}),
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
  };
}

/**
 * The public shape of a row (`GET /products`, cart pricing). A parent lists
 * its active variants; a variant names its product and option values.
 */
export function toPublicProduct(row: CatalogRow, variants: readonly CatalogRow[] = []): Product {
  const product: Product = {
    sku: row.sku,
    name: row.name,
    description: row.description,
    unitPrice: row.unitPrice,
    currency: row.currency,
    image: row.images[0] ?? '',
    stock: row.stock,
    inCarts: row.inCarts,
  };
  if (row.kind === 'parent') {
    return {
      ...product,
      options: [...row.options],
      variants: variants.map((variant) => ({
        sku: variant.sku,
        options: { ...variant.optionValues },
        unitPrice: variant.unitPrice,
        stock: variant.stock,
      })),
    };
  }
  if (row.kind === 'variant' && row.productSku !== undefined) {
    return { ...product, productSku: row.productSku, optionValues: { ...row.optionValues } };
  }
  return product;
}

/** The admin shape of a product row and its variant rows. */
export function toAdminProduct(row: CatalogRow, variants: readonly CatalogRow[]): AdminProduct {
  const adminVariants: AdminVariant[] = variants.map((variant) => ({
    sku: variant.sku,
    options: { ...variant.optionValues },
    unitPrice: variant.unitPrice,
    stock: variant.stock,
    inCarts: variant.inCarts,
  }));
  const withVariants = row.kind === 'parent';
  return {
    sku: row.sku,
    name: row.name,
    description: row.description,
    images: [...row.images],
    unitPrice: withVariants ? lowest(adminVariants.map((v) => v.unitPrice)) : row.unitPrice,
    currency: row.currency,
    stock: withVariants ? adminVariants.reduce((sum, v) => sum + v.stock, 0) : row.stock,
    inCarts: withVariants ? adminVariants.reduce((sum, v) => sum + v.inCarts, 0) : row.inCarts,
    visibility: row.visibility,
    options: [...row.options],
    variants: adminVariants,
    updatedAt: row.updatedAt,
  };
}

function lowest(prices: readonly number[]): number {
  return prices.length === 0 ? 0 : Math.min(...prices);
}
