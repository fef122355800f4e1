import { describe, expect, it } from 'vitest';
import { TABLES } from '../src/topology/tables.js';
import { FUNCTIONS } from '../src/topology/functions.js';
import { cartkitStack, lambda, resources } from './testing.js';

const HANDLERS = FUNCTIONS.map((fn) => fn.name);

/** What `loadConfig` (src/config.ts) requires, plus what the handlers' adapters read. */
const REQUIRED_ENV = [
  ...TABLES.map((t) => t.envVar),
  'USER_POOL_ID',
  'USER_POOL_CLIENT_ID',
  'REALTIME_URL',
  'CONNECTIONS_ENDPOINT',
  'PUBLIC_ASSET_BASE_URL',
  'ORDERS_QUEUE_URL',
  'CLEANUP_QUEUE_URL',
  'CURRENCY',
  'CART_TOKEN_SECRET_ARN',
  'ALLOWED_ORIGINS',
  'ANONYMOUS_RATE_PER_MINUTE',
  'MUTATION_RATE_PER_MINUTE',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
];

describe('Functions', () => {
  const { template } = cartkitStack({ allowedOrigins: 'https://shop.example.com', lambdaMemoryMb: '1024' });

  it('deploys one function per handler file, on Node 22 and arm64 with active tracing', () => {
    expect(
      resources(template, 'AWS::Lambda::Function').filter(([, r]) =>
        String(r.Properties.Description).startsWith('cartkit '),
      ),
    ).toHaveLength(HANDLERS.length);
    for (const name of HANDLERS) {
      const [, fn] = lambda(template, name);
      expect(fn.Properties.Runtime, name).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, name).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Handler, name).toBe('index.handler');
      expect(fn.Properties.MemorySize, name).toBe(1024);
    }
  });

  it('gives every handler the configuration loadConfig reads, and no plaintext secret', () => {
    for (const { name, trigger } of FUNCTIONS) {
      const [, fn] = lambda(template, name);
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      // A user pool trigger reads no pool ids from its environment (POOL_BOUND_ENV): its event carries them.
      const required =
        trigger === 'cognito' ? REQUIRED_ENV.filter((key) => !key.startsWith('USER_POOL_')) : REQUIRED_ENV;
      expect(Object.keys(env), name).toEqual(expect.arrayContaining(required));
      if (trigger === 'cognito') expect(Object.keys(env), name).not.toContain('USER_POOL_ID');
      expect(env, name).not.toHaveProperty('CART_TOKEN_SECRET');
      expect(env.CART_TOKEN_SECRET_ARN, name).toEqual({ Ref: expect.stringMatching(/^CartTokenSecret/) });
    }
  });

  it('allows the configured origins and the distribution itself, through ALLOWED_ORIGINS', () => {
    const [, fn] = lambda(template, 'cart-api');
    const origins = JSON.stringify(
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.ALLOWED_ORIGINS,
    );

    expect(origins).toContain('https://shop.example.com');
    expect(origins).toMatch(/"Fn::GetAtt":\["HostingDistribution[0-9A-F]{8}","DomainName"\]/);
  });

  it('writes logs to a log group per function with a retention', () => {
    const groups = resources(template, 'AWS::Logs::LogGroup').filter(([id]) => id.startsWith('Functions'));

    expect(groups).toHaveLength(HANDLERS.length);
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBe(30);
  });

  it('uses no AWS managed policy on the handler roles', () => {
    for (const [id, role] of resources(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('Functions'))) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });
});
