import { AuthError } from '../errors/errors.js';
import type { AuthMode } from '../http/api.js';
import { readJson, writeJson } from '../store/storage.js';
import { emptyCart } from '../store/optimistic.js';
import type { ClientCore } from '../client/core.js';

/**
 * Who the cart requests speak for: the anonymous cart token (created lazily,
 * shared between tabs) or the signed-in user, and the credentials each route
 * needs, renewed once after a 401.
 */
export class Identity {
  readonly #core: ClientCore;
  #cartToken: string | null = null;
  #creating: Promise<string> | null = null;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  get cartToken(): string | null {
    return this.#cartToken;
  }

  /** Take a token read from storage at hydration (no write back). */
  restore(token: unknown): void {
    this.#cartToken = typeof token === 'string' ? token : null;
  }

  /** The identity key (`anon:<token>`, `user:<id>`), also while a merge is pending. */
  key(): string {
    if (this.#cartToken) return `anon:${this.#cartToken}`;
    const user = this.#core.session.user;
    return user ? `user:${user.userId}` : 'anon:';
  }

  async #bearer(): Promise<string> {
    const token = await this.#core.session.getAccessToken();
    if (!token) throw new AuthError({ code: 'UNAUTHORIZED', message: 'Not signed in' });
    return `Bearer ${token}`;
  }

  async credentials(auth: AuthMode): Promise<Record<string, string>> {
    switch (auth) {
      case 'none':
        return {};
      case 'user':
        return { authorization: await this.#bearer() };
      case 'merge':
        return { authorization: await this.#bearer(), 'x-cart-token': await this.ensureCartToken() };
      case 'cart':
        if (this.#cartToken) return { 'x-cart-token': this.#cartToken };
        if (this.#core.session.session) return { authorization: await this.#bearer() };
        return { 'x-cart-token': await this.ensureCartToken() };
    }
  }

  /** After a 401: refresh the session once, or replace an expired anonymous token. */
  async renew(auth: AuthMode): Promise<boolean> {
    const usedToken = auth === 'cart' && this.#cartToken !== null;
    if (auth === 'user' || (auth === 'cart' && !usedToken)) {
      try {
        await this.#core.session.refresh();
        return true;
      } catch {
        return false;
      }
    }
    if (usedToken) {
      // The anonymous cart expired server-side: start a new one (nothing left to keep).
      const { store } = this.#core;
      await this.setCartToken(null);
      store.dispatch({ type: 'cart', cart: emptyCart(store.state.currency), source: 'reset' });
      return true;
    }
    return false;
  }

  ensureCartToken(): Promise<string> {
    if (this.#cartToken) return Promise.resolve(this.#cartToken);
    this.#creating ??= (async () => {
      // Another tab may have started the anonymous cart since we loaded: share it.
      if (await this.adoptStoredToken()) return this.#cartToken!;
      const { data } = await this.#core.api.request<{ cartToken: string }>({
        method: 'post',
        path: 'cart/anonymous',
        auth: 'none',
      });
      await this.setCartToken(data.cartToken);
      this.#core.realtime.start();
      return data.cartToken;
    })().finally(() => {
      this.#creating = null;
    });
    return this.#creating;
  }

  /** Signed out and tokenless: pick up an anonymous token another tab stored. */
  async adoptStoredToken(): Promise<boolean> {
    const { session, storage, keys } = this.#core;
    if (this.#cartToken || session.session) return false;
    const token = await readJson<string>(storage, keys.cartToken);
    if (typeof token !== 'string' || this.#cartToken || session.session) return false;
    this.#cartToken = token;
    this.#core.realtime.start();
    return true;
  }

  /** Re-read the token another tab stored (it signed in and merged). */
  async reload(): Promise<void> {
    this.#cartToken = await readJson<string>(this.#core.storage, this.#core.keys.cartToken);
  }

  async setCartToken(token: string | null): Promise<void> {
    this.#cartToken = token;
    await writeJson(this.#core.storage, this.#core.keys.cartToken, token);
  }

  /** Forget the token in memory (sign-out; storage is cleared separately). */
  forget(): void {
    this.#cartToken = null;
  }
}
