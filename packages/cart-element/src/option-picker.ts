import { css, html, LitElement } from 'lit';
import type { AddToCart } from './add-to-cart.js';
import type { Product } from './sdk.js';
import { theme } from './styles/theme.js';

type Variant = NonNullable<Product['variants']>[number];

/**
 * The option picker `<add-to-cart>` shows for a product with variants (its own lazy chunk):
 * one labelled select per option name, starting at the first variant in stock. Every change
 * fires `cart-option-change` with the chosen variant's SKU, or '' when that combination is not
 * sold or sold out (the button is then disabled and the status says why). {@link pickFor}
 * puts one in an `<add-to-cart>` and keeps its `sku` on the chosen variant.
 *
 * @fires cart-option-change - `{ sku }`: the variant to add, or '' for none.
 * @csspart option - A labelled select.
 * @csspart option-status - "Not available in this combination" / "Sold out".
 */
export class CartOptionPicker extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: grid; gap: 0.5em; margin-bottom: 0.5em; font-family: var(--_font); }
      label { display: grid; gap: 0.25em; }
      select { font: inherit; padding: 0.4em; border: 1px solid var(--_muted); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); }
      p { margin: 0; color: var(--_danger); font-size: 0.9em; }
    `,
  ];

  // No decorators: their helper would become a chunk of its own shared with the first load.
  static override properties = { product: { attribute: false }, _chosen: { state: true } };
  declare product: Product | undefined;
  declare private _chosen: Record<string, string>;
  #for: Product | undefined;

  protected override willUpdate(): void {
    if (this.product === this.#for) return;
    this.#for = this.product;
    // (first run: _chosen is set here, before the first render)
    const variants = this.product?.variants ?? [];
    const start = variants.find((v) => v.stock > 0) ?? variants[0];
    this._chosen = { ...(start?.options ?? {}) };
  }

  protected override updated(): void {
    const variant = this.#variant();
    this.dispatchEvent(
      new CustomEvent('cart-option-change', { detail: { sku: variant && variant.stock > 0 ? variant.sku : '' } }),
    );
  }

  #variant(): Variant | undefined {
    const names = this.product?.options ?? [];
    return this.product?.variants?.find((v) => names.every((name) => v.options[name] === this._chosen[name]));
  }

  override render() {
    const product = this.product;
    if (!product?.variants?.length) return html``;
    const variant = this.#variant();
    const problem = !variant ? 'Not available in this combination' : variant.stock === 0 ? 'Sold out' : '';
    return html`${(product.options ?? []).map((name) => {
      const values = [...new Set(product.variants!.map((v) => v.options[name]).filter((x): x is string => !!x))];
      const change = (event: Event) => {
        this._chosen = { ...this._chosen, [name]: (event.target as HTMLSelectElement).value };
      };
      return html`<label part="option"><span>${name}</span>
        <select name=${name} @change=${change}>
          ${values.map((value) => html`<option .value=${value} ?selected=${this._chosen[name] === value}>${value}</option>`)}
        </select></label>`;
    })}
    <p part="option-status" role="status">${problem}</p>`;
  }
}

if (!customElements.get('cart-option-picker')) customElements.define('cart-option-picker', CartOptionPicker);

declare global {
  interface HTMLElementTagNameMap {
    'cart-option-picker': CartOptionPicker;
  }
}

/**
 * Shows the picker at the top of `button`'s shadow root (before what Lit renders there) for
 * `button.product`, and sets `button.sku` to the chosen variant's SKU ('' disables it).
 *
 * @example
 * ```ts
 * import('./option-picker.js').then((m) => m.pickFor(addToCart));
 * ```
 */
export async function pickFor(button: AddToCart): Promise<void> {
  await button.updateComplete;
  let picker = button.renderRoot.querySelector('cart-option-picker');
  if (!picker) {
    picker = document.createElement('cart-option-picker');
    picker.addEventListener('cart-option-change', (event) => {
      button.sku = (event as CustomEvent<{ sku: string }>).detail.sku;
    });
    button.renderRoot.prepend(picker);
  }
  picker.product = button.product;
}
