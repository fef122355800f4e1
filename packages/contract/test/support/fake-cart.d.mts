import type { CartLine, Product } from '../../src/index.js';

/** A cart line for `quantity` of `product`, priced as the API prices it. */
export declare function cartLine(
  product: Pick<Product, 'sku' | 'name' | 'unitPrice' | 'image'>,
  quantity: number,
): CartLine;
/** The totals of a cart with these lines: item count and subtotal, in minor units. */
export declare function cartTotals(items: readonly Pick<CartLine, 'quantity' | 'lineTotal'>[]): {
  itemCount: number;
  subtotal: number;
};
