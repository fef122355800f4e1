// Prints the SDK's browser size, min + gzip, without and with the auth (Cognito) chunk.
// Bundles src/index.ts with every dependency inlined (the contract's few runtime values, no valibot;
// the Cognito calls and SRP in the lazy chunk),
// as a site's bundler would, with code splitting so `import('./cognito.js')` is its own chunk.
// `sdkSize()` is what `pnpm bench` (bench/sections/browser.mts) calls.
// Usage: node packages/cart-sdk/scripts/size.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The SDK's bundle sizes in bytes (min and min+gzip -9): `core` what a page
 * loads up front, `auth` the lazy chunk(s), `total` both, and one row per
 * output file. `lines` is the report the CLI prints.
 */
export async function sdkSize() {
  const outdir = mkdtempSync(join(tmpdir(), 'cart-sdk-size-'));
  try {
    const result = await build({
      entryPoints: { index: join(root, 'src/index.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      treeShaking: true,
      metafile: true,
      outdir,
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint);
    // What a page loads up front: the entry and its static imports, transitively.
    const eager = new Set();
    const visit = (file) => {
      if (eager.has(file)) return;
      eager.add(file);
      for (const imp of outputs[file].imports) if (imp.kind === 'import-statement') visit(imp.path);
    };
    visit(entry);
    const size = (files) => {
      let min = 0;
      let gz = 0;
      for (const f of files) {
        const code = readFileSync(f);
        min += code.length;
        gz += gzipSync(code, { level: 9 }).length;
      }
      return { min, gz };
    };
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    const all = Object.keys(outputs).filter((f) => f.endsWith('.js'));
    const lazy = all.filter((f) => !eager.has(f));
    const core = size([...eager]);
    const auth = size(lazy);
    const total = size(all);
    const files = all.map((f) => ({ file: relative(outdir, f), eager: eager.has(f), ...size([f]) }));
    const lines = [
      ...files.map(
        (f) =>
          `${f.eager ? 'eager' : 'lazy '}  ${f.file.padEnd(28)} ${kb(f.min).padStart(9)} min ${kb(f.gz).padStart(9)} gzip`,
      ),
      `SDK without auth chunk: ${kb(core.min)} min, ${kb(core.gz)} min+gzip`,
      `auth chunk(s) alone:    ${kb(auth.min)} min, ${kb(auth.gz)} min+gzip`,
      `SDK with auth chunk:    ${kb(total.min)} min, ${kb(total.gz)} min+gzip`,
    ];
    return { core, auth, total, files, lines };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of (await sdkSize()).lines) console.log(line);
}
