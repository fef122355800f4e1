import { LIMITS } from '@cartkit/contract';
import { findCart } from './find-cart.js';

const INSTALLED = Symbol.for('cartkit.delegated-add');
const FEEDBACK_MS = 2000;

/** Parses `data-cart-quantity`, defaulting to 1 and clamping to the contract's limits. */
export function parseQuantity(value: string | null | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  if (!Number.isFinite(n)) return 1;
  return Math.min(Math.max(n, LIMITS.minQuantity), LIMITS.maxQuantity);
}

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
  const cart = findCart(button, button.getAttribute('data-cart'));
  if (!cart) return;
  button.setAttribute('data-cart-state', 'adding');
  const settle = (state: 'added' | 'error') => {
    button.setAttribute('data-cart-state', state);
    setTimeout(() => {
      if (button.getAttribute('data-cart-state') === state) button.removeAttribute('data-cart-state');
    }, FEEDBACK_MS);
  };
  // The optimistic update has already happened when `add` returns; show it at once.
  const result = cart.add(sku, parseQuantity(button.getAttribute('data-cart-quantity')));
  button.setAttribute('data-cart-state', 'added');
  result.then(
    () => settle('added'),
    () => settle('error'),
  );
}

/**
 * Makes every element with `data-cart-add="SKU"` (optional `data-cart-quantity`,
 * `data-cart`) an add button, through one click listener on `document`.
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
