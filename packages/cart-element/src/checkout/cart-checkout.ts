import { blocksCheckout } from '@cartkit/contract/quote-rules';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { errorMessage } from '../error-reporter.js';
import { formatMoney } from '../format-money.js';
import type { AuthUser, CartClient, Order } from '../sdk.js';
import { fill } from '../strings.js';
import { theme } from '../styles/theme.js';
import type { CheckoutStrings } from '../templates/checkout-strings.js';
import type { DrawerStrings } from '../templates/drawer-strings.js';
import type { CartStrings } from '../strings.js';

type Quote = Awaited<ReturnType<CartClient['quote']>>;
type Strings = CartStrings & DrawerStrings & CheckoutStrings;
type QuoteProblem = Quote['problems'][number];

/** A quote's answer about the discount code (`DISCOUNT_CODE_*`): the code was not applied. */
function isCodeProblem(problem: QuoteProblem): boolean {
  return problem.code.startsWith('DISCOUNT_CODE_');
}

/** What a discount code may look like (the contract's `DiscountCodeSchema`, checked without valibot). */
const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** The address fields, in form order, with their `autocomplete` tokens. */
const FIELDS = [
  ['name', 'fullName', 'name'],
  ['line1', 'addressLine1', 'address-line1'],
  ['line2', 'addressLine2', 'address-line2'],
  ['city', 'city', 'address-level2'],
  ['region', 'region', 'address-level1'],
  ['postalCode', 'postalCode', 'postal-code'],
] as const;
type Field = (typeof FIELDS)[number][0] | 'country' | 'email';

/**
 * The contract's messages for shoppers (packages/contract/src/address.ts), checked
 * here without the schema library so the chunk stays small; the server checks again.
 */
const MESSAGES: Partial<Record<Field, string>> = {
  name: 'Enter the name of the person receiving the order.',
  line1: 'Enter the street address.',
  city: 'Enter the town or city.',
  postalCode: 'Enter the postal code.',
  country: 'Choose a country.',
  email: 'Enter your email address.',
};
const MAX: Partial<Record<Field, number>> = {
  name: 100,
  line1: 100,
  line2: 100,
  city: 100,
  region: 64,
  postalCode: 16,
};

/** Which step shows. */
export type CheckoutStep = 'contact' | 'address' | 'shipping' | 'review';

/** The flow's state, kept by the drawer so a sign-in detour comes back to it. */
export interface CheckoutState {
  step: CheckoutStep;
  email: string;
  address: Record<string, string>;
  optionId: string | undefined;
  quote: Quote | undefined;
  notice: string;
  /** The discount code the quotes and the checkout carry ('' none): set by "Apply", cleared when refused. */
  discountCode?: string;
}

/** A fresh flow. */
export function newCheckout(): CheckoutState {
  return { step: 'contact', email: '', address: {}, optionId: undefined, quote: undefined, notice: '' };
}

/**
 * Checkout in the drawer: contact (guests need no account), shipping address,
 * shipping option, review and pay. Nothing is charged at a total the shopper has
 * not seen: "Pay" sends the shown total as `expectedTotal`, and a changed quote
 * is shown again. Each step's heading takes focus.
 *
 * @fires cart-checkout-state - The flow's state after every change (the drawer keeps it across re-renders).
 * @fires cart-checkout-sign-in - `CheckoutState`: "Sign in" was chosen, on any step; the detail holds what
 *   was typed so far (the drawer shows sign-in, then comes back to the review).
 * @fires cart-checkout-placed - `{ order }`: the order was placed.
 * @fires cart-checkout-back - Back to the cart (from the first step, or to fix a line).
 * @csspart step - The current step.
 * @csspart step-heading - Its heading.
 * @csspart field - A labelled field.
 * @csspart field-error - A field's error.
 * @csspart shipping-options - The shipping option radio group.
 * @csspart review-line - A line in the review.
 * @csspart notice - A price or stock notice.
 * @csspart discount-code - The review's discount code field, or the applied code with "Remove".
 * @csspart discount - The discount line of the totals.
 * @csspart totals - Subtotal, shipping, tax, total.
 * @csspart pay - The pay button.
 * @csspart error - An error message.
 */
export class CartCheckout extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; }
      form, fieldset { display: grid; gap: 0.75em; }
      fieldset { border: 0; padding: 0; margin: 0; }
      h3 { margin: 0 0 0.5em; font-size: 1.1em; }
      /* The heading takes focus so screen readers start at the step; no ring around a heading. */
      h3:focus { outline: none; }
      [part='totals'] { display: grid; gap: 0.25em; margin-bottom: 0.5em; }
      [part='totals'] p { margin: 0; }
      .total { border-top: 1px solid var(--_border); padding-top: 0.5em; margin-top: 0.25em; }
      label { display: grid; gap: 0.25em; }
      input, select { font: inherit; padding: 0.5em; border: 1px solid var(--_muted); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); }
      [aria-invalid='true'] { border-color: var(--_danger); }
      .radio { display: flex; gap: 0.5em; align-items: center; }
      .radio span:last-child, .row span:last-child { margin-inline-start: auto; }
      .row { display: flex; gap: 0.5em; }
      .total { font-weight: 600; }
      ul { list-style: none; padding: 0; margin: 0 0 0.75em; display: grid; gap: 0.5em; }
      .field-error, .alert { color: var(--_danger); margin: 0; font-size: 0.9em; }
      [part='notice'] { margin-bottom: 0.5em; }
      .muted { color: var(--_muted); }
      .code { display: grid; gap: 0.25em; margin-bottom: 0.75em; }
      .code .row, .row.applied { align-items: center; }
      .row.applied { margin-bottom: 0.75em; }
      .code input { flex: 1; min-width: 0; text-transform: uppercase; }
      .code button { padding: 0.5em 1em; border: 1px solid var(--_accent); border-radius: var(--_radius); background: var(--_bg); color: var(--_accent); }
      .actions { display: flex; justify-content: space-between; gap: 0.5em; margin-top: 0.75em; }
    `,
  ];

  @property({ attribute: false }) client: CartClient | undefined;
  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) locale: string | undefined;
  @property({ attribute: false }) user: AuthUser | null = null;
  @property({ attribute: false }) state: CheckoutState = newCheckout();

  @state() private _errors: Partial<Record<Field, string>> = {};
  @state() private _busy = false;
  @state() private _error = '';
  @state() private _countries: string[] = [];
  /** Why the code typed was not applied, in shopper words ('' none). */
  @state() private _codeError = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.client
      ?.getConfig()
      .then((config) => {
        this._countries = config.shop?.countries.map((c) => c.code) ?? [];
      })
      .catch(() => undefined);
    // A signed-in shopper's receipt goes to the account's address, whatever was typed as a guest.
    const email = this.user?.email;
    if (email && email !== this.state.email) this.#set({ email });
    // Back on the review (from signing in, which merges the carts, or a reopened drawer):
    // the shown quote may be stale, so drop it (no "Pay" at an old total) and quote again.
    if (this.state.step === 'review') {
      if (this.state.address['line1']) void this.#requote(this.state.quote);
      else this.#set({ step: 'address' });
    }
  }

  /** Quotes the review again; a changed cart gets a notice, an address the server refuses goes back to its step. */
  async #requote(before: Quote | undefined): Promise<void> {
    this.#set({ quote: undefined, notice: '' });
    if (!(await this.#quote())) return this.#go('address');
    if (!this.state.quote?.shippingOptions.length) {
      this.#go('address');
      this._error = this.strings.noShipping;
      return;
    }
    const lines = (q: Quote | undefined) => q?.items.map((l) => `${l.sku}×${l.quantity}`).join() ?? '';
    if (before && lines(before) !== lines(this.state.quote)) this.#set({ notice: this.strings.cartChanged });
  }

  #shownStep: CheckoutStep | undefined;

  protected override updated(): void {
    // A new step: its heading takes focus (field errors move focus themselves).
    if (this.state.step !== this.#shownStep) {
      this.#shownStep = this.state.step;
      this.focus();
    }
  }

  /**
   * Every change of the flow's state goes through here and is told to the drawer at
   * once (not after the next render): the drawer re-renders with the state it holds,
   * and a sign-in detour replaces this element before it would render again.
   */
  #set(patch: Partial<CheckoutState>): void {
    this.state = { ...this.state, ...patch };
    this.#emit('cart-checkout-state', this.state);
  }

  /** "Sign in", from any step: keep what was typed on this step, then hand over to the drawer. */
  #signIn(): void {
    const step = this.state.step;
    if (step === 'contact') this.#set({ email: this.#value('email') });
    if (step === 'address') this.#set({ address: this.#typedAddress() });
    if (step === 'shipping') {
      const chosen = this.renderRoot.querySelector<HTMLInputElement>('input[name="shipping"]:checked')?.value;
      if (chosen) this.#set({ optionId: chosen });
    }
    this.#emit('cart-checkout-sign-in', this.state);
  }

  #typedAddress(): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name] of FIELDS) values[name] = this.#value(name);
    values['country'] = this.#value('country').toUpperCase();
    return values;
  }

  /** Moves focus to the current step's heading. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('h3')?.focus();
  }

  #go(step: CheckoutStep): void {
    if (step === this.state.step) return; // staying put keeps the step's message (e.g. "we do not ship here")
    this.#set({ step });
    this._error = '';
  }

  #emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #money(minor: number): string {
    return formatMoney(minor, this.state.quote?.currency ?? 'USD', this.locale);
  }

  override render() {
    const step = this.state.step;
    const body =
      step === 'contact'
        ? this.#contact()
        : step === 'address'
          ? this.#address()
          : step === 'shipping'
            ? this.#shipping()
            : this.#review();
    return html`<section part="step" data-step=${step} aria-labelledby="step">${body}</section>`;
  }

  #heading(text: string): TemplateResult {
    return html`<h3 id="step" part="step-heading" tabindex="-1">${text}</h3>
      ${this._error ? html`<p class="alert" part="error" role="alert">${this._error}</p>` : nothing}
      ${this.user || this.state.step === 'contact' ? nothing : this.#signInButton()}`;
  }

  /** Offered to guests on every step: signing in merges the carts and comes back to the review. */
  #signInButton(): TemplateResult {
    return html`<p><button type="button" class="link" part="sign-in" @click=${() => this.#signIn()}>${this.strings.signInInstead}</button></p>`;
  }

  #actions(submit: string, back: () => void): TemplateResult {
    return html`<div class="actions">
      <button type="button" class="link" @click=${back}>${this.strings.back}</button>
      <button type="submit" class="primary" aria-disabled=${this._busy}>${submit}</button>
    </div>`;
  }

  #contact(): TemplateResult {
    const s = this.strings;
    const user = this.user;
    const submit = (event: Event) => {
      event.preventDefault();
      const email = user?.email ?? this.#value('email');
      const message = !email
        ? MESSAGES.email
        : email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
          ? s.errorEmail
          : '';
      this._errors = message ? { email: message } : {};
      if (message) return void this.#focusInvalid();
      this.#set({ email, step: 'address' });
    };
    return html`${this.#heading(s.contactTitle)}
      <form novalidate @submit=${submit}>
        ${
          user
            ? html`<p>${fill(s.contactSignedIn, { email: user.email })}</p>`
            : html`${this.#input('email', s.email, 'email', this.state.email, 'email')}
                <p class="muted">${s.guestNote}</p>
                ${this.#signInButton()}`
        }
        ${this.#actions(s.continue, () => this.#emit('cart-checkout-back'))}
      </form>`;
  }

  #value(name: string): string {
    return (this.renderRoot.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value ?? '').trim();
  }

  #focusInvalid(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  #input(name: Field, label: string, autocomplete: string, value: string, type = 'text', optional = false) {
    const error = this._errors[name];
    return html`<label part="field">
      <span>${label}${optional ? html` <span class="muted">${this.strings.optional}</span>` : nothing}</span>
      <input name=${name} type=${type} autocomplete=${autocomplete} .value=${value ?? ''} ?required=${!optional}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${name}-error` : nothing} />
      ${error ? html`<p class="field-error" part="field-error" id=${`${name}-error`}>${error}</p>` : nothing}
    </label>`;
  }

  #address(): TemplateResult {
    const s = this.strings;
    const address = this.state.address;
    const countries = this._countries;
    const countryError = this._errors.country;
    const submit = async (event: Event) => {
      event.preventDefault();
      if (this._busy) return;
      const values = this.#typedAddress();
      const errors: Partial<Record<Field, string>> = {};
      for (const [name, message] of Object.entries(MESSAGES) as [Field, string][]) {
        if (name !== 'email' && !values[name]) errors[name] = message;
      }
      for (const [name, max] of Object.entries(MAX) as [Field, number][]) {
        if (!errors[name] && (values[name]?.length ?? 0) > max)
          errors[name] = `Keep this to ${max} characters or fewer.`;
      }
      if (!errors.postalCode && !/^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(values['postalCode']!)) {
        errors.postalCode = 'Use only letters, digits, spaces and hyphens in the postal code.';
      }
      this.#set({ address: values });
      this._errors = errors;
      if (Object.keys(errors).length > 0) return void this.#focusInvalid();
      if (await this.#quote()) this.#go(this.state.quote?.shippingOptions.length ? 'shipping' : 'address');
    };
    return html`${this.#heading(s.addressTitle)}
      <form novalidate @submit=${submit}>
        ${FIELDS.map(([name, label, autocomplete]) =>
          this.#input(name, s[label], autocomplete, address[name] ?? '', 'text', name === 'line2' || name === 'region'),
        )}
        <label part="field">
          <span>${s.country}</span>
          ${
            countries.length
              ? html`<select name="country" autocomplete="country" required aria-invalid=${countryError ? 'true' : 'false'}
                  aria-describedby=${countryError ? 'country-error' : nothing}>
                  ${countries.map((code) => html`<option value=${code} ?selected=${address['country'] === code}>${this.#countryName(code)}</option>`)}
                </select>`
              : html`<input name="country" autocomplete="country" required .value=${address['country'] ?? ''}
                  aria-invalid=${countryError ? 'true' : 'false'} aria-describedby=${countryError ? 'country-error' : nothing} />`
          }
          ${countryError ? html`<p class="field-error" part="field-error" id="country-error">${countryError}</p>` : nothing}
        </label>
        ${this.#actions(s.continue, () => this.#go('contact'))}
      </form>`;
  }

  #countryName(code: string): string {
    try {
      return new Intl.DisplayNames(this.locale ? [this.locale] : undefined, { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** Quote the cart for the state's address (and option); true when a quote came back. */
  async #quote(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    this._busy = true;
    try {
      const { address, optionId } = this.state;
      const email = this.user?.email ?? this.state.email;
      const shippingAddress = Object.fromEntries(Object.entries(address).filter(([, v]) => v)) as never;
      const discountCode = this.state.discountCode;
      const quote = await client.quote({
        ...(email ? { email } : {}),
        shippingAddress,
        ...(optionId ? { shippingOptionId: optionId } : {}),
        ...(discountCode ? { discountCode } : {}),
      });
      this.#take(quote);
      const where = quote.problems.find((p) => p.code === 'COUNTRY_NOT_SHIPPED' || p.code === 'REGION_REQUIRED');
      if (where) {
        this._errors = { [where.code === 'REGION_REQUIRED' ? 'region' : 'country']: where.message };
        this.#focusInvalid();
        return false;
      }
      if (quote.shippingOptions.length === 0) this._error = this.strings.noShipping;
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    } finally {
      this._busy = false;
    }
  }

  /**
   * Shows a quote. A code the quote refuses is dropped from the state (so the checkout does not
   * send it and is not blocked by it) and its reason shown at the code field; the quote's total is
   * the one without it.
   */
  #take(quote: Quote): void {
    const refused = quote.problems.find(isCodeProblem);
    if (refused) this._codeError = this.#codeReason(refused);
    this.#set({
      quote,
      optionId: quote.shippingOptionId ?? undefined,
      ...(refused ? { discountCode: '' } : {}),
    });
  }

  /** A refused code's reason in the element's strings (the server's message for a code it does not know). */
  #codeReason(problem: QuoteProblem): string {
    const s = this.strings;
    const p = problem as QuoteProblem & { discountCode?: string; minimumSubtotal?: number };
    const reasons: Record<string, string> = {
      DISCOUNT_CODE_UNKNOWN: s.codeUnknown,
      DISCOUNT_CODE_NOT_STARTED: s.codeNotStarted,
      DISCOUNT_CODE_EXPIRED: s.codeExpired,
      DISCOUNT_CODE_EXHAUSTED: s.codeExhausted,
      DISCOUNT_CODE_CUSTOMER_LIMIT: s.codeCustomerLimit,
      DISCOUNT_CODE_MINIMUM_NOT_MET: s.codeMinimum,
      DISCOUNT_CODE_NOT_APPLICABLE: s.codeNotApplicable,
    };
    const text = reasons[problem.code];
    if (!text) return problem.message;
    return fill(text, {
      code: p.discountCode ?? '',
      amount: p.minimumSubtotal === undefined ? '' : this.#money(p.minimumSubtotal),
    });
  }

  /** "Apply" (or Enter in the code field): check the code's shape, then quote with it. */
  async #applyCode(): Promise<void> {
    if (this._busy) return;
    const typed = this.#value('discountCode');
    if (!CODE.test(typed)) {
      this._codeError = typed ? this.strings.codeInvalid : this.strings.codeEmpty;
      return void this.#focusCode();
    }
    this._codeError = '';
    this.#set({ discountCode: typed.toUpperCase() });
    await this.#quote();
    if (this._codeError) this.#focusCode();
  }

  /** "Remove": quote again without the code. */
  async #removeCode(): Promise<void> {
    if (this._busy) return;
    this._codeError = '';
    this.#set({ discountCode: '' });
    await this.#quote();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[name="discountCode"]')?.focus());
  }

  #focusCode(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[name="discountCode"]')?.focus());
  }

  /** The code field of the review: a group, not a form (Enter in it applies the code, never pays). */
  #codeField(quote: Quote): TemplateResult {
    const s = this.strings;
    const applied = this.state.discountCode;
    if (applied && quote.discount > 0) {
      return html`<div class="row applied" part="discount-code" role="group" aria-label=${s.discountCode}>
        <span role="status">${fill(s.codeApplied, { code: applied, amount: this.#money(quote.discount) })}</span>
        <button type="button" class="link" @click=${() => this.#removeCode()}>${s.removeCode}</button>
      </div>`;
    }
    const error = this._codeError;
    const keydown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      void this.#applyCode();
    };
    return html`<div part="discount-code" class="code">
      <label part="field" for="discount-code">${s.discountCode}</label>
      <div class="row">
        <input id="discount-code" name="discountCode" autocomplete="off" autocapitalize="characters" spellcheck="false"
          maxlength="32" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'discount-error' : nothing}
          @keydown=${keydown} />
        <button type="button" aria-disabled=${this._busy} @click=${() => this.#applyCode()}>${s.applyCode}</button>
      </div>
      ${error ? html`<p class="field-error" part="field-error" id="discount-error" role="alert">${error}</p>` : nothing}
    </div>`;
  }

  #fail(error: unknown): void {
    const problem = (error as { problem?: { errors?: { path: string; message: string }[] } }).problem;
    const errors: Partial<Record<Field, string>> = {};
    for (const e of problem?.errors ?? []) {
      const field = e.path.split('.').pop() as Field;
      errors[field] ??= e.message;
    }
    this._errors = errors;
    if (Object.keys(errors).length > 0) {
      if (errors.email) this.#set({ step: 'contact' });
      this.#focusInvalid();
    } else this._error = errorMessage(error, this.strings, () => undefined);
  }

  #shipping(): TemplateResult {
    const s = this.strings;
    const quote = this.state.quote;
    const submit = async (event: Event) => {
      event.preventDefault();
      const chosen = this.renderRoot.querySelector<HTMLInputElement>('input[name="shipping"]:checked')?.value;
      this.#set({ optionId: chosen });
      if (await this.#quote()) this.#go('review');
    };
    return html`${this.#heading(s.shippingTitle)}
      <form @submit=${submit}>
        <fieldset part="shipping-options">
          <legend class="visually-hidden">${s.shippingTitle}</legend>
          ${quote?.shippingOptions.map(
            (option) => html`<label class="radio">
              <input type="radio" name="shipping" value=${option.id} ?checked=${option.id === this.state.optionId} />
              <span>${option.label}</span><span>${this.#money(option.amount)}</span>
            </label>`,
          )}
        </fieldset>
        ${this.#actions(s.continue, () => this.#go('address'))}
      </form>`;
  }

  #review(): TemplateResult {
    const s = this.strings;
    const quote = this.state.quote;
    if (!quote) return html`${this.#heading(s.reviewTitle)}<p class="muted" role="status">${s.loading}</p>`;
    // A refused code is not applied (see #take): it neither blocks the checkout nor shows as a notice.
    const problems = quote.problems.filter((p) => !isCodeProblem(p));
    const blocked = problems.some(blocksCheckout);
    const notices = problems.map((p) => {
      if (p.code === 'PRICE_CHANGED') {
        return fill(s.priceChanged, {
          name: p.name,
          old: this.#money(p.oldUnitPrice),
          new: this.#money(p.newUnitPrice),
        });
      }
      if (p.code === 'OVER_STOCK') return fill(s.overStock, { name: p.name, stock: p.stock });
      return p.message;
    });
    const row = (label: string, minor: number, cls = '') =>
      html`<div class="row ${cls}"><span>${label}</span><span>${this.#money(minor)}</span></div>`;
    const option = quote.shippingOptions.find((o) => o.id === quote.shippingOptionId);
    const pay = async (event: Event) => {
      event.preventDefault();
      if (this._busy || blocked || !this.client || !quote.shippingOptionId) return;
      this._busy = true;
      this._error = '';
      try {
        const order: Order = await this.client.checkout({
          email: this.user?.email ?? this.state.email,
          shippingAddress: Object.fromEntries(Object.entries(this.state.address).filter(([, v]) => v)) as never,
          shippingOptionId: quote.shippingOptionId,
          expectedTotal: quote.total,
          ...(this.state.discountCode && quote.discount > 0 ? { discountCode: this.state.discountCode } : {}),
        });
        this.#emit('cart-checkout-placed', { order });
      } catch (error) {
        const fresh = (error as { quote?: Quote }).quote;
        if (fresh) {
          const changed = (error as { code?: string }).code === 'QUOTE_CHANGED';
          this.#take(fresh);
          this.#set({ notice: changed ? s.quoteChanged : '' });
        } else this.#fail(error);
      } finally {
        this._busy = false;
      }
    };
    return html`${this.#heading(s.reviewTitle)}
      ${this.state.notice ? html`<p class="alert" part="notice" role="alert">${this.state.notice}</p>` : nothing}
      ${notices.map((text) => html`<p class="alert" part="notice">${text}</p>`)}
      <ul>
        ${quote.items.map(
          (line) => html`<li class="row" part="review-line">
            <bdi dir="auto">${line.name}</bdi><span class="muted">× ${line.quantity}</span>
            <span>${this.#money(line.lineTotal)}</span>
          </li>`,
        )}
      </ul>
      <p class="muted">${fill(s.contactSignedIn, { email: this.user?.email ?? this.state.email })}</p>
      <p class="muted">${s.shipTo}: ${[this.state.address['name'], this.state.address['line1'], this.state.address['city'], this.#countryName(this.state.address['country'] ?? '')].filter(Boolean).join(', ')}
        <button type="button" class="link" @click=${() => this.#go('address')}>${s.edit}</button></p>
      ${this.#codeField(quote)}
      <div part="totals">
        ${row(s.subtotal, quote.subtotal)}
        ${
          quote.discount
            ? html`<div class="row" part="discount"><span>${this.state.discountCode ? `${s.discount} (${this.state.discountCode})` : s.discount}</span><span>−${this.#money(quote.discount)}</span></div>`
            : nothing
        }
        ${row(option ? `${s.shipping} (${option.label})` : s.shipping, quote.shipping)}
        ${
          quote.taxIncluded
            ? html`<p class="muted">${fill(s.taxIncluded, { amount: this.#money(quote.tax) })}</p>`
            : row(s.tax, quote.tax)
        }
        ${row(s.total, quote.total, 'total')}
      </div>
      <form @submit=${pay}>
        ${blocked ? html`<button type="button" class="link" @click=${() => this.#emit('cart-checkout-back')}>${s.fixCart}</button>` : nothing}
        <div class="actions">
          <button type="button" class="link" @click=${() => this.#go('shipping')}>${s.back}</button>
          <button type="submit" class="primary" part="pay" aria-disabled=${this._busy || blocked}>
            ${this._busy ? s.paying : fill(s.pay, { amount: this.#money(quote.total) })}
          </button>
        </div>
      </form>`;
  }
}

if (!customElements.get('cart-checkout')) customElements.define('cart-checkout', CartCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'cart-checkout': CartCheckout;
  }
}
