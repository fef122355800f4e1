import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { type AwsService, FUNCTIONS, type FunctionDefinition } from '../src/topology/functions.js';
import { BACKEND_DIR } from './paths.js';

/**
 * The packages each service's client comes from. Secrets (the cart token key, the Stripe keys) are read
 * through the Parameters and Secrets extension over HTTP, so no function bundles a Secrets Manager client.
 */
const SERVICE_PACKAGES: Readonly<Record<AwsService, readonly string[]>> = {
  dynamodb: ['@aws-sdk/client-dynamodb'],
  sqs: ['@aws-sdk/client-sqs'],
  'secrets-manager': [],
  'cognito-idp': ['@aws-sdk/client-cognito-identity-provider'],
  'cognito-jwks': ['aws-jwt-verify'],
  'apigateway-management': ['@aws-sdk/client-apigatewaymanagementapi'],
  stripe: ['stripe'],
  ses: ['@aws-sdk/client-sesv2'],
};
/** Packages no function bundles. */
const NEVER_BUNDLED = ['@aws-sdk/client-secrets-manager'];
const CLIENT_PACKAGES = [...new Set([...Object.values(SERVICE_PACKAGES).flat(), ...NEVER_BUNDLED])];

/** The client packages an esbuild bundle of the handler holds, bundled as `Functions` bundles it. */
async function clientsIn(name: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(BACKEND_DIR, 'src', 'handlers', `${name}.ts`)],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    metafile: true,
    outfile: 'index.mjs',
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const packages = new Set<string>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    if (bytesInOutput === 0) continue; // imported, then shaken out entirely
    for (const pkg of CLIENT_PACKAGES) if (input.includes(`node_modules/${pkg}/`)) packages.add(pkg);
  }
  return [...packages].sort();
}

describe('Lambda bundles', () => {
  it.each((FUNCTIONS as readonly FunctionDefinition[]).map((fn) => [fn.name, fn] as const))(
    '%s bundles the clients of exactly the services its topology entry lists',
    async (_name, fn) => {
      expect(await clientsIn(fn.name)).toEqual(
        [...new Set(fn.services.flatMap((service) => SERVICE_PACKAGES[service]))].sort(),
      );
    },
  );
});
