import { AuthError } from '../errors/errors.js';
import type { Api, AuthMode } from '../http/api.js';
import { emptyCart } from '../store/optimistic.js';
import { readJson, type StorageAdapter, writeJson } from '../store/storage.js';
import type { Store } from '../store/store.js';
import type { AuthUser } from '../types.js';
import type { AuthController } from './controller.js';
import type { Session } from './session.js';

/** What the identity needs from the client. */
export interface IdentityDeps {
  session: Pick<AuthController, 'session' | 'user' | 'adopt' | 'getAccessToken' | 'refresh'>;
  storage: StorageAdapter;
  /** Where the anonymous token is stored (shared by the tabs of one browser). */
  tokenKey: string;
  /** Creates anonymous carts (`POST /cart/anonymous`). */
  api: Pick<Api, 'request'>;
  /** Shows an empty cart when the anonymous one expired server-side. */
  store: Pick<Store, 'dispatch' | 'state'>;
  /** "Identity changed": the key moved (see {@link Identity}); gets the new key. */
  onChange(key: string): void;
}

/**
 * Who the cart requests speak for: the anonymous cart token (created lazily,
 * shared between tabs) or the signed-in user, and the credentials each route
 * needs, renewed once after a 401.
 *
 * "Identity changed" is one event (`IdentityDeps.onChange`): whenever the
 * identity key moves (a token created, adopted or dropped here; a sign-in, a
 * merge, a sign-out, here or in another tab, which `Accounts` reports with
 * {@link Identity.changed}). Restoring from storage is silent, so nothing
 * touches the network before `ready()`; `ready()` then announces the restored
 * identity ({@link Identity.announce}).
 */
export class Identity {
  readonly #deps: IdentityDeps;
  #cartToken: string | null = null;
  #creating: Promise<string> | null = null;
  /** The key as last seen (restored or changed). */
  #key = 'anon:';

  constructor(deps: IdentityDeps) {
    this.#deps = deps;
  }

  get cartToken(): string | null {
    return this.#cartToken;
  }

  /** Someone the cart belongs to: an anonymous token or a signed-in user. */
  get present(): boolean {
    return this.key() !== 'anon:';
  }

  /** Signed in with an anonymous cart still to merge (the merge waits for the network, or for `ready()`). */
  get mergePending(): boolean {
    return !!this.#cartToken && !!this.#deps.session.session;
  }

  /** The identity key (`anon:<token>`, `user:<id>`), also while a merge is pending. */
  key(): string {
    if (this.#cartToken) return `anon:${this.#cartToken}`;
    const user = this.#deps.session.user;
    return user ? `user:${user.userId}` : 'anon:';
  }

  /** `ready()` has loaded: say who the cart belongs to. */
  announce(): void {
    this.#key = this.key();
    this.#deps.onChange(this.#key);
  }

  /** The token or the session changed: if the key moved, that is "identity changed". */
  changed(): void {
    const key = this.key();
    if (key === this.#key) return;
    this.#key = key;
    this.#deps.onChange(key);
  }

  /** Take the session and token read from storage at hydration (silently, no write back); returns the user. */
  restore(session: Session | null, token: unknown): AuthUser | null {
    const user = this.#deps.session.adopt(session)?.user ?? null;
    this.#cartToken = typeof token === 'string' ? token : null;
    this.#key = this.key();
    return user;
  }

  async #bearer(): Promise<string> {
    const token = await this.#deps.session.getAccessToken();
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
        if (this.#deps.session.session) return { authorization: await this.#bearer() };
        return { 'x-cart-token': await this.ensureCartToken() };
    }
  }

  /** After a 401: refresh the session once, or replace an expired anonymous token. */
  async renew(auth: AuthMode): Promise<boolean> {
    const usedToken = auth === 'cart' && this.#cartToken !== null;
    if (auth === 'user' || (auth === 'cart' && !usedToken)) {
      try {
        await this.#deps.session.refresh();
        return true;
      } catch {
        return false;
      }
    }
    if (usedToken) {
      // The anonymous cart expired server-side: start a new one (nothing left to keep).
      const { store } = this.#deps;
      await this.setCartToken(null);
      store.dispatch({ type: 'cart', cart: emptyCart(store.state.currency), source: 'reset' });
      return true;
    }
    return false;
  }

  /** The realtime socket's credential as a query (`token=…` or `cartToken=…`), or null when there is none. */
  async socketQuery(): Promise<string | null> {
    if (this.#deps.session.session && !this.#cartToken) {
      const token = await this.#deps.session.getAccessToken();
      return token ? `token=${encodeURIComponent(token)}` : null;
    }
    if (this.#cartToken) return `cartToken=${encodeURIComponent(this.#cartToken)}`;
    return null;
  }

  /**
   * The socket refused its credential (4401): refresh the session, or refetch the
   * cart (`refetch`), whose 401 replaces an expired anonymous token. True once renewed.
   */
  async renewSocketCredential(refetch: () => Promise<unknown>): Promise<boolean> {
    try {
      if (this.#deps.session.session && !this.#cartToken) {
        await this.#deps.session.refresh();
        return true;
      }
      const before = this.#cartToken;
      await refetch();
      return this.#cartToken !== before;
    } catch {
      return false;
    }
  }

  ensureCartToken(): Promise<string> {
    if (this.#cartToken) return Promise.resolve(this.#cartToken);
    this.#creating ??= (async () => {
      // Another tab may have started the anonymous cart since we loaded: share it.
      if (await this.adoptStoredToken()) return this.#cartToken!;
      const { data } = await this.#deps.api.request<{ cartToken: string }>({
        method: 'post',
        path: 'cart/anonymous',
        auth: 'none',
      });
      await this.setCartToken(data.cartToken);
      return data.cartToken;
    })().finally(() => {
      this.#creating = null;
    });
    return this.#creating;
  }

  /** Signed out and tokenless: pick up an anonymous token another tab stored. */
  async adoptStoredToken(): Promise<boolean> {
    const { session, storage, tokenKey } = this.#deps;
    if (this.#cartToken || session.session) return false;
    const token = await readJson<string>(storage, tokenKey);
    if (typeof token !== 'string' || this.#cartToken || session.session) return false;
    this.#cartToken = token;
    this.changed();
    return true;
  }

  /** Re-read the token another tab stored (it signed in and merged). */
  async reload(): Promise<void> {
    this.#cartToken = await readJson<string>(this.#deps.storage, this.#deps.tokenKey);
    this.changed();
  }

  async setCartToken(token: string | null): Promise<void> {
    this.#cartToken = token;
    this.changed();
    await writeJson(this.#deps.storage, this.#deps.tokenKey, token);
  }

  /** Forget the token in memory (sign-out; storage is cleared separately). */
  forget(): void {
    this.#cartToken = null;
    this.changed();
  }
}
