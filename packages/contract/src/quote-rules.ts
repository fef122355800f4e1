/**
 * Does this problem stop `POST /cart/checkout` (422 `CHECKOUT_BLOCKED`) until
 * the shopper fixes it? Every problem does except `PRICE_CHANGED`, a notice:
 * the quote already charges the new price and `expectedTotal` guards the
 * charge. Codes this client does not know (a newer server) block too.
 *
 * Its own module (no valibot) so bundles that only need this rule, such as the
 * SDK's and the element's lazy checkout chunks, take nothing else with it.
 *
 * @example
 * ```ts
 * import { blocksCheckout } from '@cartkit/contract/quote-rules';
 * const canPay = quote.problems.every((problem) => !blocksCheckout(problem));
 * ```
 */
export function blocksCheckout(problem: { readonly code: string }): boolean {
  return problem.code !== 'PRICE_CHANGED';
}
