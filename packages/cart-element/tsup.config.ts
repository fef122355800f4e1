import { defineConfig } from 'tsup';

/**
 * Two builds:
 * - `dist/` for bundlers: ESM + d.ts, Lit and the SDK left as dependencies.
 * - `dist/cdn/` for the one-script-tag embed: everything inside, split so the
 *   sign-in UI (and the SDK's Cognito code) load only when opened.
 */
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    outDir: 'dist',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: { compilerOptions: { composite: false } },
    tsconfig: 'tsconfig.build.json',
    splitting: true,
    sourcemap: true,
    clean: false,
  },
  {
    entry: { 'shopping-cart': 'src/cdn.ts' },
    outDir: 'dist/cdn',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    tsconfig: 'tsconfig.build.json',
    splitting: true,
    minify: true,
    noExternal: [/.*/],
    clean: true,
    treeshake: false,
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
      options.legalComments = 'none';
    },
  },
]);
