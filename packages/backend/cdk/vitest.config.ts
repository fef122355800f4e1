import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The CDK app's own tests: pure synthesis, no local stack, no AWS. Run from
 * packages/backend with `vitest run --config cdk/vitest.config.ts`.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['cdk/**/*.test.ts', 'bin/**/*.test.ts'],
    // Synthesizing the whole stack (and cdk-nag over it) takes seconds on two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
