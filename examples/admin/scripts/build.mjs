// Builds the admin page into dist/ (served at /admin/ by the local stack and the CDK app):
// one ES module bundle (esbuild, minified, with a source map) plus index.html and styles.css.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.ts')],
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outdir: out,
  logLevel: 'warning',
});
for (const file of ['index.html', 'styles.css', 'favicon.svg']) copyFileSync(join(here, file), join(out, file));
console.log(`admin page built into ${out}`);
