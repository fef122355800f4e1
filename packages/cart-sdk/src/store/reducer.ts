import type { Cart, Order } from '@cartkit/contract';
import type { CartError } from '../errors/errors.js';
import type { AuthUser, PendingMutation, SnapshotCart } from '../types.js';
import { applyPending, emptyCart } from './optimistic.js';

/** The client's whole state. Changed only by {@link reduce}. */
export interface State {
  /** The last accepted server cart of the current identity (highest version). */
  readonly base: Cart | null;
  /** A newer cart from the socket/another tab that arrived while a mutation was in flight. */
  readonly deferred: Cart | null;
  readonly pending: readonly PendingMutation[];
  /** Derived: `base` with `pending` applied. */
  readonly cart: SnapshotCart | null;
  readonly currency: string;
  readonly loading: boolean;
  readonly inFlight: number;
  readonly offline: boolean;
  readonly error: CartError | null;
  readonly user: AuthUser | null;
  readonly orders: Readonly<Record<string, Order>>;
}

/** Every state change, as a discriminated union. */
export type Action =
  | { type: 'hydrate'; cart: Cart | null; pending: readonly PendingMutation[]; user: AuthUser | null }
  | { type: 'config'; currency: string }
  | { type: 'loading'; loading: boolean }
  | { type: 'request'; delta: 1 | -1 }
  /** A cart from the server. `reply`: the answer to our own request; `external`: socket, other tab, refetch; `reset`: a new identity. */
  | { type: 'cart'; cart: Cart; source: 'reply' | 'external' | 'reset' | 'cart.repriced' }
  | { type: 'mutation/enqueue'; mutation: PendingMutation }
  | { type: 'mutation/state'; id: string; state: PendingMutation['state'] }
  | { type: 'mutation/success'; id: string; cart: Cart }
  | { type: 'mutation/rollback'; id: string; error: CartError }
  | { type: 'mutation/drop-all' }
  | { type: 'offline'; offline: boolean }
  | { type: 'error'; error: CartError | null }
  | { type: 'user'; user: AuthUser | null }
  | { type: 'order'; order: Order }
  | { type: 'signed-out' };

/** The state before anything is known. */
export function initialState(currency = 'USD'): State {
  return {
    base: null,
    deferred: null,
    pending: [],
    cart: null,
    currency,
    loading: false,
    inFlight: 0,
    offline: false,
    error: null,
    user: null,
    orders: {},
  };
}

/**
 * Settled statuses, which never go back to a pending one: `PAID`, `CONFIRMED`,
 * `FAILED`, `EXPIRED`, and the shop's later moves `FULFILLED`,
 * `PARTIALLY_REFUNDED`, `REFUNDED` (between settled statuses the latest update wins).
 * The orders' polling stops at them too (later moves come over the socket).
 */
export const SETTLED: ReadonlySet<string> = new Set([
  'PAID',
  'CONFIRMED',
  'FAILED',
  'EXPIRED',
  'FULFILLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
]);

/** Strictly newer: an equal version is the same cart, keep the object we have (stable identity). */
function newer(candidate: Cart, current: Cart | null): boolean {
  return current === null || candidate.version > current.version;
}

function anySending(pending: readonly PendingMutation[]): boolean {
  return pending.some((m) => m.state === 'sending');
}

/** Adopt a deferred cart once nothing is in flight, if it is still the newest. */
function flushDeferred(state: State): State {
  if (state.deferred === null || anySending(state.pending)) return state;
  const base = newer(state.deferred, state.base) ? state.deferred : state.base;
  return { ...state, base, deferred: null };
}

function step(state: State, action: Action): State {
  switch (action.type) {
    case 'hydrate':
      return {
        ...state,
        base: action.cart ?? state.base,
        pending: action.pending.length > 0 ? action.pending : state.pending,
        user: action.user ?? state.user,
      };
    case 'config':
      return state.currency === action.currency ? state : { ...state, currency: action.currency };
    case 'loading':
      return state.loading === action.loading ? state : { ...state, loading: action.loading };
    case 'request':
      return { ...state, inFlight: Math.max(0, state.inFlight + action.delta) };
    case 'cart': {
      if (action.source === 'reset') return { ...state, base: action.cart, deferred: null };
      // Same version, new catalog figures (issue 16): it replaces the cart of that version; any other
      // version is judged like a reply (while a mutation is in flight, the pending lines stay on top).
      if (action.source === 'cart.repriced' && action.cart.version === state.base?.version)
        return { ...state, base: action.cart };
      if (action.source === 'external' && anySending(state.pending)) {
        // Its version may or may not include the in-flight mutation; applying it now
        // could show an add twice. Hold it until the queue settles (TanStack's cancelQueries).
        return newer(action.cart, state.deferred ?? state.base) ? { ...state, deferred: action.cart } : state;
      }
      return newer(action.cart, state.base) && action.cart !== state.base ? { ...state, base: action.cart } : state;
    }
    case 'mutation/enqueue':
      // A new user action starts clean: the last failure has been seen.
      return { ...state, pending: [...state.pending, action.mutation], error: null };
    case 'mutation/state': {
      const index = state.pending.findIndex((m) => m.id === action.id);
      const current = state.pending[index];
      if (current === undefined || current.state === action.state) return state;
      const pending = state.pending.slice();
      pending[index] = { ...current, state: action.state };
      return flushDeferred({ ...state, pending });
    }
    case 'mutation/success': {
      const pending = state.pending.filter((m) => m.id !== action.id);
      const base = newer(action.cart, state.base) ? action.cart : state.base;
      // The error of an earlier mutation stays: a later success must not hide it.
      return flushDeferred({ ...state, pending, base, offline: false });
    }
    case 'mutation/rollback': {
      const pending = state.pending.filter((m) => m.id !== action.id);
      return flushDeferred({ ...state, pending, error: action.error });
    }
    case 'mutation/drop-all':
      return state.pending.length === 0 ? state : { ...state, pending: [] };
    case 'offline':
      return state.offline === action.offline ? state : { ...state, offline: action.offline };
    case 'error':
      return state.error === action.error ? state : { ...state, error: action.error };
    case 'user':
      return state.user === action.user ? state : { ...state, user: action.user };
    case 'order': {
      const current = state.orders[action.order.orderId];
      // Orders have no version: never go back from a final state, else keep the latest update.
      if (current) {
        if (SETTLED.has(current.status) && !SETTLED.has(action.order.status)) return state;
        if (current.updatedAt > action.order.updatedAt) return state;
        if (current.status === action.order.status && current.updatedAt === action.order.updatedAt) return state;
      }
      return { ...state, orders: { ...state.orders, [action.order.orderId]: action.order } };
    }
    case 'signed-out':
      return { ...initialState(state.currency) };
  }
}

/**
 * The one reducer: every change to the client's state goes through it. Keeps the
 * derived `cart` (the server cart with pending mutations on top) in step, and
 * returns the same object when nothing changed.
 */
export function reduce(state: State, action: Action): State {
  const next = step(state, action);
  if (next === state) return state;
  if (next.base === state.base && next.pending === state.pending && next.currency === state.currency) {
    return next.cart === state.cart ? next : { ...next, cart: state.cart };
  }
  const base = next.base ?? (next.pending.length > 0 ? emptyCart(next.currency) : null);
  return { ...next, cart: base === null ? null : applyPending(base, next.pending) };
}
