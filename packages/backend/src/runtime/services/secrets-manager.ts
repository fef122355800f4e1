import { CartTokenSigner } from '../../adapters/cart-token.js';
import { readSecret } from '../../adapters/secrets-extension.js';
import type { ServiceModule } from '../deps.js';

/**
 * The anonymous cart token signer. Its key is read once per cold start from
 * Secrets Manager through the Parameters and Secrets extension (its stand-in
 * on the local stack), on first use, so a function that never meets a cart
 * token never reads it; a config built by hand may give it directly.
 */
export const secretsManager: ServiceModule<'secrets-manager'> = (config) => ({
  cartTokens: once(
    async () =>
      new CartTokenSigner(
        config.cartTokenSecret ?? (await readSecret(config.secretsExtension, config.cartTokenSecretArn ?? '')),
      ),
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
