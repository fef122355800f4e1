import { addFromButton } from './add-button.js';

const INSTALLED = Symbol.for('cartkit.delegated-add');

function onClick(event: Event): void {
  const button = event
    .composedPath()
    .find((node): node is HTMLElement => node instanceof HTMLElement && node.hasAttribute('data-cart-add'));
  const sku = button?.getAttribute('data-cart-add');
  if (!button || !sku) return;
  // The element is declared an add button: it must not also follow a link or submit a form.
  event.preventDefault();
  // A link cannot be `disabled`; `aria-disabled="true"` (e.g. sold out) says the same.
  if (button.getAttribute('aria-disabled') === 'true' || button.hasAttribute('disabled')) return;
  const request = {
    sku,
    quantity: button.getAttribute('data-cart-quantity'),
    cartId: button.getAttribute('data-cart'),
  };
  addFromButton(button, request, (state) => {
    if (state === 'idle') button.removeAttribute('data-cart-state');
    else button.setAttribute('data-cart-state', state);
  });
}

/**
 * Makes every element with `data-cart-add="SKU"` (optional `data-cart-quantity`,
 * `data-cart`) an add button, through one click listener on `document`; it
 * behaves as `<add-to-cart>` does (`addFromButton`).
 * Safe to call many times, even from two copies of this library.
 *
 * @example
 * ```ts
 * installDelegatedAdd(); // <button data-cart-add="MUG-1">Add</button> now works
 * ```
 */
export function installDelegatedAdd(doc: Document = document): void {
  const flagged = doc as Document & { [INSTALLED]?: true };
  if (flagged[INSTALLED]) return;
  flagged[INSTALLED] = true;
  doc.addEventListener('click', onClick);
}
