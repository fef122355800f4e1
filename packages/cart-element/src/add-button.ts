import { LIMITS } from '@cartkit/contract/values';
import { findCart } from './find-cart.js';
import type { Cart, Product } from './sdk.js';

/** What an add button shows: nothing yet, just added, or the add failed. */
export type AddFeedback = 'idle' | 'added' | 'error';

/** What one click of an add button asks for. */
export interface AddRequest {
  readonly sku: string;
  /** As written on the button (`quantity`, `data-cart-quantity`); see `parseQuantity`. */
  readonly quantity: string | null;
  /** The id of the `<shopping-cart>` to add to (`cart`, `data-cart`); empty or null: see `findCart`. */
  readonly cartId: string | null;
  /** The product, if known, so the optimistic line shows its name and price at once. */
  readonly product?: Product | undefined;
}

const FEEDBACK_MS = 2000;
const timers = new WeakMap<Element, ReturnType<typeof setTimeout>>();

/** Parses a button's quantity, defaulting to 1 and clamping to the contract's limits. */
export function parseQuantity(value: string | null | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  if (!Number.isFinite(n)) return 1;
  return Math.min(Math.max(n, LIMITS.minQuantity), LIMITS.maxQuantity);
}

/**
 * The behaviour every add button shares, `<add-to-cart>` and `data-cart-add`
 * alike: find the button's cart, add (the cart changes at once and announces
 * it), show `added` at once, then `added` or `error` when the server answers,
 * and `idle` two seconds after the last change. `show` puts the feedback where
 * the button keeps it (a reflected property, a data attribute). Resolves with
 * the server's cart; undefined (nothing happens) when no cart is found.
 *
 * @example
 * ```ts
 * addFromButton(button, { sku: 'MUG-1', quantity: '2', cartId: null }, (state) => (button.dataset.state = state));
 * ```
 */
export function addFromButton(
  button: Element,
  request: AddRequest,
  show: (feedback: AddFeedback) => void,
): Promise<Cart> | undefined {
  const cart = findCart(button, request.cartId || null);
  if (!cart || !request.sku) return undefined;
  const flash = (feedback: Exclude<AddFeedback, 'idle'>): void => {
    show(feedback);
    clearTimeout(timers.get(button));
    timers.set(
      button,
      setTimeout(() => show('idle'), FEEDBACK_MS),
    );
  };
  const options = request.product ? { product: request.product } : {};
  const result = cart.add(request.sku, parseQuantity(request.quantity), options);
  // The optimistic update has already happened when `add` returns: show it at once.
  flash('added');
  result.then(
    () => flash('added'),
    () => flash('error'),
  );
  return result;
}

/** Stops a button's pending feedback timer (it left the page). */
export function stopFeedback(button: Element): void {
  clearTimeout(timers.get(button));
  timers.delete(button);
}
