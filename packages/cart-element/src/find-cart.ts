import type { ShoppingCart } from './shopping-cart.js';

const TAG = 'shopping-cart';

function isCart(element: Element | null | undefined): element is ShoppingCart {
  return element?.localName === TAG;
}

/** The closest `<shopping-cart>` around `from`, crossing shadow roots outwards. */
function closestCart(from: Element): ShoppingCart | null {
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
export function findCart(from: Element, id?: string | null): ShoppingCart | null {
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
  return isCart(inTree) ? inTree : (document.querySelector(TAG) as ShoppingCart | null);
}
