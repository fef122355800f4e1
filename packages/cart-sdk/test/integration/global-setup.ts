import type { TestProject } from 'vitest/node';

/** What the integration tests get from the running local stack. */
export interface ProvidedStack {
  apiUrl: string;
  wsUrl: string;
  /** `http://localhost:<port>` — the gateway root, for `/@local/confirmation-codes/{email}`. */
  origin: string;
  /** The key that signs cart tokens (an abandoned-cart link's token is derived from it). */
  cartTokenSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cartSdkStack: ProvidedStack;
  }
}

const STACK = new URL('../../../backend/src/local/stack.ts', import.meta.url);
let stop: (() => Promise<void>) | undefined;

/**
 * Start the real local stack (DynamoDB Local, cognito-local, queues, gateway)
 * once for the integration project; if it fails to start, the run fails.
 */
export async function setup(project: TestProject): Promise<void> {
  // Roomy limits for tests, read by the handlers from the environment.
  process.env.ANONYMOUS_RATE_PER_MINUTE ??= '300';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // Typed locally, not with `typeof import(...)`: the backend's sources stay out of this package's typecheck.
  const { startLocalStack } = (await import(STACK.href)) as {
    startLocalStack(options: { port: number; quiet: boolean }): Promise<{
      apiUrl: string;
      wsUrl: string;
      cartTokenSecret: string;
      stop(): Promise<void>;
    }>;
  };
  const stack = await startLocalStack({ port: 0, quiet: true });
  stop = () => stack.stop();
  project.provide('cartSdkStack', {
    apiUrl: stack.apiUrl,
    wsUrl: stack.wsUrl,
    origin: new URL(stack.apiUrl).origin,
    cartTokenSecret: stack.cartTokenSecret,
  });
}

export async function teardown(): Promise<void> {
  await stop?.();
}
