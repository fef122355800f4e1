import { createRequire } from 'node:module';
const { build } = createRequire(import.meta.url)(
  createRequire(import.meta.url).resolve('esbuild', {
    paths: [process.cwd(), new URL('../../..', import.meta.url).pathname],
  }),
);
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
const r = await build({
  entryPoints: { 'shopping-cart': 'src/cdn.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  outdir: '/tmp/cdn-analyze',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  write: true,
  tsconfig: 'tsconfig.build.json',
  define: { global: 'globalThis' },
  legalComments: 'none',
  treeShaking: process.env.TS !== '0',
});
for (const [out, info] of Object.entries(r.metafile.outputs)) {
  if (!out.endsWith('.js')) continue;
  const gz = gzipSync(readFileSync(out), { level: 9 }).length;
  console.log(
    `\n${out} ${(info.bytes / 1024).toFixed(1)}KB min ${(gz / 1024).toFixed(1)}KB gz imports: ${info.imports.map((i) => i.path + (i.kind === 'dynamic-import' ? '(dyn)' : '')).join(', ')}`,
  );
  const groups = {};
  for (const [inp, v] of Object.entries(info.inputs)) {
    const key = inp
      .replace(/.*node_modules\/(\.pnpm\/)?/, '')
      .replace(/^(@[^/]+\/[^/@]+|[^/@]+)[@/].*?node_modules\//, '')
      .replace(/^((@[^/]+\/)?[^/]+).*/, '$1');
    const k = inp.includes('node_modules')
      ? key
      : inp
          .replace(/^(\.\.\/)+/, '')
          .split('/')
          .slice(0, 3)
          .join('/');
    groups[k] = (groups[k] || 0) + v.bytesInOutput;
  }
  for (const [k, v] of Object.entries(groups)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25))
    console.log(`  ${(v / 1024).toFixed(2).padStart(7)} KB  ${k}`);
}
