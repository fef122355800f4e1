import { LIMITS } from '@cartkit/contract/values';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cartEvent } from './events.js';
import { isCartError, isUnreachableError } from './sdk.js';
import { type CartStrings, fill } from './strings.js';

/** Each API error code the shopper can act on → its string; every other code gets `errorGeneric`. */
const CODE_MESSAGES: Readonly<Record<string, keyof CartStrings>> = {
  OUT_OF_STOCK: 'errorOutOfStock',
  UNKNOWN_SKU: 'errorUnknownProduct',
  QUANTITY_LIMIT: 'errorQuantityLimit',
  CART_FULL: 'errorCartFull',
  RATE_LIMITED: 'errorRateLimited',
  VERSION_CONFLICT: 'errorConflict',
  CHECKOUT_IN_PROGRESS: 'errorCheckoutInProgress',
  CHECKOUT_BLOCKED: 'errorCheckoutBlocked',
  QUOTE_CHANGED: 'errorQuoteChanged',
  UNAUTHORIZED: 'errorSignedOut',
  AUTH_FAILED: 'errorSignedOut',
};

/**
 * A message fit to show a shopper, from the error's code alone: one replaceable
 * string per code, naming the product (`nameOf` turns the problem's `sku` into
 * the product's name; "this item" when unknown). The server's own text (its
 * `detail`, SKUs, internal names) is never shown.
 *
 * @example
 * ```ts
 * errorMessage(snapshot.error, defaultStrings); // "We couldn't reach the shop. Please try again."
 * errorMessage(outOfStock, defaultStrings, () => 'Classic tee'); // "Sorry, Classic tee is sold out."
 * ```
 */
export function errorMessage(
  error: unknown,
  strings: CartStrings,
  nameOf: (sku: string) => string | undefined = () => undefined,
): string {
  if (!isCartError(error)) return strings.errorGeneric;
  if (isUnreachableError(error)) return strings.errorUnreachable;
  // A refused provider sign-in (its return to the page) is not a session that ended.
  const key = error.name === 'OAuthError' ? 'errorProviderSignIn' : CODE_MESSAGES[error.code];
  const template = key ? strings[key] : undefined;
  if (!template) return strings.errorGeneric;
  const problem = error.problem as { sku?: unknown; max?: unknown } | undefined;
  const sku = typeof problem?.sku === 'string' ? problem.sku : '';
  const max = typeof problem?.max === 'number' ? problem.max : LIMITS.maxQuantity;
  return fill(template, { name: (sku && nameOf(sku)) || strings.thisItem, max });
}

/** A mutation dropped on purpose (sign-out, destroy) is not something to show. */
function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'CancelledError';
}

/**
 * Reports each failure once, however many paths see it (the rejected promise
 * and the snapshot's `error`): fires `cart:error` and keeps it as `current` for
 * the drawer's alert until dismissed.
 *
 * @example
 * ```ts
 * #errors = new ErrorReporter(this, (error) => announce(error));
 * client.add(sku).catch((e) => this.#errors.report(e));
 * ```
 */
export class ErrorReporter implements ReactiveController {
  /** The error the drawer shows, if any. */
  current: unknown = undefined;

  #host: ReactiveControllerHost & EventTarget;
  #onReport: (error: unknown) => void;
  #seen = new WeakSet<object>();

  constructor(host: ReactiveControllerHost & EventTarget, onReport: (error: unknown) => void = () => {}) {
    this.#host = host;
    this.#onReport = onReport;
    host.addController(this);
  }

  report(error: unknown): void {
    if (isCancellation(error)) return;
    if (typeof error === 'object' && error !== null) {
      if (this.#seen.has(error)) return;
      this.#seen.add(error);
    }
    this.current = error;
    this.#host.dispatchEvent(cartEvent('cart:error', { error }));
    this.#onReport(error);
    this.#host.requestUpdate();
  }

  dismiss(): void {
    this.current = undefined;
    this.#host.requestUpdate();
  }

  hostConnected(): void {}
}
