import { defineConfig } from 'vitest/config';

// The composable is proven against the real local stack (started once by the SDK's
// integration global setup): @vue/test-utils in jsdom, and the server render in plain Node.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['../cart-sdk/test/integration/global-setup.ts'],
    environment: 'jsdom',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
