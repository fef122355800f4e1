import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { assembleDeps, type Deps, functionDeps, setDeps } from './deps.js';
import { sqs } from './services/sqs.js';

const ENVIRONMENT = {
  CARTS_TABLE: 'c',
  PRODUCTS_TABLE: 'p',
  ORDERS_TABLE: 'o',
  CONNECTIONS_TABLE: 'x',
  RATE_LIMITS_TABLE: 'r',
  PRODUCT_CARTS_TABLE: 'pc',
  REVOCATIONS_TABLE: 'rv',
  DISCOUNTS_TABLE: 'dc',
  WEBHOOKS_TABLE: 'wh',
  USER_POOL_ID: 'us-east-1_test',
  USER_POOL_CLIENT_ID: 'client',
  REALTIME_URL: 'ws://127.0.0.1/ws',
  CART_TOKEN_SECRET: 's'.repeat(32),
};
const config = loadConfig(ENVIRONMENT);

describe('a function’s dependencies', () => {
  afterEach(() => {
    setDeps(undefined);
    vi.unstubAllEnvs();
  });

  it('carry the shop configuration of data/shop.json, validated once, in the deployment currency', () => {
    const deps = assembleDeps('cart-api', config, {});

    expect(deps.shop.currency).toBe('USD');
    expect(deps.shop.countries).toContain('US');
    expect(() => assembleDeps('cart-api', { ...config, currency: 'EUR' }, {})).toThrow(
      /CURRENCY is EUR but data\/shop\.json says USD/,
    );
  });

  it('builds the members of the services it is given and refuses the others, naming the topology', async () => {
    const deps = assembleDeps('ws-default', config, { sqs: sqs as never });

    expect(deps.queue).toBeDefined();
    expect(deps.config).toBe(config);
    await expect(async () => deps.users.email('someone')).rejects.toThrow(
      /ws-default used deps\.users.*cognito-idp.*src\/topology\/functions\.ts/,
    );
    await expect(async () => (await deps.cartTokens()).issue(0)).rejects.toThrow(/deps\.cartTokens.*secrets-manager/);
    // A refused member can still travel through `await` (a promise's `then` is not a use).
    expect(await Promise.resolve(deps.notifier)).toBe(deps.notifier);
  });

  it('hands every function what setDeps set, and its own build again after setDeps(undefined)', async () => {
    const getDeps = functionDeps('ws-default', {});
    const replaced = { ...assembleDeps('test', config, {}), now: () => 1 } as Deps;

    setDeps(replaced);
    expect(await getDeps()).toBe(replaced);
    setDeps(undefined);
    // Its own build reads the environment, as on Lambda: give it one, whatever else ran in this process.
    for (const [name, value] of Object.entries(ENVIRONMENT)) vi.stubEnv(name, value);
    const own = await getDeps();
    expect(own).not.toBe(replaced);
    expect(await getDeps()).toBe(own);
  });
});
