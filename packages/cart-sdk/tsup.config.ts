import { defineConfig } from 'tsup';

// ESM with declarations; `import('./cognito.js')` becomes its own chunk (splitting),
// so the Cognito code is only fetched when auth is used.
export default defineConfig({
  entry: { index: 'src/index.ts', admin: 'src/admin/index.ts' },
  format: ['esm'],
  // @cartkit/contract stays a dependency: dist imports its valibot-free entries
  // (`/values`, `/quote-rules`) at run time, and its types from `@cartkit/contract`.
  dts: true,
  splitting: true,
  treeshake: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: [/^@cartkit\/contract/],
});
