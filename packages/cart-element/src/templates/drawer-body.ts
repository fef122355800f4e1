import { adoptStyles, html, nothing, supportsAdoptingStyleSheets, type TemplateResult } from 'lit';
import { loadAuthPanel } from '../auth/load-auth-panel.js';
import { providerMessage } from '../auth/auth-errors.js';
import { errorMessage } from '../error-reporter.js';
import { formatMoney } from '../format-money.js';
import { cartLineStyles } from '../styles/cart-line.styles.js';
import type { CartClient, CartSnapshot, Order, SnapshotLine } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';
import { cartLineTemplate, overStock } from './cart-line.js';
import '../checkout/cart-checkout.js';
import '../checkout/cart-orders.js';
import { type CheckoutState, newCheckout } from '../checkout/cart-checkout.js';
import { defaultAuthStrings } from '../auth/auth-strings.js';
import { defaultCheckoutStrings } from './checkout-strings.js';
import { defaultDrawerStrings } from './drawer-strings.js';

export { newCheckout, type CheckoutState };
export { orderStatusText } from './order-status-text.js';
// The option picker of <add-to-cart> rides in this chunk: a product page with variants loads it
// once (the drawer it opens on add needs it anyway), and the first load gains no chunk.
export { pickFor } from '../option-picker.js';
// So do the followers of `#cartkit-…` links (payment return, reminders): each opens the drawer.
export { followLink } from '../links/follow-link.js';

/**
 * Adds the drawer's own styles (lines, a link's notice) to the cart's shadow root, once:
 * they load with this chunk, so the first load does not carry them.
 */
export function adoptDrawerStyles(root: HTMLElement | DocumentFragment): void {
  if (!(root instanceof ShadowRoot)) return;
  const sheet = cartLineStyles.styleSheet;
  if (supportsAdoptingStyleSheets && sheet) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (!root.querySelector('style[data-cartkit-drawer]')) {
    adoptStyles(root, [cartLineStyles]); // appends a <style> where sheets cannot be adopted
    root.lastElementChild?.setAttribute('data-cartkit-drawer', '');
  }
}

const merged = new WeakMap<CartStrings, CartStrings>();
/** The host's strings over the lazy defaults (sign-in, drawer, checkout), once per strings object. */
export function withDefaults(strings: CartStrings): Required<CartStrings> {
  let all = merged.get(strings);
  if (!all) {
    all = { ...defaultAuthStrings, ...defaultDrawerStrings, ...defaultCheckoutStrings, ...strings };
    merged.set(strings, all);
  }
  return all as Required<CartStrings>;
}
import { orderStatusTemplate } from './order-status.js';

/** What the drawer shows: the lines, the sign-in panel, or an order's progress. */
export type DrawerView = 'cart' | 'auth' | 'order' | 'checkout' | 'orders';

/** Everything the drawer's templates read, and the actions they call. */
export interface DrawerContext {
  readonly strings: CartStrings;
  readonly locale: string | undefined;
  readonly snapshot: CartSnapshot | undefined;
  readonly client: CartClient | undefined;
  readonly view: DrawerView;
  readonly authReason: 'account' | 'checkout';
  readonly order: Order | undefined;
  /** The shopper came back from the payment page's cancel link for `order`. */
  readonly cancelled: boolean;
  /** What a link the page opened from did ("Welcome back! Here is the cart you left.", a refused link). */
  readonly notice: string | undefined;
  dismissNotice(): void;
  readonly checkingOut: boolean;
  /** The checkout flow's state (kept across the sign-in detour). */
  readonly checkout_: CheckoutState | undefined;
  /** The flow moved on: the drawer keeps its latest state, so a re-render does not rewind it. */
  checkoutState(state: CheckoutState): void;
  placed(order: Order): void;
  /** "Your orders" (signed-in shoppers). */
  showOrders(): void;
  /** The order view for `order`. */
  showOrder(order: Order): void;
  /** "Sign in" from checkout, with the flow's state as typed so far. */
  checkoutSignIn(state: CheckoutState): void;
  readonly error: unknown;
  nameOf(sku: string): string | undefined;
  dismissError(): void;
  retry(): void;
  setQuantity(sku: string, quantity: number): void;
  remove(sku: string, name: string): void;
  checkout(): void;
  showAuth(): void;
  signOut(): void;
  authDone(): void;
  backToCart(): void;
}

function errorBanner(ctx: DrawerContext): TemplateResult | typeof nothing {
  if (!ctx.error) return nothing;
  // A refused provider sign-in says what the shopper can do about it (its strings load with this chunk).
  const provider = providerMessage(ctx.error);
  return html`<div class="alert" part="error" role="alert">
    ${(provider && ctx.strings[provider]) || errorMessage(ctx.error, ctx.strings, ctx.nameOf)}
    <button type="button" class="link" @click=${ctx.dismissError}>${ctx.strings.dismiss}</button>
  </div>`;
}

function linkNotice(ctx: DrawerContext): TemplateResult | typeof nothing {
  if (!ctx.notice) return nothing;
  return html`<div class="link-notice" part="link-notice">
    ${ctx.notice}
    <button type="button" class="link" @click=${ctx.dismissNotice}>${ctx.strings.dismiss}</button>
  </div>`;
}

function authView(ctx: DrawerContext): TemplateResult {
  void loadAuthPanel();
  return html`
    ${ctx.authReason === 'checkout' ? html`<p class="state" role="status">${ctx.strings.signInToCheckout}</p>` : nothing}
    <cart-auth-panel .client=${ctx.client} .strings=${ctx.strings} @cart-auth-done=${ctx.authDone}
      exportparts="providers,provider">
      <p class="state">${ctx.strings.loading}</p>
    </cart-auth-panel>
    <p><button type="button" class="link" @click=${ctx.backToCart}>${ctx.strings.backToCart}</button></p>
  `;
}

function linesView(ctx: DrawerContext): TemplateResult {
  const { snapshot } = ctx;
  const strings = ctx.strings as Required<CartStrings>;
  const cart = snapshot?.cart;
  if (!cart) {
    if (snapshot?.status === 'error' || (ctx.error && snapshot?.status !== 'loading')) {
      return html`<div class="state" part="error">
        <p>${strings.loadError}</p>
        <button type="button" class="primary" part="retry" @click=${ctx.retry}>${strings.retry}</button>
      </div>`;
    }
    return html`<p class="state" part="loading">${strings.loading}</p>`;
  }
  // Lines whose product the shop stopped selling (issue 16): named once, outside the lines and totals.
  const gone = cart.unavailable?.length
    ? html`<ul class="alert" part="unavailable" style="margin: 0 0 0.75em; padding-inline-start: 1.25em">
        ${cart.unavailable.map((line) => html`<li>${fill(strings.noLongerAvailable, { name: line.name || line.sku })}</li>`)}
      </ul>`
    : nothing;
  if (cart.items.length === 0) {
    return html`${gone}<div class="state" part="empty"><slot name="empty">${strings.empty}</slot></div>`;
  }
  const lineCtx = {
    strings,
    locale: ctx.locale,
    currency: cart.currency,
    setQuantity: (line: SnapshotLine, quantity: number) => ctx.setQuantity(line.sku, quantity),
    remove: (line: SnapshotLine) => ctx.remove(line.sku, line.name || line.sku),
  };
  return html`${gone}<ul class="lines" part="lines">
    ${cart.items.map((line) => cartLineTemplate(line, { ...lineCtx, pending: line.pending }))}
  </ul>`;
}

/** The drawer's scrolling middle: error banner, then the current view. */
export function drawerBody(context: DrawerContext): TemplateResult {
  const ctx = { ...context, strings: withDefaults(context.strings) };
  if (ctx.view === 'checkout') {
    return html`<cart-checkout .client=${ctx.client} .strings=${ctx.strings} .locale=${ctx.locale}
      .user=${ctx.snapshot?.user ?? null} .state=${ctx.checkout_ ?? newCheckout()}
      @cart-checkout-state=${(e: CustomEvent<CheckoutState>) => ctx.checkoutState(e.detail)}
      @cart-checkout-sign-in=${(e: CustomEvent<CheckoutState>) => ctx.checkoutSignIn(e.detail)} @cart-checkout-back=${ctx.backToCart}
      @cart-checkout-placed=${(e: CustomEvent<{ order: Order }>) => ctx.placed(e.detail.order)}
      exportparts="step,step-heading,sign-in,field,field-error,shipping-options,review-line,notice,discount-code,discount,totals,pay,error"></cart-checkout>`;
  }
  if (ctx.view === 'orders' && ctx.snapshot?.user) {
    return html`<cart-orders .client=${ctx.client} .strings=${ctx.strings} .locale=${ctx.locale}
      @cart-orders-back=${ctx.backToCart} exportparts="orders,orders-item,orders-more"
      @cart-orders-open=${(e: CustomEvent<{ order: Order }>) => ctx.showOrder(e.detail.order)}></cart-orders>`;
  }
  if (ctx.view === 'order' && ctx.order) {
    return orderStatusTemplate(ctx.order, ctx.strings, ctx.locale, ctx.backToCart, ctx.cancelled);
  }
  // Without a cart the load-error state says it all; a banner would repeat it.
  const banner = ctx.snapshot?.cart ? errorBanner(ctx) : nothing;
  return html`${banner}${ctx.view === 'auth' ? authView(ctx) : html`${linkNotice(ctx)}${linesView(ctx)}`}`;
}

/** The drawer's footer: subtotal and checkout (cart view), and the account line. */
export function drawerFooter(context: DrawerContext): TemplateResult {
  const ctx = { ...context, strings: withDefaults(context.strings) };
  const { strings, snapshot } = ctx;
  const cart = snapshot?.cart;
  const user = snapshot?.user;
  const showTotals = ctx.view === 'cart' && cart && cart.items.length > 0;
  // A line beyond stock blocks checkout until it is fixed (issue 14).
  const over = cart?.items.filter(overStock).map((line) => line.name || line.sku) ?? [];
  return html`<div class="footer" part="footer">
    ${
      showTotals
        ? html`<div class="subtotal" part="subtotal">
              <span>${strings.subtotal}</span>
              <span>${cart.priceKnown ? formatMoney(cart.subtotal, cart.currency, ctx.locale) : '—'}</span>
            </div>
            ${over.length ? html`<p class="alert" part="stock-notice" id="stock-notice">${fill(strings.stockBlocked, { names: over.join(', ') })}</p>` : nothing}
            <button type="button" class="primary" part="checkout" aria-disabled=${ctx.checkingOut || over.length > 0}
              aria-describedby=${over.length ? 'stock-notice' : nothing}
              @click=${() => over.length || ctx.checkout()}>${ctx.checkingOut ? strings.checkingOut : strings.checkout}</button>`
        : nothing
    }
    ${
      user && ctx.view !== 'orders'
        ? html`<button type="button" class="link" part="your-orders" @click=${ctx.showOrders}>${strings.yourOrders}</button>`
        : nothing
    }
    <div class="account" part="account">
      ${
        user
          ? html`<span>${fill(strings.signedInAs, { email: user.email })}</span>
              <button type="button" class="link" @click=${ctx.signOut}>${strings.signOut}</button>`
          : ctx.view === 'auth'
            ? nothing
            : html`<button type="button" class="link" @click=${ctx.showAuth}>${strings.signIn}</button>`
      }
    </div>
  </div>`;
}
