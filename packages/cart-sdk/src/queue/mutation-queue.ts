import type { Cart } from '@cartkit/contract';
import { CancelledError, type CartError, NetworkError } from '../errors/errors.js';
import { isUnreachableError, isVersionConflictError } from '../errors/guards.js';
import type { Store } from '../store/store.js';
import type { LineHint, MutationInput, PendingMutation } from '../types.js';

/** What the queue needs from the client. */
export interface QueueDeps {
  store: Store;
  /** Send one mutation; resolves with the server's cart. */
  send(mutation: PendingMutation, signal: AbortSignal): Promise<Cart>;
  /** False while the browser is offline (`navigator.onLine`, an `offline` event, `setOnline(false)`). */
  isOnline(): boolean;
  /** The queue stopped with mutations waiting to be replayed; the client schedules a replay. */
  onOffline(): void;
  /** A mutation's reply was accepted (for cross-tab sync). */
  onServerCart(cart: Cart): void;
  /** Turn anything thrown into a CartError. */
  toError(error: unknown): Promise<CartError>;
}

type Task =
  | { type: 'mutation'; id: string }
  | {
      type: 'task';
      run: (signal: AbortSignal) => Promise<unknown>;
      resolve(v: unknown): void;
      reject(e: unknown): void;
    };

interface Waiter {
  resolve(cart: Cart): void;
  reject(error: unknown): void;
}

/**
 * Marks `promise` handled (an unhandled rejection is not reported for it) and returns
 * it unchanged: it still rejects for whoever awaits it or chains on it.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

let counter = 0;
function newId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * One cart's mutations, run one at a time in call order, with TanStack Query's
 * lifecycle: `onMutate` (the optimistic change, synchronous in `enqueue`),
 * `onSuccess`/`onSettled` (the server's cart, highest version wins), `onError`
 * (drop the mutation: its optimistic effect disappears, later ones stay).
 *
 * Offline versus "the server is down": a mutation made while the browser is
 * offline (or waiting when it went offline, or restored after a reload) is
 * *durable*: it stays, marked `offline`, and replays in order on
 * {@link MutationQueue.resume}. A mutation made online that cannot reach the
 * server (after the HTTP retries) is rolled back with the error, like any other
 * failure: the shopper sees it at once, nothing is left queued behind their back.
 */
export class MutationQueue {
  readonly #deps: QueueDeps;
  #tasks: Task[] = [];
  readonly #waiters = new Map<string, Waiter>();
  #running: Promise<void> | null = null;
  #abort = new AbortController();
  #paused = false;
  /** The client was destroyed: enqueue rejects at once. */
  #closed = false;
  /** Mutations that wait for the network instead of failing (made offline, or restored). */
  readonly #durable = new Set<string>();

  constructor(deps: QueueDeps) {
    this.#deps = deps;
  }

  /** Whether the queue waits for the network. */
  get paused(): boolean {
    return this.#paused;
  }

  /** onMutate: change the state now, then run the request in turn. */
  enqueue(input: MutationInput, product?: LineHint): Promise<Cart> {
    if (this.#closed) return handled(Promise.reject(new CancelledError('The client was destroyed')));
    const online = this.#deps.isOnline();
    const offline = !online || this.#paused;
    const mutation = {
      ...input,
      id: newId(),
      idempotencyKey: newId(),
      createdAt: Date.now(),
      state: offline ? 'offline' : 'queued',
      ...(product ? { product } : {}),
    } as PendingMutation;
    // Handled by default: a failure is also `snapshot.error` (rolled back), and a
    // cancellation (sign-out, destroy) is expected; neither must surface as an
    // unhandled rejection when the caller fires and forgets (`onClick={() => add(sku)}`).
    const promise = handled(
      new Promise<Cart>((resolve, reject) => this.#waiters.set(mutation.id, { resolve, reject })),
    );
    this.#deps.store.dispatch({ type: 'mutation/enqueue', mutation });
    this.#tasks.push({ type: 'mutation', id: mutation.id });
    if (!online) {
      this.#durable.add(mutation.id);
      this.#pause();
    } else if (this.#paused) {
      // Online again with a queue waiting: try it now rather than after the backoff timer.
      void this.resume();
    } else void this.run();
    return promise;
  }

  /** A non-optimistic job (merge, checkout) that must run after the mutations before it. */
  enqueueTask<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#tasks.push({ type: 'task', run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#paused) void this.run();
      else if (this.#deps.isOnline()) void this.resume();
      else this.#rejectTasks();
    });
  }

  /** Mutations restored from storage after a reload (their promises are gone). */
  restore(pending: readonly PendingMutation[]): void {
    for (const mutation of pending) {
      this.#durable.add(mutation.id);
      this.#tasks.push({ type: 'mutation', id: mutation.id });
    }
  }

  /** Back online: replay in order. Resolves when the queue is empty or paused again. */
  resume(): Promise<void> {
    if (this.#paused) {
      this.#paused = false;
      this.#deps.store.dispatch({ type: 'offline', offline: false });
      if (isUnreachableError(this.#deps.store.state.error)) this.#deps.store.dispatch({ type: 'error', error: null });
      for (const m of this.#deps.store.state.pending) {
        if (m.state === 'offline') this.#deps.store.dispatch({ type: 'mutation/state', id: m.id, state: 'queued' });
      }
    }
    return this.run();
  }

  /** Drop everything (sign-out, destroy): abort the request in flight, reject every waiter; `close`: and every later enqueue. */
  cancelAll(reason: string, close = false): void {
    this.#closed ||= close;
    this.#abort.abort();
    this.#abort = new AbortController();
    const error = new CancelledError(reason);
    const tasks = this.#tasks;
    this.#tasks = [];
    for (const task of tasks) if (task.type === 'task') task.reject(error);
    for (const waiter of this.#waiters.values()) waiter.reject(error);
    this.#waiters.clear();
    this.#durable.clear();
    this.#paused = false;
    this.#deps.store.dispatch({ type: 'mutation/drop-all' });
    this.#deps.store.dispatch({ type: 'offline', offline: false });
  }

  /** Run until empty or paused. Concurrent callers share one run. */
  run(): Promise<void> {
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
      // A task enqueued after the loop's last check, before this ran, found a loop
      // about to end and joined it: start a new one for it.
      if (this.#tasks.length > 0 && !this.#paused) void this.run();
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    while (this.#tasks.length > 0 && !this.#paused) {
      if (!this.#deps.isOnline()) {
        this.#pause();
        return;
      }
      const task = this.#tasks[0]!;
      const signal = this.#abort.signal;
      if (task.type === 'task') {
        this.#tasks.shift();
        try {
          task.resolve(await task.run(signal));
        } catch (error) {
          task.reject(error);
        }
        continue;
      }
      const mutation = this.#deps.store.state.pending.find((m) => m.id === task.id);
      if (!mutation) {
        this.#tasks.shift();
        continue;
      }
      await this.#runMutation(mutation, signal);
    }
  }

  async #runMutation(mutation: PendingMutation, signal: AbortSignal): Promise<void> {
    const { store } = this.#deps;
    store.dispatch({ type: 'mutation/state', id: mutation.id, state: 'sending' });
    let cart: Cart;
    try {
      cart = await this.#deps.send(mutation, signal);
    } catch (thrown) {
      if (signal.aborted) return; // cancelAll already settled everything
      const error = await this.#deps.toError(thrown);
      if (isUnreachableError(error)) {
        if (!this.#deps.isOnline()) {
          // The browser went offline under us: everything waiting is kept for the replay.
          for (const m of store.state.pending) this.#durable.add(m.id);
        }
        if (this.#durable.has(mutation.id)) {
          this.#pause(error);
          return;
        }
      }
      this.#tasks.shift();
      this.#fail(mutation.id, error);
      return;
    }
    if (signal.aborted) return;
    this.#tasks.shift();
    this.#durable.delete(mutation.id);
    // onSuccess + onSettled: the reply replaces the optimistic change (highest version wins).
    store.dispatch({ type: 'mutation/success', id: mutation.id, cart });
    this.#deps.onServerCart(cart);
    const waiter = this.#waiters.get(mutation.id);
    this.#waiters.delete(mutation.id);
    waiter?.resolve(cart);
  }

  /** onError: adopt the cart a 412 carries, drop the mutation (its optimistic effect goes), reject its promise. */
  #fail(id: string, error: CartError): void {
    const { store } = this.#deps;
    const waiter = this.#waiters.get(id);
    this.#waiters.delete(id);
    this.#durable.delete(id);
    try {
      if (isVersionConflictError(error)) store.dispatch({ type: 'cart', cart: error.cart, source: 'reply' });
      store.dispatch({ type: 'mutation/rollback', id, error });
    } catch {
      // A failing rollback never hides the first error.
    }
    waiter?.reject(error);
  }

  /**
   * Stop until {@link resume}. Durable mutations stay, marked `offline`. When the
   * browser is online (a durable replay found the server down), the mutations
   * made since fail now with `error` instead of waiting behind the replay.
   */
  #pause(error?: CartError): void {
    const { store } = this.#deps;
    this.#paused = true;
    if (!this.#deps.isOnline()) for (const m of store.state.pending) this.#durable.add(m.id);
    if (error) {
      const interactive = this.#tasks.filter((t) => t.type === 'mutation' && !this.#durable.has(t.id));
      this.#tasks = this.#tasks.filter((t) => !interactive.includes(t));
      for (const task of interactive) if (task.type === 'mutation') this.#fail(task.id, error);
    }
    for (const m of store.state.pending) {
      if (m.state !== 'offline') store.dispatch({ type: 'mutation/state', id: m.id, state: 'offline' });
    }
    store.dispatch({ type: 'offline', offline: store.state.pending.length > 0 || !this.#deps.isOnline() });
    this.#rejectTasks(error);
    if (store.state.pending.length === 0 && this.#deps.isOnline()) {
      this.#paused = false; // nothing left to replay
      return;
    }
    this.#deps.onOffline();
  }

  /** Merge and checkout are not replayed: they fail now, the mutations wait. */
  #rejectTasks(error?: CartError): void {
    const kept: Task[] = [];
    for (const task of this.#tasks) {
      if (task.type === 'task') task.reject(error ?? new NetworkError('Offline'));
      else kept.push(task);
    }
    this.#tasks = kept;
  }
}
