import { describe, expect, it } from 'vitest';
import { loadConfig, PAYMENT_WINDOW } from './config.js';
import { TABLES } from './topology/tables.js';
import { ENV } from './topology/env.js';

/** The least a function's environment holds, as the CDK app and the local stack set it. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(TABLES.map((table) => [table.envVar, `${table.id}-table`])),
    [ENV.cartTokenSecret]: 'a-local-secret-of-enough-length-000000',
    [ENV.userPoolId]: 'us-east-1_Pool',
    [ENV.userPoolClientId]: 'client',
    [ENV.realtimeUrl]: 'ws://127.0.0.1:1/ws',
    ...extra,
  };
}

describe('the payment window', () => {
  it('defaults to 31 minutes, so the Checkout Session asked for is never under Stripe’s 30-minute minimum when it arrives', () => {
    expect(loadConfig(env()).paymentWindowSeconds).toBe(31 * 60);
    expect(PAYMENT_WINDOW.defaultSeconds).toBeGreaterThanOrEqual(PAYMENT_WINDOW.minSeconds);
  });

  it('refuses exactly 1800 s (Stripe refuses it whenever the request crosses a second) and more than a day, naming the variable', () => {
    for (const seconds of ['1800', '1829', '86371']) {
      expect(() => loadConfig(env({ [ENV.paymentWindowSeconds]: seconds }))).toThrow(
        /PAYMENT_WINDOW_SECONDS must be between 1830 and 86370/,
      );
    }
    expect(loadConfig(env({ [ENV.paymentWindowSeconds]: '1830' })).paymentWindowSeconds).toBe(1830);
  });
});

describe('the abandoned-cart threshold', () => {
  it("is the shop's afterHours unless CART_REMINDER_AFTER_SECONDS says otherwise (seconds, or off)", () => {
    expect(loadConfig(env()).cartReminderAfterSeconds).toBe(24 * 3600);
    expect(loadConfig(env({ [ENV.cartReminderAfterSeconds]: '90' })).cartReminderAfterSeconds).toBe(90);
    expect(loadConfig(env({ [ENV.cartReminderAfterSeconds]: 'off' })).cartReminderAfterSeconds).toBeNull();
    for (const bad of ['0', '-5', '1.5', 'never']) {
      expect(() => loadConfig(env({ [ENV.cartReminderAfterSeconds]: bad }))).toThrow(/CART_REMINDER_AFTER_SECONDS/);
    }
  });
});

describe('federated sign-in (OAUTH_CONFIG)', () => {
  const oauth = {
    domain: 'https://shop.auth.us-east-1.amazoncognito.com',
    providers: [{ id: 'Google', name: 'Google' }],
    redirectUri: 'https://api.example/api/auth/callback',
    logoutUri: 'https://api.example/api/auth/signed-out',
  };

  it('is null when unset, empty or without providers, and the announced object otherwise', () => {
    expect(loadConfig(env()).oauth).toBeNull();
    expect(loadConfig(env({ [ENV.oauth]: '' })).oauth).toBeNull();
    expect(loadConfig(env({ [ENV.oauth]: JSON.stringify({ ...oauth, providers: [] }) })).oauth).toBeNull();
    expect(loadConfig(env({ [ENV.oauth]: JSON.stringify(oauth) })).oauth).toEqual(oauth);
  });

  it('refuses what is not JSON of that shape, naming the variable', () => {
    for (const bad of [
      '{',
      '[]',
      JSON.stringify({ ...oauth, domain: 'not a url' }),
      JSON.stringify({ domain: oauth.domain }),
    ]) {
      expect(() => loadConfig(env({ [ENV.oauth]: bad })), bad).toThrow(/OAUTH_CONFIG must be JSON/);
    }
  });
});
