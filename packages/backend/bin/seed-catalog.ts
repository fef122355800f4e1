#!/usr/bin/env node
/**
 * Loads a catalog (default `data/catalog.json`) into a deployed Products table,
 * with the same code the local stack seeds with.
 *
 * Usage: `node --import tsx bin/seed-catalog.ts <ProductsTableName> [catalog.json]`
 * (the table name is the stack output `ProductsTableName`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readCatalog, seedProducts } from '../src/local/emulators/provision.js';

const [tableName, catalogPath = new URL('../data/catalog.json', import.meta.url).pathname] = process.argv.slice(2);
if (!tableName) {
  console.error('usage: node --import tsx bin/seed-catalog.ts <ProductsTableName> [catalog.json]');
  process.exit(2);
}
const products = await readCatalog(catalogPath);
await seedProducts(new DynamoDBClient({}), tableName, products);
console.log(`Wrote ${products.length} products to ${tableName}`);
