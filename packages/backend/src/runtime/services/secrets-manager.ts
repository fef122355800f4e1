import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CartTokenSigner } from '../../adapters/cart-token.js';
import type { ServiceModule } from '../deps.js';

/**
 * The anonymous cart token signer. Its key is given directly on the local
 * stack, or read once per cold start from Secrets Manager on AWS (on first
 * use, so a function that never meets a cart token never reads it).
 */
export const secretsManager: ServiceModule<'secrets-manager'> = (config) => ({
  cartTokens: once(
    async () =>
      new CartTokenSigner(config.cartTokenSecret ?? (await readSecret(config.region, config.cartTokenSecretArn ?? ''))),
  ),
});

/** Memoizes an async factory; a failure is not remembered, so the next call retries. */
function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= factory().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

async function readSecret(region: string, arn: string): Promise<string> {
  const client = new SecretsManagerClient({ region });
  const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!result.SecretString) throw new Error('The cart token secret is empty');
  return result.SecretString;
}
