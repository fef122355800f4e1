import { defineConfig } from 'vitest/config';

/**
 * The backend's tests, in two projects:
 * - `unit`: pure tests beside the code (`src/**\/*.test.ts`), no emulator, no Java;
 * - `integration`: `test/**` and the `*.integration.test.ts` beside the local
 *   stack's code, against one local stack (DynamoDB Local, cognito-local, fauxqs)
 *   started by the global setup.
 * Vitest starts a project's global setup only when one of its files runs, so
 * `vitest run --project unit` (or `vitest run src/domain/cart.test.ts`) starts no stack.
 * The CDK app's tests have their own config (cdk/vitest.config.ts).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.integration.test.ts', 'node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'src/**/*.integration.test.ts'],
          exclude: ['node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
