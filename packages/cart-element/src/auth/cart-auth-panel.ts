import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { errorMessage } from '../error-reporter.js';
import type { CartClient } from '../sdk.js';
import { type CartStrings, defaultStrings, fill } from '../strings.js';
import { theme } from '../styles/theme.js';
import { authPanelStyles } from './cart-auth-panel.styles.js';
import { type AuthField, type AuthMode, authForms } from './auth-forms.js';

/**
 * Sign in, sign up (with code confirmation), and password reset, shown inside
 * the `<shopping-cart>` drawer. Loaded lazily; signing in merges the anonymous
 * cart into the user's (the SDK does it).
 *
 * @fires cart-auth-done - When the shopper has signed in.
 * @csspart form - The current form.
 * @csspart error - Its error message.
 */
export class CartAuthPanel extends LitElement {
  static override styles = [theme, authPanelStyles];

  /** The SDK client to authenticate with. */
  @property({ attribute: false }) client: CartClient | undefined;

  /** UI strings. */
  @property({ attribute: false }) strings: CartStrings = defaultStrings;

  @state() private _mode: AuthMode = 'signIn';
  @state() private _busy = false;
  @state() private _error = '';
  @state() private _notice = '';
  #email = '';
  #password = '';

  override render() {
    const form = authForms[this._mode];
    const s = this.strings;
    return html`
      <form part="form" aria-labelledby="heading" @submit=${this.#submit} aria-busy=${this._busy ? 'true' : 'false'}>
        <h3 id="heading">${s[form.title]}</h3>
        ${this._notice ? html`<p role="status">${this._notice}</p>` : nothing}
        ${this._error ? html`<p class="alert" part="error" role="alert">${this._error}</p>` : nothing}
        ${form.fields.map((field) => this.#field(field))}
        <button class="primary" type="submit" aria-disabled=${this._busy}>${s[form.submit]}</button>
        <div class="links">
          ${form.links.map(
            (link) =>
              html`<button type="button" class="link" @click=${() => this.#go(link.mode)}>${s[link.label]}</button>`,
          )}
        </div>
      </form>
    `;
  }

  #field(field: AuthField) {
    const value = field.name === 'email' ? this.#email : '';
    return html`<label>
      <span>${this.strings[field.label]}</span>
      <input name=${field.name} type=${field.type} autocomplete=${field.autocomplete} .value=${value} required
        minlength=${field.name === 'email' ? nothing : field.name === 'code' ? 1 : 8} />
    </label>`;
  }

  #go(mode: AuthMode, notice = ''): void {
    this._mode = mode;
    this._error = '';
    this._notice = notice;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const auth = this.client?.auth;
    if (!auth || this._busy) return;
    const data = new FormData(event.target as HTMLFormElement);
    const email = String(data.get('email') ?? this.#email).trim();
    const password = String(data.get('password') ?? '');
    const code = String(data.get('code') ?? '').trim();
    this.#email = email;
    this._busy = true;
    this._error = '';
    try {
      switch (this._mode) {
        case 'signIn':
          await auth.signIn({ email, password });
          this.dispatchEvent(new Event('cart-auth-done', { bubbles: true }));
          break;
        case 'signUp': {
          this.#password = password;
          const { userConfirmed } = await auth.signUp({ email, password });
          if (userConfirmed) await this.#signInAfterSignUp(email);
          else this.#go('confirm', fill(this.strings.codeSent, { email }));
          break;
        }
        case 'confirm':
          await auth.confirmSignUp({ email, code });
          await this.#signInAfterSignUp(email);
          break;
        case 'forgot':
          await auth.forgotPassword({ email });
          this.#go('reset', fill(this.strings.codeSent, { email }));
          break;
        case 'reset':
          await auth.confirmForgotPassword({ email, code, password });
          this.#go('signIn', this.strings.passwordReset);
          break;
      }
    } catch (error) {
      this._error = errorMessage(error, this.strings);
      if (error instanceof Error && error.message && error.name === 'AuthError') this._error = error.message;
    } finally {
      this._busy = false;
    }
  };

  async #signInAfterSignUp(email: string): Promise<void> {
    const password = this.#password;
    this.#password = '';
    if (!password || !this.client) return this.#go('signIn');
    await this.client.auth.signIn({ email, password });
    this.dispatchEvent(new Event('cart-auth-done', { bubbles: true }));
  }
}

// Guarded: a second copy of the script (or CDN + bundle on one page) must not throw.
if (!customElements.get('cart-auth-panel')) customElements.define('cart-auth-panel', CartAuthPanel);

declare global {
  interface HTMLElementTagNameMap {
    'cart-auth-panel': CartAuthPanel;
  }
}
