import type { TestProject } from 'vitest/node';
import { type LocalStack, startLocalStack } from '../src/local/stack.js';

let stack: LocalStack | undefined;

/**
 * One local stack (real DynamoDB Local, cognito-local, fauxqs, gateway and
 * pollers) for the whole backend test run, on free ports.
 */
export async function setup(project: TestProject): Promise<void> {
  // Test-friendly knobs, read by the handlers from the environment like any deployment setting.
  process.env.CATALOG_TTL_MS ??= '200';
  process.env.ANONYMOUS_RATE_PER_MINUTE ??= '300';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // Each function builds its own dependencies, as each Lambda does on AWS, so a revocation written by
  // `account` reaches `cart-api` after its "not revoked" cache (1 s, docs/security.md residual):
  // tests that delete an account and use its token at once read the revocation every time.
  process.env.REVOCATION_CACHE_MS ??= '0';
  // Merchant webhooks retry after 1 s each instead of 5 s ... 10 h, so a test sees a delivery reach the DLQ.
  process.env.WEBHOOK_RETRY_DELAYS ??= '1,1,1,1,1,1,1';
  stack = await startLocalStack({ port: 0, quiet: true });
  const env: Record<string, string> = { ...stack.env };
  for (const name of [
    'CATALOG_TTL_MS',
    'ANONYMOUS_RATE_PER_MINUTE',
    'POWERTOOLS_LOG_LEVEL',
    'REVOCATION_CACHE_MS',
    'WEBHOOK_RETRY_DELAYS',
  ]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  project.provide('localStack', {
    apiUrl: stack.apiUrl,
    wsUrl: stack.wsUrl,
    env,
    cartTokenSecret: stack.cartTokenSecret,
    cognitoPoolFile: stack.hostedSignIn.poolFile,
  });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
