import { defineConfig } from 'tsup';

// Three entries: `.` (the valibot schemas and everything else), `./values`
// (LIMITS, error codes: no valibot) and `./quote-rules` (blocksCheckout), ESM + d.ts.
export default defineConfig({
  entry: { index: 'src/index.ts', values: 'src/values.ts', 'quote-rules': 'src/quote-rules.ts' },
  format: ['esm'],
  dts: true,
  splitting: true,
  treeshake: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
