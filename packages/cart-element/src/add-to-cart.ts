import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { type AddFeedback, addFromButton, stopFeedback } from './add-button.js';
import type { Product } from './sdk.js';
import { addToCartStyles } from './styles/add-to-cart.styles.js';
import { theme } from './styles/theme.js';

/** What an `<add-to-cart>` shows: nothing yet, just added, or the add failed. */
export type AddToCartStatus = AddFeedback;

/**
 * An add-to-cart button for product pages. It talks to the `<shopping-cart>`
 * named by `cart` (an id), else the one it sits in, else the first on the page.
 * The cart changes at once (optimistic) and the addition is announced.
 *
 * @example
 * ```html
 * <add-to-cart sku="MUG-1" quantity="2">Add to cart</add-to-cart>
 * <add-to-cart sku="MUG-2" disabled>Sold out</add-to-cart>
 * ```
 *
 * A `product` with `variants` (as `GET /products/{sku}` answers) gets an option picker (its own
 * lazy chunk, src/option-picker.ts, in the drawer's) that sets `sku` to the chosen variant's; a variant's SKU in
 * `sku` adds it as is.
 *
 * @slot - The button's label (default "Add to cart").
 * @csspart button - The button.
 * @csspart feedback - The ✓ / ! shown briefly after a click.
 * @cssprop [--cart-accent=#0b57d0] - Button background.
 * @cssprop [--cart-accent-fg=#ffffff] - Button text.
 * @cssprop [--cart-radius=8px] - Corner radius.
 */
export class AddToCart extends LitElement {
  static override styles = [theme, addToCartStyles];

  /** The SKU to add. */
  @property({ reflect: true }) sku = '';

  /** How many to add (1..99). */
  @property({ type: Number }) quantity = 1;

  /** The id of the `<shopping-cart>` to add to; default: the enclosing or first one. */
  @property({ attribute: 'cart' }) cartId = '';

  /** The product, if known, so the optimistic line shows its name and price at once. */
  @property({ attribute: false }) product: Product | undefined;

  /** Nothing can be added (e.g. sold out): the inner button is disabled. Reflected. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Feedback after a click, reflected for styling (`add-to-cart[status=added]`). */
  @property({ reflect: true }) status: AddToCartStatus = 'idle';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('product') && this.product?.variants?.length)
      void import('./templates/drawer-body.js').then((m) => m.pickFor(this));
  }

  override render() {
    const mark = this.status === 'added' ? '✓' : this.status === 'error' ? '!' : '';
    return html`<button type="button" class="primary" part="button" ?disabled=${this.disabled || !this.sku}
      aria-disabled=${this.disabled ? 'true' : nothing} @click=${this.#add}>
      <slot>Add to cart</slot>${mark ? html`<span part="feedback" aria-hidden="true">${mark}</span>` : ''}
    </button>`;
  }

  /** Adds to the cart, as a click does (`data-cart-add` buttons behave the same). Resolves when the server agrees; rejects after a rollback. */
  add(): Promise<unknown> {
    if (this.disabled) return Promise.reject(new Error('cartkit: <add-to-cart> is disabled'));
    const request = {
      sku: this.sku,
      quantity: String(this.quantity),
      cartId: this.cartId,
      product: this.product?.variants ? undefined : this.product,
    };
    const result = addFromButton(this, request, (status) => {
      this.status = status;
    });
    return result ?? Promise.reject(new Error('cartkit: no <shopping-cart> or no sku'));
  }

  #add = (): void => {
    this.add().catch(() => {
      // Already reported by the cart (cart:error, live region) and shown as `status="error"`.
    });
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    stopFeedback(this);
  }
}

// Guarded: a second copy of the script (or CDN + bundle on one page) must not throw.
if (!customElements.get('add-to-cart')) customElements.define('add-to-cart', AddToCart);

declare global {
  interface HTMLElementTagNameMap {
    'add-to-cart': AddToCart;
  }
}
