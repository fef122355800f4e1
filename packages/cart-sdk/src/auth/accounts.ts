import type { Cart } from '@cartkit/contract';
import { toCartError } from '../http/errors.js';
import { emptyCart } from '../store/optimistic.js';
import type { AuthUser, CartAuth } from '../types.js';
import type { ClientCore } from '../client/core.js';

/**
 * Switching who the cart belongs to: sign-in (merging the anonymous cart into
 * the user's), sign-out (nothing of the user stays on the device), and the same
 * changes made in another tab.
 */
export class Accounts {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** The client's `auth` object. */
  createAuth(): CartAuth {
    const { session, store } = this.#core;
    return {
      signUp: ({ email, password }) => session.signUp(email, password),
      confirmSignUp: ({ email, code }) => session.confirmSignUp(email, code),
      resendConfirmationCode: ({ email }) => session.resendConfirmationCode(email),
      signIn: ({ email, password }) => this.#signIn(email, password),
      signOut: () => this.clearUser(true),
      forgotPassword: ({ email }) => session.forgotPassword(email),
      confirmForgotPassword: ({ email, code, password }) => session.confirmForgotPassword(email, code, password),
      currentUser: () => store.state.user,
      getAccessToken: () => session.getAccessToken(),
    };
  }

  async #signIn(email: string, password: string): Promise<AuthUser> {
    const { session, store, queue, tabs } = this.#core;
    await this.#core.persistence.hydrate();
    // Switching users on one device: the previous user's state must not carry over.
    if (session.session) await this.clearUser(true);
    const next = await session.signIn(email, password);
    store.dispatch({ type: 'user', user: next.user });
    // After the mutations already queued (they still go to the anonymous cart), merge.
    await queue.enqueueTask(() => this.mergeOrLoad());
    tabs.post({ type: 'signed-in', userId: next.user.userId });
    return next.user;
  }

  /** Move the anonymous lines into the user's cart and switch identity. */
  async mergeOrLoad(): Promise<Cart> {
    const { api, identity, session, store } = this.#core;
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
    this.#core.tabs.post({ type: 'cart', identity: identity.key(), cart });
    this.#core.realtime.start();
    return cart;
  }

  /**
   * Sign-out: nothing of the user's stays on the device — not the session, the
   * cart snapshot, the queued mutations nor the orders — and replies still in
   * flight for the old identity are dropped (the queue's abort).
   */
  async clearUser(broadcast: boolean): Promise<void> {
    const { queue, session, store, identity } = this.#core;
    queue.cancelAll('Signed out');
    if (broadcast) await session.signOut();
    else session.forget();
    identity.forget();
    this.#core.orders.stopPolling();
    store.dispatch({ type: 'signed-out' });
    store.dispatch({ type: 'cart', cart: emptyCart(store.state.currency), source: 'reset' });
    this.#core.realtime.stop();
    if (broadcast) {
      await this.#core.persistence.wipe();
      this.#core.tabs.post({ type: 'signed-out' });
    }
  }

  /** Another tab signed in (and merged): take its session and token from storage. */
  async adoptOtherTabSignIn(): Promise<void> {
    const { session, store, identity } = this.#core;
    const next = await session.hydrate();
    await identity.reload();
    store.dispatch({ type: 'user', user: next?.user ?? null });
    this.#core.realtime.start();
    await this.#core.refresh().catch(() => undefined);
  }
}
