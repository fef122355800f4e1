import { html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AnnouncerController } from './controllers/announcer-controller.js';
import { CartController } from './controllers/cart-controller.js';
import { DrawerContentController } from './controllers/drawer-content-controller.js';
import { DrawerController } from './controllers/drawer-controller.js';
import { installDelegatedAdd } from './delegated-add.js';
import { ErrorReporter, errorMessage } from './error-reporter.js';
import { cartEvent } from './events.js';
import type { CartTarget } from './find-cart.js';
import type { Cart, CartClient, CartSnapshot, Product } from './sdk.js';
import { type CartStrings, defaultStrings, fill, itemCount } from './strings.js';
import { shoppingCartStyles } from './styles/shopping-cart.styles.js';
import { theme } from './styles/theme.js';

const cartIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
  <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6" />
  <circle cx="10" cy="20" r="1.3" /><circle cx="17" cy="20" r="1.3" />
</svg>`;

/**
 * A shopping cart: a toggle button with a live item-count badge, and a drawer
 * (a modal `<dialog>`) with the lines, subtotal, checkout and account.
 *
 * @example
 * ```html
 * <shopping-cart api="https://shop.example/api" locale="de-DE"></shopping-cart>
 * ```
 *
 * @fires cart:change - `{ cart }` whenever the shown cart changes (optimistic changes included).
 * @fires cart:error - `{ error }` when loading or a change fails (the change is rolled back).
 * @fires cart:checkout - `{ order }` when checkout creates an order, and when its status changes.
 * @fires cart:open - `{ trigger, sku? }` before the drawer opens; cancelable (`trigger: 'add'` on add).
 * @fires cart:close - after the drawer closes.
 *
 * @slot icon - Replaces the cart icon in the toggle button.
 * @slot empty - Shown in the drawer when the cart is empty.
 *
 * @csspart toggle - The button that opens the drawer.
 * @csspart badge - The item count on the toggle.
 * @csspart drawer - The `<dialog>`.
 * @csspart header - The drawer's header.
 * @csspart title - Its heading.
 * @csspart close-button - Its close button.
 * @csspart lines - The list of lines.
 * @csspart line - One line.
 * @csspart line-image - A line's image.
 * @csspart line-name - A line's name.
 * @csspart line-price - Its unit price.
 * @csspart line-total - Its total.
 * @csspart stepper - The quantity stepper.
 * @csspart decrement - Its − button.
 * @csspart increment - Its + button.
 * @csspart quantity - The quantity shown.
 * @csspart remove - A line's remove button.
 * @csspart footer - The drawer's footer.
 * @csspart subtotal - The subtotal row.
 * @csspart checkout - The checkout button.
 * @csspart empty - The empty state.
 * @csspart loading - The loading state.
 * @csspart error - Error messages.
 * @csspart retry - The retry button after a failed load.
 * @csspart line-stock - A line beyond stock: the notice naming the product.
 * @csspart stock-notice - Above Check out while a line is beyond stock (checkout is blocked).
 * @csspart step - Checkout: the current step (`data-step`: contact, address, shipping, review).
 * @csspart step-heading - Checkout: the step's heading (takes focus).
 * @csspart field - Checkout: a labelled field.
 * @csspart field-error - Checkout: a field's error.
 * @csspart shipping-options - Checkout: the shipping option radio group.
 * @csspart review-line - Checkout: a line in the review.
 * @csspart notice - Checkout: a price, stock or changed-total notice.
 * @csspart totals - Checkout: subtotal, shipping, tax, total.
 * @csspart pay - Checkout: the Pay button.
 * @csspart order - The order view (`data-status`).
 * @csspart order-status - Its status line.
 * @csspart order-number - Its number (`Order CK-4827-1930`).
 * @csspart order-lines - Its lines.
 * @csspart order-totals - Its totals.
 * @csspart order-address - Its shipping address.
 * @csspart order-pay - "Continue to payment" on an order awaiting payment.
 * @csspart sign-in - Checkout: "Have an account? Sign in" (guests, every step).
 * @csspart your-orders - "Your orders" in the footer, above the account line (signed in).
 * @csspart orders - The list of the shopper's orders.
 * @csspart orders-item - One order in it.
 * @csspart orders-more - "Show more orders".
 * @csspart account - The signed-in line and sign in/out buttons.
 * @csspart link-notice - Above the lines after a followed link: a reminder's cart restored, unsubscribed, or the link refused.
 *
 * @cssprop [--cart-accent=#0b57d0] - Buttons, badge and focus ring.
 * @cssprop [--cart-accent-fg=#ffffff] - Text on the accent colour.
 * @cssprop [--cart-bg=#ffffff] - Drawer and toggle background.
 * @cssprop [--cart-fg=#1b1b1f] - Text colour.
 * @cssprop [--cart-muted=#53535f] - Secondary text.
 * @cssprop [--cart-border=#d4d4dc] - Borders and dividers.
 * @cssprop [--cart-danger=#b3261e] - Error messages.
 * @cssprop [--cart-radius=8px] - Corner radius.
 * @cssprop [--cart-font=system-ui] - Font family.
 * @cssprop [--cart-drawer-width=min(26rem, 100vw)] - Drawer width.
 * @cssprop [--cart-backdrop=rgb(0 0 0 / 0.4)] - Backdrop behind the drawer.
 * @cssprop --cart-badge-bg - Badge background (default: accent).
 * @cssprop --cart-badge-fg - Badge text.
 * @cssprop --cart-focus-ring - Focus outline (default `2px solid` accent).
 */
export class ShoppingCart extends LitElement implements CartTarget {
  // The lines' styles come with the drawer's lazy chunk (`adoptDrawerStyles`), before any line renders.
  static override styles = [theme, shoppingCartStyles];

  /** The API base URL, e.g. `https://shop.example/api`. Carts with the same `api` share one client. */
  @property() api = '';

  /** BCP 47 locale for prices and plurals; default: the closest `lang`, else the browser's. */
  @property() locale = '';

  /** Whether the drawer is open. Setting it opens or closes the drawer without events. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private _strings: CartStrings = defaultStrings;

  // Product names seen in this cart, so an error about a SKU names the product instead.
  #names = new Map<string, string>();
  #nameOf = (sku: string): string | undefined => this.#names.get(sku);
  #errors = new ErrorReporter(this, (error) =>
    this.#announcer.announce(errorMessage(error, this._strings, this.#nameOf)),
  );
  #store = new CartController(
    this,
    (next, prev) => this.#onSnapshot(next, prev),
    (error) => this.#errors.report(error),
  );
  #drawer = new DrawerController(this, () => this.renderRoot.querySelector('dialog'));
  #announcer = new AnnouncerController(this);
  #content = new DrawerContentController(this, {
    snapshot: () => this.#store.snapshot,
    locale: () => this.#locale,
    errors: this.#errors,
    announce: (text) => this.#announcer.announce(text),
    nameOf: this.#nameOf,
  });

  /** The cart as shown (read-only), or `null` before it loads. */
  get cart(): Cart | null {
    return this.#store.snapshot?.cart ?? null;
  }

  /** The SDK client, for host code (`cart.client.listProducts()`, `cart.client.auth`); settable to supply your own. */
  get client(): CartClient | undefined {
    return this.#store.client;
  }
  set client(client: CartClient | undefined) {
    this.#store.setClient(client);
    this.requestUpdate();
  }

  /**
   * The UI strings (English by default); assigning merges over the defaults.
   * The lazy views' strings (drawer, checkout, sign-in) read as their defaults
   * once the drawer's chunk has loaded (first open, or hover/focus on the
   * toggle), and as `undefined` before unless you set them.
   */
  get strings(): CartStrings {
    return this.#content.all(this._strings);
  }
  set strings(strings: Partial<CartStrings>) {
    this.setStrings(strings);
  }

  /** Replaces some or all UI strings, e.g. for translation. */
  setStrings(strings: Partial<CartStrings>): void {
    this._strings = { ...defaultStrings, ...strings };
  }

  /** Opens the drawer (fires the cancelable `cart:open`). */
  show(): void {
    this.#drawer.show('method');
  }

  /** Closes the drawer. */
  close(): void {
    this.#drawer.close();
  }

  /** Opens the drawer if closed, else closes it. */
  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  /**
   * Adds `quantity` of `sku`: the badge and lines change at once, the addition is
   * announced, and the drawer opens (unless a `cart:open` listener cancels it, or `open: false`).
   * Rejects, after rolling back, if the server refuses.
   */
  add(sku: string, quantity = 1, options: { product?: Product; open?: boolean } = {}): Promise<Cart> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('cartkit: <shopping-cart> needs an `api` attribute'));
    const result = client.add(sku, quantity, options.product ? { product: options.product } : undefined);
    const cart = client.getSnapshot().cart;
    const name = options.product?.name || cart?.items.find((line) => line.sku === sku)?.name || sku;
    if (name !== sku) this.#names.set(sku, name);
    this.#announcer.announce(
      fill(this._strings.added, { name, items: itemCount(this._strings, cart?.itemCount ?? quantity, this.#locale) }),
    );
    if (options.open !== false) this.#drawer.show('add', sku);
    return result.catch((error: unknown) => {
      this.#errors.report(error);
      this.#announcer.announce(
        fill(this._strings.addFailed, { name, error: errorMessage(error, this._strings, this.#nameOf) }),
      );
      throw error;
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    installDelegatedAdd();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api')) this.#content.afterLink(() => this.#store.setApiUrl(this.api));
  }

  get #locale(): string | undefined {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || undefined;
  }

  /** Also waits for the drawer's lazy templates when the drawer is open, so `await el.updateComplete` sees its contents. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    const loading = this.open ? this.#content.loading : undefined;
    if (loading) {
      await loading.catch(() => undefined);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  #onSnapshot(next: CartSnapshot, prev: CartSnapshot | undefined): void {
    for (const line of next.cart?.items ?? [])
      if (line.name && line.name !== line.sku) this.#names.set(line.sku, line.name);
    if (next.cart && next.cart !== prev?.cart) this.dispatchEvent(cartEvent('cart:change', { cart: next.cart }));
    if (next.error && next.error !== prev?.error) this.#errors.report(next.error);
    this.#content.onSnapshot(next);
  }

  override render() {
    const s = this._strings;
    const snapshot = this.#store.snapshot;
    const count = snapshot?.cart?.itemCount ?? 0;
    const items = itemCount(s, count, this.#locale);
    const preload = () => this.#content.preload();
    return html`
      <button type="button" class="toggle" part="toggle" aria-haspopup="dialog" aria-expanded=${this.open}
        aria-label=${fill(s.openCart, { items })} @click=${() => this.#drawer.show('toggle')}
        @pointerenter=${preload} @focus=${preload}>
        <slot name="icon">${cartIcon}</slot>
        <span class="badge" part="badge" aria-hidden="true">${count}</span>
      </button>
      <div class="visually-hidden" role="status">${this.open ? '' : this.#announcer.message}</div>
      <dialog part="drawer" aria-labelledby="title" @close=${this.#drawer.onDialogClose} @click=${this.#drawer.onDialogClick}>
        <div class="panel">
          <div class="header" part="header">
            <h2 id="title" part="title" tabindex="-1">${s.title}</h2>
            <button type="button" class="close" part="close-button" aria-label=${s.closeCart} @click=${() => this.close()}>✕</button>
          </div>
          <div class="visually-hidden" role="status">${this.open ? this.#announcer.message : ''}</div>
          <div class="body" aria-busy=${snapshot?.status === 'loading'}>${this.open ? this.#content.body() : ''}</div>
          ${this.open ? this.#content.footer() : ''}
        </div>
      </dialog>
    `;
  }
}

// Guarded: a second copy of the script (or CDN + bundle on one page) must not throw.
if (!customElements.get('shopping-cart')) customElements.define('shopping-cart', ShoppingCart);

declare global {
  interface HTMLElementTagNameMap {
    'shopping-cart': ShoppingCart;
  }
}
