// The SDK's lazy auth chunk, bundled both ways from one run (issue 15):
//   amazon-cognito-identity-js         the SDK's until 2026-12-01 (./amazon-cognito-identity-js.ts)
//   @aws-sdk v3 + cognito-srp-helper   the same module on the modular AWS client (./aws-sdk-v3.ts)
//   fetch + BigInt/WebCrypto SRP       what the SDK ships (packages/cart-sdk/src/auth/cognito.ts + srp.ts;
//                                      srp.test.ts checks its SRP against amazon-cognito-identity-js)
// Each variant bundles the SDK's src/index.ts as a site's bundler would (esbuild,
// browser, minified, code splitting), the variant swapped in for `./cognito.js`
// at the SDK's one dynamic import, and prints the eager part and the lazy part
// (min and gzip -9). Prints numbers, asserts nothing.
// Usage: node --import tsx bench/auth-size/size.mts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const sdk = resolve(here, '../../packages/cart-sdk');

/** The variants: the file that stands in for `src/auth/cognito.ts`. */
export const VARIANTS = {
  'amazon-cognito-identity-js (until 2026-12-01)': join(here, 'amazon-cognito-identity-js.ts'),
  '@aws-sdk/client-cognito-identity-provider + cognito-srp-helper': join(here, 'aws-sdk-v3.ts'),
  'fetch + BigInt/WebCrypto SRP (the SDK now)': join(sdk, 'src/auth/cognito.ts'),
} as const;

interface Size {
  min: number;
  gz: number;
}

/** Redirects the controller's `import('./cognito.js')` to `file`. */
function swapCognito(file: string): Plugin {
  return {
    name: 'swap-cognito',
    setup(b) {
      b.onResolve({ filter: /^\.\/cognito\.js$/ }, (args) =>
        args.importer.endsWith(join('src/auth/controller.ts')) ? { path: file } : undefined,
      );
    },
  };
}

function sizeOf(files: Iterable<string>): Size {
  let min = 0;
  let gz = 0;
  for (const f of files) {
    const code = readFileSync(f);
    min += code.length;
    gz += gzipSync(code, { level: 9 }).length;
  }
  return { min, gz };
}

/** The eager and lazy sizes of the SDK bundled with `file` as its auth module, and the lazy chunk's biggest inputs. */
export async function measure(file: string): Promise<{ eager: Size; lazy: Size; top: [string, number][] }> {
  const outdir = mkdtempSync(join(tmpdir(), 'cart-sdk-auth-size-'));
  try {
    const result = await build({
      entryPoints: { index: join(sdk, 'src/index.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      treeShaking: true,
      metafile: true,
      outdir,
      absWorkingDir: sdk,
      logLevel: 'error',
      // `global` for amazon-cognito-identity-js's buffer@4 (the old variant); the others never read it.
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      plugins: [swapCognito(file)],
    });
    const outputs: Metafile['outputs'] = result.metafile.outputs;
    const entry = Object.keys(outputs).find((f) => outputs[f]?.entryPoint);
    if (!entry) throw new Error('no entry chunk');
    const eager = new Set<string>();
    const visit = (f: string) => {
      if (eager.has(f)) return;
      eager.add(f);
      for (const imp of outputs[f]?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path);
    };
    visit(entry);
    const js = Object.keys(outputs).filter((f) => f.endsWith('.js'));
    const lazy = js.filter((f) => !eager.has(f));
    const byPackage = new Map<string, number>();
    for (const f of lazy) {
      for (const [input, { bytesInOutput }] of Object.entries(outputs[f]?.inputs ?? {})) {
        const m = input.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
        const name = m?.[1] ?? 'cartkit';
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6);
    return { eager: sizeOf(eager), lazy: sizeOf(lazy.map((f) => resolve(sdk, f))), top };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('SDK bundled by esbuild (browser, minified, splitting): eager part, lazy auth part (min / gzip -9)');
  for (const [name, file] of Object.entries(VARIANTS)) {
    const { eager, lazy, top } = await measure(file);
    console.log(`${name.padEnd(64)} eager ${kb(eager.min)} / ${kb(eager.gz)}   auth ${kb(lazy.min)} / ${kb(lazy.gz)}`);
    console.log(`  auth chunk's biggest inputs (min bytes): ${top.map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
}
