import type { FunctionName } from './functions.js';

/**
 * The user pool's Lambda triggers, defined once: the CDK app wires each operation to its
 * function when the pool has federated providers. cognito-local cannot call them, so the
 * local hosted sign-in stand-in makes the same calls itself (`adapters/account-linking.ts`).
 */
export const USER_POOL_TRIGGERS = [{ operation: 'preSignUp', handler: 'pre-sign-up' }] as const satisfies readonly {
  operation: 'preSignUp';
  handler: FunctionName;
}[];
