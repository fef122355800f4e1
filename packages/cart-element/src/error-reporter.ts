import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cartEvent } from './events.js';
import { isCartError } from './sdk.js';
import type { CartStrings } from './strings.js';

/** Codes meaning "the server could not be reached" (network down, timeout, 503), not "the server said no". */
const UNREACHABLE = new Set(['NETWORK_ERROR', 'TIMEOUT', 'UNAVAILABLE']);

/**
 * A message fit to show a shopper: `errorUnreachable` when the shop could not
 * be reached, else the server's problem detail or title when it sent one, else
 * the generic string (never a stack or an internal name).
 *
 * @example
 * ```ts
 * errorMessage(snapshot.error, defaultStrings); // "We couldn't reach the shop. Please try again."
 * ```
 */
export function errorMessage(error: unknown, strings: CartStrings): string {
  if (isCartError(error)) {
    if (UNREACHABLE.has(error.code)) return strings.errorUnreachable;
    const problem = (error as { problem?: { detail?: string; title?: string } }).problem;
    return problem?.detail || problem?.title || strings.errorGeneric;
  }
  return strings.errorGeneric;
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
