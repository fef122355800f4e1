import { defineConfig } from 'vitest/config';

// The bindings are proven against the real local stack (started once by the SDK's
// integration global setup): React Testing Library in jsdom for the DOM tests, plain
// Node (no window) for the server render, tsc for the JSX types.
export default defineConfig({
  test: {
    include: ['test/**/*.test.tsx'],
    globalSetup: ['../cart-sdk/test/integration/global-setup.ts'],
    environment: 'jsdom',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    typecheck: { enabled: true, include: ['test/**/*.test-d.tsx'], tsconfig: './tsconfig.json' },
  },
});
