import { defineConfig, type Options } from 'tsup';

// ESM with declarations; `import('./cognito.js')` becomes its own chunk (splitting),
// so the Cognito code is only fetched when auth is used.
const shared: Options = {
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
};

// Two builds, so the admin entry never splits the shopper entry into shared chunks: a
// consumer's bundler then sees `index.js` whole, as before the admin client existed (with the
// shared chunks, Vite's first load of the element grew past its 25 KB budget).
export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' } },
  { ...shared, entry: { admin: 'src/admin/index.ts' }, clean: false },
  // handleReminderLink on its own entry, not in the index: reached from the index, a bundler puts it
  // (and, bundling from source, the storage helpers split into a chunk of their own) in the first
  // load of every page that uses any lazy chunk calling it, as the element's drawer does.
  { ...shared, entry: { 'reminder-links': 'src/reminder-links.ts' }, clean: false },
]);
