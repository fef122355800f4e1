import type { CartSnapshot, CartStatus } from '../types.js';
import { type Action, initialState, reduce, type State } from './reducer.js';

function statusOf(state: State): CartStatus {
  if (state.loading && state.cart === null) return 'loading';
  if (state.offline) return 'offline';
  if (state.inFlight > 0 || state.pending.length > 0) return 'syncing';
  if (state.error) return 'error';
  return 'idle';
}

/**
 * The observable store: `dispatch` runs the reducer, `getSnapshot` returns an
 * object whose identity changes only when something a reader can see changed.
 */
export class Store {
  #state: State;
  #snapshot: CartSnapshot;
  readonly #listeners = new Set<(snapshot: CartSnapshot) => void>();

  constructor(state: State = initialState()) {
    this.#state = state;
    this.#snapshot = this.#toSnapshot(state);
  }

  get state(): State {
    return this.#state;
  }

  getSnapshot = (): CartSnapshot => this.#snapshot;

  subscribe = (listener: (snapshot: CartSnapshot) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  dispatch(action: Action): void {
    const next = reduce(this.#state, action);
    if (next === this.#state) return;
    this.#state = next;
    const snapshot = this.#toSnapshot(next);
    if (snapshot === this.#snapshot) return;
    this.#snapshot = snapshot;
    for (const listener of [...this.#listeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        // One broken listener must not stop the others or the store; report it
        // without turning it into an uncaught exception (which would kill a Node server).
        const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
        if (report) report(error);
        else console.error(error);
      }
    }
  }

  #toSnapshot(state: State): CartSnapshot {
    const previous = this.#snapshot as CartSnapshot | undefined;
    const status = statusOf(state);
    if (
      previous &&
      previous.status === status &&
      previous.cart === state.cart &&
      previous.pending === state.pending &&
      previous.error === state.error &&
      previous.user === state.user &&
      previous.orders === state.orders
    ) {
      return previous;
    }
    return Object.freeze({
      status,
      cart: state.cart,
      pending: state.pending,
      error: state.error,
      user: state.user,
      orders: state.orders,
    });
  }
}
