#!/usr/bin/env node
/**
 * `cartkit`: the shop's command line (issue 16).
 *
 *   cartkit catalog import FILE [--dry-run] [--format json|csv]   load products into the catalog
 *   cartkit catalog export [--format json|csv] [--out FILE]       write the catalog out
 *
 * Where: `--table <ProductsTableName>` (the stack output) with your AWS credentials, or
 * `--endpoint http://127.0.0.1:PORT --table <name>` for DynamoDB Local (the local stack's
 * table is `cartkit-local-Products`). `--currency` (default USD) is the shop's currency.
 *
 * The import checks every row first (the same rules as PUT /admin/products/{sku}) and writes
 * nothing if any row is bad, listing each bad row; products that would not change are skipped,
 * so running it twice changes nothing. `--dry-run` prints the diff and writes nothing.
 * Exit codes: 0 done, 1 bad rows or refused writes, 2 usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoAdminCatalog } from '../src/adapters/admin-catalog.js';
import { createDocumentClient } from '../src/adapters/aws.js';
import { readCsvCatalog, readJsonCatalog, writeCatalog } from '../src/catalog-file/format.js';
import { applyImport, planImport } from '../src/catalog-file/import.js';

const USAGE = `usage:
  cartkit catalog import FILE --table NAME [--endpoint URL] [--dry-run] [--format json|csv] [--currency USD]
  cartkit catalog export --table NAME [--endpoint URL] [--format json|csv] [--out FILE]`;

function usage(message?: string): never {
  if (message) console.error(`cartkit: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    table: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    currency: { type: 'string', default: 'USD' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const [group, command, file] = positionals;
if (group !== 'catalog' || (command !== 'import' && command !== 'export')) usage();
if (!values.table) usage('--table is required');
if (values.format !== undefined && values.format !== 'json' && values.format !== 'csv')
  usage('--format is json or csv');
if (values.endpoint) {
  // DynamoDB Local takes any well-formed credentials.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}
const db = createDocumentClient({
  region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
  endpoint: values.endpoint ?? null,
});
const catalog = new DynamoAdminCatalog(db, values.table);

if (command === 'export') {
  const format = (values.format ?? (values.out && extname(values.out) === '.csv' ? 'csv' : 'json')) as 'json' | 'csv';
  const text = writeCatalog(await catalog.products(), format);
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(text);
  process.exit(0);
}

if (!file) usage('import needs a FILE');
const format = values.format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : 'json');
const text = await readFile(file, 'utf8');
const started = performance.now();
const parsed = format === 'csv' ? readCsvCatalog(text) : readJsonCatalog(text);
const plan = await planImport(catalog, parsed, values.currency);
if (plan.errors.length > 0) {
  for (const error of plan.errors) {
    console.error(
      `${format === 'csv' ? 'line' : 'item'} ${error.row}${error.sku ? ` (${error.sku})` : ''}: ${error.message}`,
    );
  }
  console.error(`${plan.errors.length} bad row(s): nothing was imported.`);
  process.exit(1);
}
for (const change of plan.changes) {
  console.log(`${change.kind === 'create' ? '+' : '~'} ${change.sku}`);
  for (const line of change.changes) console.log(`    ${line}`);
}
const creates = plan.changes.filter((change) => change.kind === 'create').length;
const summary = `${creates} to create, ${plan.changes.length - creates} to update, ${plan.unchanged} unchanged`;
if (values['dry-run']) {
  console.log(`dry run: ${summary}; nothing written.`);
  process.exit(0);
}
const result = await applyImport(catalog, plan, Date.now());
for (const refused of result.refused) console.error(`refused ${refused.sku}: ${refused.message}`);
console.log(`${summary}: ${result.written} written in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
process.exit(result.refused.length > 0 ? 1 : 0);
