import type { Cart, Product } from './sdk.js';

/**
 * What an add button, or host code, may ask of a `<shopping-cart>` it found:
 * `ShoppingCart` implements it. Add buttons need only `add`.
 *
 * @example
 * ```ts
 * const cart: CartTarget | null = findCart(button);
 * await cart?.add('MUG-1', 2, { open: false });
 * ```
 */
export interface CartTarget extends HTMLElement {
  /** The cart as shown, or `null` before it loads. */
  readonly cart: Cart | null;
  /** Adds at once (optimistic), announces it and opens the drawer unless `open: false`; rejects after a rollback. */
  add(sku: string, quantity?: number, options?: { product?: Product; open?: boolean }): Promise<Cart>;
  /** Opens the drawer. */
  show(): void;
  /** Closes the drawer. */
  close(): void;
}

const TAG = 'shopping-cart';

function isCart(element: Element | null | undefined): element is CartTarget {
  return element?.localName === TAG;
}

/** The closest `<shopping-cart>` around `from`, crossing shadow roots outwards. */
function closestCart(from: Element): CartTarget | null {
  let node: Element | null = from;
  while (node) {
    const found = node.closest(TAG);
    if (isCart(found)) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * Which `<shopping-cart>` an add button talks to:
 * 1. with an id (`cart="main"` or `data-cart="main"`), the `<shopping-cart id="main">`
 *    in the button's tree or the document, and no other;
 * 2. else the `<shopping-cart>` the button sits inside;
 * 3. else the first `<shopping-cart>` in the button's tree, then in the document.
 *
 * @example
 * ```ts
 * findCart(button, button.dataset.cart)?.add('MUG-1');
 * ```
 */
export function findCart(from: Element, id?: string | null): CartTarget | null {
  const root = from.getRootNode();
  if (id) {
    const scoped = root instanceof ShadowRoot || root instanceof Document ? root.getElementById(id) : null;
    const named = isCart(scoped) ? scoped : document.getElementById(id);
    if (isCart(named)) return named;
    console.warn(`cartkit: no <shopping-cart id="${id}"> on the page`);
    return null;
  }
  const around = closestCart(from);
  if (around) return around;
  const inTree = root instanceof ShadowRoot ? root.querySelector(TAG) : null;
  return isCart(inTree) ? inTree : (document.querySelector(TAG) as CartTarget | null);
}
