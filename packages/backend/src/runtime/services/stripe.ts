import { readSecret } from '../../adapters/secrets-extension.js';
import { StripePayments } from '../../adapters/stripe-payments.js';
import type { BackendConfig } from '../../config.js';
import type { ServiceModule } from '../deps.js';

/**
 * The payment provider (Stripe Checkout). Its keys come from the environment
 * on the local stack (the stand-in's per-start test keys, and its host), or
 * once per cold start from the Stripe secret in Secrets Manager on AWS (through
 * the Parameters and Secrets extension)
 * (`{"secretKey": "sk_...", "webhookSecret": "whsec_..."}`), on first use.
 */
export const stripe: ServiceModule<'stripe'> = (config) => {
  let provider: Promise<StripePayments> | undefined;
  return {
    payments: () => {
      provider ??= build(config).catch((error: unknown) => {
        provider = undefined;
        throw error;
      });
      return provider;
    },
  };
};

async function build(config: BackendConfig): Promise<StripePayments> {
  const keys =
    config.stripe.secretKey && config.stripe.webhookSecret
      ? { secretKey: config.stripe.secretKey, webhookSecret: config.stripe.webhookSecret }
      : await readKeys(config, config.stripe.secretArn);
  const api = config.stripe.apiUrl ? new URL(config.stripe.apiUrl) : undefined;
  return new StripePayments(
    keys,
    api && {
      host: api.hostname,
      port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
      protocol: api.protocol === 'https:' ? 'https' : 'http',
    },
  );
}

async function readKeys(
  config: BackendConfig,
  arn: string | null,
): Promise<{ secretKey: string; webhookSecret: string }> {
  if (!arn) throw new Error('Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or STRIPE_SECRET_ARN');
  const value = await readSecret(config.secretsExtension, arn);
  let parsed: { secretKey?: unknown; webhookSecret?: unknown };
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('The Stripe secret must be JSON: {"secretKey": "sk_...", "webhookSecret": "whsec_..."}');
  }
  if (typeof parsed.secretKey !== 'string' || typeof parsed.webhookSecret !== 'string') {
    throw new Error('The Stripe secret must hold secretKey and webhookSecret');
  }
  return { secretKey: parsed.secretKey, webhookSecret: parsed.webhookSecret };
}
