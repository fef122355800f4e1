import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type CartOpenTrigger, cartEvent } from '../events.js';

/** What the drawer controller needs from its host. */
export interface DrawerHost extends ReactiveControllerHost, HTMLElement {
  open: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The element with focus, looking inside open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/**
 * Keeps a `<dialog>` in step with the host's reflected `open` property: opens
 * it modally (focus trapped, background inert, Esc closes), fires the
 * cancelable `cart:open` and `cart:close`, and returns focus to whatever had it
 * before the drawer opened.
 *
 * @example
 * ```ts
 * #drawer = new DrawerController(this, () => this.renderRoot.querySelector('dialog'));
 * show() { this.#drawer.show('method'); }
 * ```
 */
export class DrawerController implements ReactiveController {
  #host: DrawerHost;
  #dialog: () => HTMLDialogElement | null;
  #opener: HTMLElement | null = null;

  constructor(host: DrawerHost, dialog: () => HTMLDialogElement | null) {
    this.#host = host;
    this.#dialog = dialog;
    host.addController(this);
  }

  /**
   * Opens the drawer unless a `cart:open` listener calls `preventDefault()`.
   * Returns whether it is open afterwards.
   */
  show(trigger: CartOpenTrigger, sku?: string): boolean {
    if (this.#host.open) return true;
    const detail = sku === undefined ? { trigger } : { trigger, sku };
    if (!this.#host.dispatchEvent(cartEvent('cart:open', detail, { cancelable: true }))) return false;
    this.#opener = deepActiveElement();
    this.#host.open = true;
    return true;
  }

  /** Closes the drawer (fires `cart:close` if it was open). */
  close(): void {
    if (!this.#host.open) return;
    this.#host.open = false;
    this.#host.dispatchEvent(cartEvent('cart:close', {}));
  }

  /** For the dialog's `close` event: Esc or `dialog.close()` from anywhere. */
  readonly onDialogClose = (): void => {
    this.close();
    this.#restoreFocus();
  };

  /** For clicks on the dialog: a click on the backdrop (the dialog box itself) closes. */
  readonly onDialogClick = (event: MouseEvent): void => {
    if (event.target === event.currentTarget) this.close();
  };

  hostUpdated(): void {
    const dialog = this.#dialog();
    if (!dialog || !this.#host.isConnected) return;
    if (this.#host.open && !dialog.open) {
      this.#opener ??= deepActiveElement();
      dialog.showModal();
    } else if (!this.#host.open && dialog.open) {
      dialog.close();
    }
  }

  hostDisconnected(): void {
    this.#opener = null;
  }

  #restoreFocus(): void {
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
  }
}
