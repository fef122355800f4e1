import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { errorMessage } from '../error-reporter.js';
import { formatMoney } from '../format-money.js';
import type { CartClient, Order } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';
import { orderStatusText } from '../templates/order-status-text.js';
import { theme } from '../styles/theme.js';

/**
 * "Your orders": the signed-in shopper's orders, newest first (`listOrders`),
 * a page at a time with "Show more orders". Each opens the order view. The
 * heading takes focus when the list opens; after "Show more", focus moves to
 * the first order of the new page.
 *
 * @fires cart-orders-open - `{ order }`: an order was chosen.
 * @fires cart-orders-back - Back to the cart.
 * @csspart orders - The list.
 * @csspart orders-item - One order in it.
 * @csspart orders-more - "Show more orders".
 * @csspart error - An error message.
 */
export class CartOrders extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; }
      h3 { margin: 0 0 0.5em; font-size: 1.1em; }
      ul { list-style: none; padding: 0; margin: 0 0 0.75em; display: grid; gap: 0.5em; }
      li { display: grid; gap: 0.125em; }
      li button { justify-self: start; text-align: start; }
      .muted { color: var(--_muted); font-size: 0.9em; }
      .alert { color: var(--_danger); }
    `,
  ];

  @property({ attribute: false }) client: CartClient | undefined;
  @property({ attribute: false }) strings!: Required<CartStrings>;
  @property({ attribute: false }) locale: string | undefined;

  @state() private _orders: Order[] = [];
  @state() private _next: string | null | undefined;
  @state() private _busy = false;
  @state() private _error: unknown;
  #focusIndex = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._next === undefined) void this.#load();
  }

  protected override firstUpdated(): void {
    this.focus();
  }

  protected override updated(): void {
    if (this.#focusIndex < 0) return;
    const item = this.renderRoot.querySelectorAll<HTMLElement>('[part="orders-item"] button')[this.#focusIndex];
    if (item) {
      this.#focusIndex = -1;
      item.focus();
    }
  }

  /** Moves focus to the heading. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('h3')?.focus();
  }

  async #load(cursor?: string): Promise<void> {
    if (!this.client || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      const page = await this.client.listOrders(cursor ? { cursor } : {});
      if (cursor) this.#focusIndex = this._orders.length;
      this._orders = [...this._orders, ...page.items];
      this._next = page.nextCursor ?? null; // absent on the last page (OrderPage); undefined here means not loaded yet
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  #emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  override render() {
    const s = this.strings;
    const when = (iso: string) => {
      try {
        return new Intl.DateTimeFormat(this.locale || undefined, { dateStyle: 'medium' }).format(new Date(iso));
      } catch {
        return iso.slice(0, 10);
      }
    };
    return html`<section aria-labelledby="orders" aria-busy=${this._busy}>
      <h3 id="orders" tabindex="-1">${s.yourOrders}</h3>
      ${this._error ? html`<p class="alert" part="error" role="alert">${errorMessage(this._error, s, () => undefined)}</p>` : nothing}
      ${
        this._error && this._orders.length === 0
          ? nothing
          : this._next === undefined
            ? html`<p class="muted">${s.loading}</p>`
            : this._orders.length === 0
              ? html`<p>${s.noOrders}</p>`
              : html`<ul part="orders">
              ${this._orders.map((order) => {
                const number = order.number ?? order.orderId;
                return html`<li part="orders-item" data-order=${order.orderId}>
                  <button type="button" class="link" @click=${() => this.#emit('cart-orders-open', { order })}>
                    ${fill(s.viewOrder, { number })}
                  </button>
                  <span class="muted">${when(order.createdAt)} · ${formatMoney(order.totals?.total ?? order.subtotal, order.currency, this.locale)} ·
                    ${orderStatusText(order, s)}</span>
                </li>`;
              })}
              </ul>`
      }
      ${
        this._next
          ? html`<p><button type="button" class="link" part="orders-more" aria-disabled=${this._busy}
              @click=${() => void this.#load(this._next ?? undefined)}>${s.moreOrders}</button></p>`
          : nothing
      }
      <p><button type="button" class="link" @click=${() => this.#emit('cart-orders-back')}>${s.backToCart}</button></p>
    </section>`;
  }
}

if (!customElements.get('cart-orders')) customElements.define('cart-orders', CartOrders);

declare global {
  interface HTMLElementTagNameMap {
    'cart-orders': CartOrders;
  }
}
