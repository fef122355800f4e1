import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { CartClient } from '../sdk.js';
import { type CartStrings, defaultStrings, fill } from '../strings.js';
import { theme } from '../styles/theme.js';
import { type AuthOperation, answersAsSuccess, authMessage, cognitoCode, type PanelStrings } from './auth-errors.js';
import { type AuthField, type AuthLink, type AuthMode, authForms } from './auth-forms.js';
import { defaultAuthStrings } from './auth-strings.js';
import { ProvidersController } from './providers-controller.js';
import { authPanelStyles } from '../styles/cart-auth-panel.styles.js';

/** A failure already turned into a message to show (so the submit handler shows it as is). */
class Shown extends Error {}

/**
 * Sign in, sign up with code confirmation (and a new code on request), and
 * password reset with a code, shown inside the `<shopping-cart>` drawer. Loaded
 * lazily; signing in merges the anonymous cart into the user's (the SDK does it).
 *
 * The sign-in and sign-up views start with a "Continue with …" button per
 * provider the shop offers (`GET /config` `oauth.providers`, labelled with the
 * provider's own name, nothing of the provider's loaded): the SDK's
 * `auth.signInWith` takes the page to the hosted sign-in, and the page's next
 * load finishes the sign-in.
 *
 * Every answer is one of the replaceable strings, never Cognito's text, and
 * none tells whether an address has an account. Each form renders its own
 * inputs, so a password never lands in another form's field; `focus()` moves
 * to the first empty field, as it does on every change of form.
 *
 * @fires cart-auth-done - When the shopper has signed in.
 * @csspart form - The current form.
 * @csspart error - Its error message.
 * @csspart notice - What the last step did ("we sent a code…").
 * @csspart providers - The group of "Continue with …" buttons.
 * @csspart provider - One "Continue with …" button (`data-provider` is the provider's id).
 */
export class CartAuthPanel extends LitElement {
  static override styles = [theme, authPanelStyles];

  /** The SDK client to authenticate with. */
  @property({ attribute: false }) client: CartClient | undefined;

  /** UI strings (the panel's own default where one is not given). */
  @property({ attribute: false }) strings: CartStrings = defaultStrings;

  @state() private _mode: AuthMode = 'signIn';
  @state() private _busy = false;
  @state() private _error = '';
  @state() private _notice = '';
  #providers = new ProvidersController(this, () => this.client);
  #email = '';
  // Kept (in memory only) between sign-up or an unconfirmed sign-in and the code, to sign in right after.
  #password = '';

  get #s(): PanelStrings {
    return { ...defaultAuthStrings, ...this.strings } as PanelStrings;
  }

  /** Focuses the current form's first empty field (else its first field). */
  override focus(options?: FocusOptions): void {
    const fields = [...this.renderRoot.querySelectorAll('input')];
    (fields.find((field) => !field.value) ?? fields[0])?.focus(options);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A new form replaced the one that had focus: move focus into it.
    if (changed.has('_mode' as keyof CartAuthPanel) && changed.get('_mode' as keyof CartAuthPanel) !== undefined) {
      this.focus();
    }
  }

  override render() {
    const form = authForms[this._mode];
    const s = this.#s;
    return html`
      <h3 id="heading">${s[form.title]}</h3>
      <p class="notice" part="notice" role="status">${this._notice}</p>
      ${this._mode === 'signIn' || this._mode === 'signUp' ? this.#providerButtons() : nothing}
      ${keyed(
        this._mode,
        html`<form part="form" aria-labelledby="heading" @submit=${this.#submit} aria-busy=${this._busy ? 'true' : 'false'}>
          ${this._error ? html`<p class="alert" part="error" role="alert">${this._error}</p>` : nothing}
          ${form.fields.map((field) => this.#field(field))}
          <button class="primary" type="submit" aria-disabled=${this._busy}>${s[form.submit]}</button>
          <div class="links">${form.links.map((link) => this.#link(link))}</div>
        </form>`,
      )}
    `;
  }

  /** One "Continue with …" button per provider, then the way on with an email. Outside the keyed form: focus stays. */
  #providerButtons() {
    const providers = this.#providers.list;
    if (providers.length === 0) return nothing;
    const s = this.#s;
    return html`<div class="providers" part="providers">
        ${providers.map(
          (provider) =>
            html`<button type="button" class="provider" part="provider" data-provider=${provider.id}
              aria-disabled=${this._busy} @click=${() => this.#continueWith(provider.id)}>
              ${fill(s.continueWith, { name: provider.name })}
            </button>`,
        )}
      </div>
      <p class="or">${s.orWithEmail}</p>`;
  }

  /** The hosted sign-in with `provider`: the page leaves (the promise never settles) and comes back signed in. */
  #continueWith(provider: string): void {
    const auth = this.client?.auth;
    if (!auth) return;
    void this.#run('provider', async () => {
      await auth.signInWith(provider);
      this.#done();
    });
  }

  #field(field: AuthField) {
    return html`<label>
      <span>${this.#s[field.label]}</span>
      <input name=${field.name} type=${field.type} autocomplete=${field.autocomplete}
        .value=${field.name === 'email' ? this.#email : ''} required
        minlength=${field.name === 'email' ? nothing : field.name === 'code' ? 1 : 8} />
    </label>`;
  }

  #link(link: AuthLink) {
    const go = 'mode' in link ? () => this.#go(link.mode) : () => void this.#resend();
    return html`<button type="button" class="link" @click=${go}>${this.#s[link.label]}</button>`;
  }

  /** The email as typed in the current form (carried over to the next form). */
  #typedEmail(): string {
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name="email"]');
    if (input) this.#email = input.value.trim();
    return this.#email;
  }

  #go(mode: AuthMode, notice = ''): void {
    this.#typedEmail();
    if (mode !== 'confirm') this.#password = '';
    this._mode = mode;
    this._error = '';
    this._notice = notice;
  }

  async #run(operation: AuthOperation, call: () => Promise<void>): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._error = '';
    try {
      await call();
    } catch (error) {
      this._error = error instanceof Shown ? error.message : this.#s[authMessage(operation, error)];
    } finally {
      this._busy = false;
    }
  }

  #submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const auth = this.client?.auth;
    if (!auth) return;
    const data = new FormData(event.target as HTMLFormElement);
    const email = this.#typedEmail();
    const password = String(data.get('password') ?? '');
    const code = String(data.get('code') ?? '').trim();
    const s = this.#s;
    const mode = this._mode;
    void this.#run(mode, async () => {
      switch (mode) {
        case 'signIn':
          try {
            await auth.signIn({ email, password });
          } catch (error) {
            const code = cognitoCode(error);
            if (code === 'UserNotConfirmedException') {
              this.#go('confirm', fill(s.confirmFirst, { email }));
              this.#password = password;
              return;
            }
            if (code === 'PasswordResetRequiredException') return this.#go('forgot', s.resetRequired);
            throw error;
          }
          this.#done();
          break;
        case 'signUp': {
          let confirmed = false;
          try {
            confirmed = (await auth.signUp({ email, password })).userConfirmed;
          } catch (error) {
            if (!answersAsSuccess('signUp', error)) throw error;
            // Taken: answer as for a new account. If it is still unconfirmed, its owner gets a code to finish.
            await auth.resendConfirmationCode({ email }).catch(() => undefined);
          }
          if (confirmed) {
            this.#password = password;
            await this.#signInAfterConfirm(email);
          } else {
            this.#go('confirm', fill(s.codeSent, { email }));
            this.#password = password;
          }
          break;
        }
        case 'confirm':
          await auth.confirmSignUp({ email, code });
          await this.#signInAfterConfirm(email);
          break;
        case 'forgot':
          await auth.forgotPassword({ email }).catch((error: unknown) => {
            if (!answersAsSuccess('forgot', error)) throw error;
          });
          this.#go('reset', fill(s.resetCodeSent, { email }));
          break;
        case 'reset':
          await auth.confirmForgotPassword({ email, code, password });
          this.#go('signIn', s.passwordReset);
          break;
      }
    });
  };

  /** "Send a new code": the sign-up code on the confirm form, the reset code on the reset form. */
  async #resend(): Promise<void> {
    const auth = this.client?.auth;
    if (!auth) return;
    const s = this.#s;
    const email = this.#typedEmail();
    const reset = this._mode === 'reset';
    await this.#run(reset ? 'forgot' : 'resend', async () => {
      if (!email) {
        this.renderRoot.querySelector<HTMLInputElement>('input[name="email"]')?.focus();
        throw new Shown(s.errorEmailRequired);
      }
      this._notice = '';
      const send = reset ? auth.forgotPassword({ email }) : auth.resendConfirmationCode({ email });
      await send.catch((error: unknown) => {
        if (!answersAsSuccess(reset ? 'forgot' : 'resend', error)) throw error;
      });
      this._notice = fill(reset ? s.resetCodeSent : s.codeResent, { email });
    });
  }

  async #signInAfterConfirm(email: string): Promise<void> {
    const password = this.#password;
    this.#password = '';
    if (password && this.client) {
      try {
        await this.client.auth.signIn({ email, password });
        return this.#done();
      } catch {
        // The account is confirmed either way; the shopper signs in by hand.
      }
    }
    this.#go('signIn', this.#s.accountConfirmed);
  }

  #done(): void {
    this.#password = '';
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
