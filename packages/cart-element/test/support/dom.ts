import type { ShoppingCart } from '../../src/shopping-cart.js';

/** An element in `<shopping-cart>`'s shadow root. */
export function part<E extends Element = HTMLElement>(cart: ShoppingCart, selector: string): E {
  const found = cart.shadowRoot!.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in <shopping-cart>`);
  return found;
}

/** All matching elements in `<shopping-cart>`'s shadow root. */
export function parts<E extends Element = HTMLElement>(cart: ShoppingCart, selector: string): E[] {
  return [...cart.shadowRoot!.querySelectorAll<E>(selector)];
}

/** The badge's text. */
export function badge(cart: ShoppingCart): string {
  return part(cart, '[part="badge"]').textContent!.trim();
}

/** The element with focus, looking inside shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The text of the live regions. */
export function announced(cart: ShoppingCart): string {
  return parts(cart, '[role="status"]')
    .map((r) => r.textContent!.trim())
    .join(' ');
}
