import { deriveOrderAccessToken, ORDER_ACCESS_PURPOSE } from '../domain/order-access.js';
import type { Deps } from '../runtime/deps.js';

/**
 * The access token of an order, derived with the deployment's order access
 * key (from the cart token secret, `deps.cartTokens`): the same token at
 * checkout, in the payment return links and in the receipt link, without the
 * token ever being stored. A function that calls this lists `secrets-manager`
 * in its topology entry.
 *
 * @example
 * ```ts
 * const token = await orderAccessToken(deps, order.orderId);
 * ```
 */
export async function orderAccessToken(deps: Pick<Deps, 'cartTokens'>, orderId: string): Promise<string> {
  const signer = await deps.cartTokens();
  return deriveOrderAccessToken(signer.derivedKey(ORDER_ACCESS_PURPOSE), orderId);
}
