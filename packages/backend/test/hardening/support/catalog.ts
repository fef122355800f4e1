import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Product } from '@cartkit/contract';
import { provisionTable, seedProducts } from '../../../src/local/emulators/provision.js';
import { TABLES } from '../../../src/topology/tables.js';

/**
 * Product names a storefront must show as text: markup, script breaks,
 * bidirectional overrides, zero-width and combining characters, and one far
 * longer than any layout expects.
 */
export const HOSTILE_NAMES = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert("cart")</script>',
  '"><svg/onload=alert(1)>',
  '\u202Egnp.exe\u202C Mug (RTL override)',
  'שלום cart עגלה',
  'Zero\u200Bwidth\u200Djoiner',
  'Z̴̡̛a̵l̶g̷o̸ tee',
  '{{constructor.constructor("alert(1)")()}}',
  `${'Very long product name '.repeat(90)}end`,
  "Robert'); DROP TABLE Carts;--",
] as const;

/** SKUs of the fuzz catalog: 60 buyable products (more than a cart's 50 lines) and one sold out. */
export const FUZZ_SKUS = Array.from({ length: 60 }, (_, i) => `H-${String(i).padStart(2, '0')}`);
export const SOLD_OUT_SKU = 'H-SOLD-OUT';

/** The fuzz catalog: prices are integer cents, some names are hostile. */
export function fuzzProducts(): Product[] {
  const products: Product[] = FUZZ_SKUS.map((sku, i) => ({
    sku,
    name: HOSTILE_NAMES[i % 12] ?? `Plain product ${i}`,
    description: i % 3 === 0 ? (HOSTILE_NAMES[(i + 1) % HOSTILE_NAMES.length] ?? '') : 'A product.',
    unitPrice: 1 + ((i * 7919) % 99_999),
    currency: 'USD',
    image: `/img/${sku}.svg`,
    stock: 1_000_000,
  }));
  products.push({ ...products[0], sku: SOLD_OUT_SKU, name: 'Gone', stock: 0 } as Product);
  return products;
}

/** A products table of its own in the shared DynamoDB Local, so fuzzing never touches the shared catalog. */
export interface CatalogTable {
  readonly tableName: string;
  drop(): Promise<void>;
}

export async function createCatalogTable(endpoint: string, products: readonly Product[]): Promise<CatalogTable> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const definition = TABLES.find((table) => table.id === 'Products');
  if (!definition) throw new Error('no Products table definition');
  const tableName = `hardening-Products-${randomUUID().slice(0, 8)}`;
  await provisionTable(client, definition, tableName);
  await seedProducts(client, tableName, products);
  return {
    tableName,
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    },
  };
}
