import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readItem, stackEnv } from '../support/stack.js';

// Issue 16: `cartkit catalog import FILE` / `export`, run as a shop owner runs them (the CLI as a
// child process) against the stack's DynamoDB Local: idempotent, a dry run that prints the diff,
// per-row errors for bad rows, and nothing written when any row is bad.

const run = promisify(execFile);
const BACKEND = new URL('../..', import.meta.url).pathname;

async function cartkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { env } = stackEnv();
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/cartkit.ts',
        ...args,
        '--table',
        env.PRODUCTS_TABLE ?? '',
        '--endpoint',
        env.DYNAMODB_ENDPOINT ?? '',
      ],
      { cwd: BACKEND, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cartkit-import-test-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const HEADER = 'sku,product_sku,name,description,images,unit_price,stock,visibility,options';

describe('cartkit catalog import', () => {
  it('imports a CSV with products and variants, is idempotent, and a dry run prints the diff without writing', async () => {
    const p = `IMP-${randomUUID().slice(0, 6).toUpperCase()}`;
    const csv = [
      HEADER,
      `${p}-MUG,,Imported mug,"Stoneware, 350 ml",/assets/products/MUG-STONE.svg,1800,12,active,`,
      `${p}-TEE-S,${p}-TEE,Imported tee,Cotton,/assets/products/TEE-CLASSIC.svg,2400,5,active,size=S;colour=red`,
      `${p}-TEE-M,${p}-TEE,Imported tee,Cotton,/assets/products/TEE-CLASSIC.svg,2500,0,active,size=M;colour=red`,
    ].join('\n');
    const path = await file('catalog.csv', `${csv}\n`);

    const dry = await cartkit('catalog', 'import', path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+ ${p}-MUG`);
    expect(dry.stdout).toContain(`+ ${p}-TEE`);
    expect(dry.stdout).toMatch(/dry run: 2 to create, 0 to update, \d+ unchanged; nothing written\./);
    expect(await readItem('Products', { sku: `${p}-MUG` })).toBeUndefined();

    const first = await cartkit('catalog', 'import', path);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/2 to create, 0 to update, \d+ unchanged: 2 written/);
    expect(await readItem('Products', { sku: `${p}-MUG` })).toMatchObject({
      name: 'Imported mug',
      description: 'Stoneware, 350 ml',
      unitPrice: 1800,
      stock: 12,
      visibility: 'active',
    });
    expect(await readItem('Products', { sku: `${p}-TEE-M` })).toMatchObject({
      kind: 'variant',
      productSku: `${p}-TEE`,
      optionValues: { size: 'M', colour: 'red' },
      unitPrice: 2500,
    });

    const again = await cartkit('catalog', 'import', path);
    expect(again.stdout).toMatch(/0 to create, 0 to update, \d+ unchanged: 0 written/);

    const edited = await file('catalog.csv', `${csv.replace(',1800,12,', ',1900,12,')}\n`);
    const diff = await cartkit('catalog', 'import', edited, '--dry-run');
    expect(diff.stdout).toContain(`~ ${p}-MUG\n    unitPrice: 1800 → 1900`);
    expect(diff.stdout).toMatch(/0 to create, 1 to update/);
    expect(await readItem('Products', { sku: `${p}-MUG` })).toMatchObject({ unitPrice: 1800 });
  });

  it('lists every bad row with its line and writes nothing, not even the good rows', async () => {
    const p = `BADIMP-${randomUUID().slice(0, 6).toUpperCase()}`;
    const csv = [
      HEADER,
      `${p}-OK,,Good row,,,1000,5,active,`,
      `${p}-FLOAT,,Float price,,,19.99,5,active,`,
      `${p}-NONAME,,,,,1000,5,active,`,
      `${p}-VIS,,Bad visibility,,,1000,5,public,`,
      `${p}-V1,${p}-P,Variant,,,1000,5,active,size`,
      `${p}-OK,,Duplicate,,,1000,5,active,`,
      `${p}-SHORT,,Too few fields`,
    ].join('\n');
    const result = await cartkit('catalog', 'import', await file('bad.csv', `${csv}\n`));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`line 3 (${p}-FLOAT): unit_price: "19.99" is not an integer`);
    expect(result.stderr).toContain(`line 4 (${p}-NONAME): name: must not be empty`);
    expect(result.stderr).toMatch(new RegExp(`line 5 \\(${p}-VIS\\): visibility: `));
    expect(result.stderr).toContain(`line 6 (${p}-V1): options: "size" is not name=value`);
    expect(result.stderr).toContain(`line 7 (${p}-OK): the SKU "${p}-OK" appears twice in the file`);
    expect(result.stderr).toContain(`line 8 (${p}-SHORT): has 3 fields, the header 9`);
    expect(result.stderr).toContain('6 bad row(s): nothing was imported.');
    expect(await readItem('Products', { sku: `${p}-OK` })).toBeUndefined();
  });

  it('exports the catalog as JSON and CSV that import back unchanged', async () => {
    const json = await cartkit('catalog', 'export', '--format', 'json');
    expect(json.code).toBe(0);
    const products = JSON.parse(json.stdout) as { sku: string }[];
    expect(products.some((product) => product.sku === 'TEE-CLASSIC')).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'cartkit-export-'));
    const csvPath = join(dir, 'catalog.csv');
    expect((await cartkit('catalog', 'export', '--out', csvPath)).code).toBe(0);
    expect((await readFile(csvPath, 'utf8')).split('\n')[0]).toBe(HEADER);
    for (const path of [csvPath, await file('catalog.json', json.stdout)]) {
      const back = await cartkit('catalog', 'import', path, '--dry-run');
      expect(back.code, back.stderr).toBe(0);
      expect(back.stdout).toMatch(/dry run: 0 to create, 0 to update, \d+ unchanged/);
    }
  });
});
