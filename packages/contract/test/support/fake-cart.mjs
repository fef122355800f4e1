// Wire-shaped carts for the fake APIs that tests and benchmarks put in front of
// the SDK and the element (cart-sdk's msw fake, cart-element's msw mock, the
// benchmarks' tiny HTTP servers): a line priced from its product, and the
// totals the real API derives from the lines. Plain JavaScript, so a browser
// test, a vitest file and a `node` script can all import it.

/**
 * A cart line for `quantity` of `product`, priced as the API prices it.
 * @example
 *   cartLine({ sku: 'TEE', name: 'Tee', unitPrice: 1900, image: '' }, 2); // lineTotal 3800
 * @param {{ sku: string; name: string; unitPrice: number; image: string }} product
 * @param {number} quantity
 */
export function cartLine(product, quantity) {
  return {
    sku: product.sku,
    name: product.name,
    unitPrice: product.unitPrice,
    quantity,
    lineTotal: product.unitPrice * quantity,
    image: product.image,
  };
}

/**
 * The totals of a cart with these lines: item count and subtotal, in minor units.
 * @example
 *   cartTotals([cartLine(tee, 2)]); // { itemCount: 2, subtotal: 3800 }
 * @param {readonly { quantity: number; lineTotal: number }[]} items
 */
export function cartTotals(items) {
  return {
    itemCount: items.reduce((n, l) => n + l.quantity, 0),
    subtotal: items.reduce((n, l) => n + l.lineTotal, 0),
  };
}
