import type { Cart } from '@cartkit/contract';
import type { Api } from '../http/api.js';
import { toCartError } from '../http/errors.js';
import type { MutationQueue } from '../queue/mutation-queue.js';
import type { Orders } from '../http/orders.js';
import type { TabChannel } from '../realtime/tabs.js';
import { emptyCart } from '../store/optimistic.js';
import type { Persistence } from '../store/persistence.js';
import type { Store } from '../store/store.js';
import type { AuthUser, CartAuth } from '../types.js';
import type { ConfigSource } from '../http/config.js';
import type { AuthController } from './controller.js';
import type { Identity } from './identity.js';
import type { Session } from './session.js';

type OAuth = typeof import('./oauth.js');
type OAuthEntry = 'signIn' | 'complete' | 'signOut';
type EntryArgs<K extends OAuthEntry> = Parameters<OAuth[K]> extends [unknown, unknown, ...infer A] ? A : never;

/** A popup for the hosted sign-in, opened now, in the click: after an await, a blocker may refuse it. */
const popupFor = (mode?: string) => (mode === 'popup' ? open('', 'cartkit-auth', 'popup') : null);

/** What switching identities needs from the client. */
export interface AccountsDeps {
  session: AuthController;
  identity: Pick<Identity, 'cartToken' | 'mergePending' | 'key' | 'changed' | 'setCartToken' | 'forget' | 'reload'>;
  store: Store;
  api: Pick<Api, 'request'>;
  queue: Pick<MutationQueue, 'enqueueTask' | 'cancelAll'>;
  persistence: Pick<Persistence, 'hydrate' | 'wipe'>;
  /** Tells the other tabs of this browser. */
  tabs: Pick<TabChannel, 'post'>;
  /** Signed out: the previous user's orders are no longer polled. */
  orders: Pick<Orders, 'stopPolling'>;
  /** `GET /cart` into the store (the client's `refresh`). */
  refresh(): Promise<unknown>;
  /** The deployment's config (the hosted sign-in's, for a provider sign-in). */
  config: Pick<ConfigSource, 'load'>;
}

/**
 * Switching who the cart belongs to: sign-in (merging the anonymous cart into
 * the user's), sign-out (nothing of the user stays on the device), and the same
 * changes made in another tab.
 */
export class Accounts {
  readonly #deps: AccountsDeps;

  constructor(deps: AccountsDeps) {
    this.#deps = deps;
  }

  /** The client's `auth` object. */
  createAuth(): CartAuth {
    const { session, store } = this.#deps;
    return {
      signUp: (input) => session.call('signUp', input),
      confirmSignUp: (input) => session.call('confirmSignUp', input),
      resendConfirmationCode: (input) => session.call('resendConfirmationCode', input),
      signIn: (input) => this.#signIn(input),
      signInWith: (provider, options = {}) => this.oauth('signIn', provider, options.mode, popupFor(options.mode)),
      // A provider session's sign-out also ends the hosted session (the lazy chunk does both).
      signOut: () => {
        const mode = session.session?.provider?.mode;
        return mode ? this.oauth('signOut', popupFor(mode)) : this.clearUser(true);
      },
      forgotPassword: (input) => session.call('forgotPassword', input),
      confirmForgotPassword: (input) => session.call('confirmForgotPassword', input),
      currentUser: () => store.state.user,
      getAccessToken: () => session.getAccessToken(),
    };
  }

  async #signIn(input: { email: string; password: string }): Promise<AuthUser> {
    const { session, persistence } = this.#deps;
    await persistence.hydrate();
    // Switching users on one device: the previous user's state must not carry over.
    if (session.session) await this.clearUser(true);
    return this.signedIn(await session.signIn(input));
  }

  /** One entry point of the provider sign-in's lazy chunk (`./oauth.ts`), run with this client's parts. */
  oauth<K extends OAuthEntry>(name: K, ...args: EntryArgs<K>): ReturnType<OAuth[K]> {
    return import('./oauth.js').then((m) =>
      (m[name] as (...all: unknown[]) => unknown)(this.#deps, this, ...args),
    ) as ReturnType<OAuth[K]>;
  }

  /** After any sign-in (password or provider): identity changed, merge after the queued mutations, tell the tabs. */
  async signedIn(next: Session): Promise<AuthUser> {
    const { store, queue, tabs } = this.#deps;
    this.#deps.identity.changed();
    store.dispatch({ type: 'user', user: next.user });
    // After the mutations already queued (they still go to the anonymous cart), merge.
    await queue.enqueueTask(() => this.mergeOrLoad());
    tabs.post({ type: 'signed-in', userId: next.user.userId });
    return next.user;
  }

  /** Signed in with an anonymous cart left to merge: merge it, after the queued mutations. */
  async finishMerge(): Promise<void> {
    if (this.#deps.identity.mergePending) await this.#deps.queue.enqueueTask(() => this.mergeOrLoad());
  }

  /** Move the anonymous lines into the user's cart and switch identity. */
  async mergeOrLoad(): Promise<Cart> {
    const { api, identity, session, store } = this.#deps;
    let cart: Cart;
    if (identity.cartToken) {
      try {
        ({ data: cart } = await api.request<Cart>({ method: 'post', path: 'cart/merge', auth: 'merge' }));
      } catch (thrown) {
        const error = await toCartError(thrown);
        // The anonymous cart expired: nothing to merge, the user's cart is all there is.
        if (error.status !== 401 || !session.session) throw error;
        await identity.setCartToken(null);
        ({ data: cart } = await api.request<Cart>({ method: 'get', path: 'cart', auth: 'user' }));
      }
      await identity.setCartToken(null);
    } else {
      ({ data: cart } = await api.request<Cart>({ method: 'get', path: 'cart', auth: 'user' }));
    }
    store.dispatch({ type: 'cart', cart, source: 'reset' });
    this.#deps.tabs.post({ type: 'cart', identity: identity.key(), cart });
    return cart;
  }

  /**
   * Sign-out: nothing of the user's stays on the device — not the session, the
   * cart snapshot, the queued mutations nor the orders — and replies still in
   * flight for the old identity are dropped (the queue's abort).
   */
  async clearUser(broadcast: boolean): Promise<void> {
    const { queue, session, store, identity } = this.#deps;
    queue.cancelAll('Signed out');
    if (broadcast) await session.signOut();
    else session.forget();
    identity.forget(); // identity changed: the socket closes
    this.#deps.orders.stopPolling();
    store.dispatch({ type: 'signed-out' });
    store.dispatch({ type: 'cart', cart: emptyCart(store.state.currency), source: 'reset' });
    if (broadcast) {
      await this.#deps.persistence.wipe();
      this.#deps.tabs.post({ type: 'signed-out' });
    }
  }

  /** Another tab signed in (and merged): take its session and token from storage. */
  async adoptOtherTabSignIn(): Promise<void> {
    const { session, store, identity } = this.#deps;
    const next = await session.hydrate();
    await identity.reload(); // identity changed (with the session just read)
    store.dispatch({ type: 'user', user: next?.user ?? null });
    await this.#deps.refresh().catch(() => undefined);
  }
}
