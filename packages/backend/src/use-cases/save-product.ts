import type { AdminProduct } from '@cartkit/contract';
import type { DynamoAdminCatalog } from '../adapters/admin-catalog.js';
import { toAdminProduct } from '../domain/catalog-item.js';
import { type ProductInputValue, planProductWrite } from '../domain/product-write.js';

/**
 * Writes one whole product (and its variants) as `PUT /admin/products/{sku}`
 * and the catalog import do: reads the rows it touches, plans the write
 * (`planProductWrite` checks the rules) and applies it in one transaction.
 *
 * @example
 * ```ts
 * const { created, product } = await saveProduct(deps.adminCatalog, 'TEE', input, 'USD', Date.now());
 * ```
 */
export async function saveProduct(
  catalog: DynamoAdminCatalog,
  sku: string,
  input: ProductInputValue,
  currency: string,
  now: number,
): Promise<{ created: boolean; product: AdminProduct }> {
  const existing = await catalog.existingFor(
    sku,
    input.variants.map((variant) => variant.sku),
  );
  const plan = planProductWrite(sku, input, existing, currency);
  await catalog.write(plan, now);
  const stored = await catalog.get(sku);
  if (!stored) throw new Error(`${sku} was written but cannot be read back`);
  return { created: existing.product === undefined, product: toAdminProduct(stored.product, stored.variants) };
}
