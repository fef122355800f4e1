/**
 * Measures `cartkit catalog import` of a 10,000-product CSV against DynamoDB Local (issue 16):
 * starts its own DynamoDB Local on a free loopback port, creates the Products table from the
 * topology, writes the CSV (half plain products, half products with three size variants: 10,000
 * products, 20,000 rows), then runs the CLI three times, printing the wall time of each:
 * the first import (everything created), a second (nothing changes: idempotent) and a dry run
 * after one price edit. Usage: `pnpm --filter @cartkit/backend measure:import [products]`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../src/local/emulators/dynamodb.js';
import { provisionTable } from '../src/local/emulators/provision.js';
import { localClientConfig } from '../src/local/support/aws-config.js';
import { TABLES } from '../src/topology/tables.js';

const run = promisify(execFile);
const count = Number(process.argv[2] ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), 'cartkit-import-'));
const ddb = await startDynamoDbLocal({});
try {
  const products = TABLES.find((table) => table.id === 'Products');
  if (!products) throw new Error('no Products table in the topology');
  const client = new DynamoDBClient(localClientConfig(ddb.endpoint));
  await provisionTable(client, products, 'measure-Products');
  client.destroy();

  const rows = ['sku,product_sku,name,description,images,unit_price,stock,visibility,options'];
  for (let i = 0; i < count; i++) {
    const sku = `P${String(i).padStart(6, '0')}`;
    if (i % 2 === 0) {
      rows.push(`${sku},,Product ${i},"A product, number ${i}",/assets/p/${sku}.svg,${1000 + i},${i % 50},active,`);
    } else {
      for (const size of ['S', 'M', 'L']) {
        rows.push(
          `${sku}-${size},${sku},Product ${i},Sized product,/assets/p/${sku}.svg,${2000 + i},10,active,size=${size}`,
        );
      }
    }
  }
  const file = join(dir, 'catalog.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  const cli = [
    '--import',
    'tsx',
    'bin/cartkit.ts',
    'catalog',
    'import',
    file,
    '--table',
    'measure-Products',
    '--endpoint',
    ddb.endpoint,
  ];
  const timed = async (label: string, args: string[]) => {
    const started = performance.now();
    const { stdout } = await run(process.execPath, args, { maxBuffer: 256 * 1024 * 1024 });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${label}: ${seconds} s  (${stdout.trim().split('\n').at(-1)})`);
  };
  console.log(`${count} products, ${rows.length - 1} CSV rows, DynamoDB Local at ${ddb.endpoint}`);
  await timed('first import ', cli);
  await timed('second import', cli);
  rows[1] = rows[1]?.replace(',1000,', ',1001,') ?? '';
  await writeFile(file, `${rows.join('\n')}\n`);
  await timed('dry run, 1 edit', [...cli, '--dry-run']);
} finally {
  await ddb.stop();
  await rm(dir, { recursive: true, force: true });
}
