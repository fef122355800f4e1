import { defineConfig } from 'tsup';

// ESM with declarations; `import('./cognito.js')` becomes its own chunk (splitting),
// so the Cognito code is only fetched when auth is used.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  // The contract's types are inlined, its few runtime values (LIMITS, error codes)
  // bundled: dist runs on its own and never pulls valibot at runtime.
  dts: { resolve: ['@cartkit/contract'] },
  noExternal: ['@cartkit/contract'],
  splitting: true,
  treeshake: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
