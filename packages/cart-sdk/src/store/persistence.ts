import type { Cart } from '@cartkit/contract';
import type { Identity } from '../auth/identity.js';
import type { Session } from '../auth/session.js';
import type { MutationQueue } from '../queue/mutation-queue.js';
import type { PendingMutation } from '../types.js';
import { type StorageAdapter, type StorageKeys, writeJson } from './storage.js';
import type { Store } from './store.js';

/** What persistence needs from the client. */
export interface PersistenceDeps {
  storage: StorageAdapter;
  keys: StorageKeys;
  store: Store;
  /** Restores the session and token; its key tells whose the persisted cart is. */
  identity: Pick<Identity, 'restore' | 'key'>;
  /** Takes the restored mutations. */
  queue: Pick<MutationQueue, 'restore'>;
  /** Set by `destroy()`: nothing is written after it. */
  isDestroyed(): boolean;
}

interface PersistedCart {
  identity: string;
  cart: Cart;
}

function parse<T>(value: string | null | undefined): T | null {
  try {
    return value ? (JSON.parse(value) as T) : null;
  } catch {
    return null;
  }
}

/**
 * What survives a reload: the session, the anonymous token, the last server cart
 * (for the identity it belongs to) and the queued mutations. Read at start
 * (synchronously when the storage allows, so a reload paints the cart at once),
 * written after every change, wiped on sign-out.
 */
export class Persistence {
  readonly #deps: PersistenceDeps;
  #hydrated: Promise<void> | null = null;
  #writing: Promise<void> = Promise.resolve();
  #scheduled = false;

  constructor(deps: PersistenceDeps) {
    this.#deps = deps;
  }

  #keys(): string[] {
    const { keys } = this.#deps;
    return [keys.session, keys.cartToken, keys.cart, keys.queue];
  }

  /**
   * With a synchronous storage (localStorage, memory) the persisted cart is in the
   * very first snapshot, before any await.
   */
  hydrateSync(): void {
    try {
      const raw = this.#keys().map((k) => this.#deps.storage.getItem(k));
      if (raw.some((v) => v !== null && typeof v !== 'string')) return; // async storage: hydrate() will do it
      this.#apply(raw as Array<string | null>);
      this.#hydrated = Promise.resolve();
    } catch {
      // unreadable storage: start empty
    }
  }

  /** Restore everything from storage, once. */
  hydrate(): Promise<void> {
    this.#hydrated ??= (async () => {
      const raw = await Promise.all(this.#keys().map((k) => this.#deps.storage.getItem(k)));
      this.#apply(raw);
    })().catch(() => undefined);
    return this.#hydrated;
  }

  #apply([session, token, persisted, queue]: Array<string | null | undefined>): void {
    const { store, identity } = this.#deps;
    const user = identity.restore(parse<Session>(session), parse<string>(token));
    const stored = parse<PendingMutation[]>(queue);
    const pending = Array.isArray(stored) ? stored.map((m) => ({ ...m, state: 'queued' as const })) : [];
    const record = parse<PersistedCart>(persisted);
    const cart = record && record.identity === identity.key() ? record.cart : null;
    store.dispatch({ type: 'hydrate', cart, pending, user });
    this.#deps.queue.restore(pending);
  }

  /** Write the cart and the queue after the current burst of changes. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      // destroy() drops the in-memory queue; the persisted one must survive for the next load.
      if (this.#deps.isDestroyed()) return;
      const { storage, keys, store } = this.#deps;
      const { base, pending } = store.state;
      const identity = this.#deps.identity.key();
      const queue = pending.map((m) => ({ ...m, state: 'queued' }));
      this.#writing = this.#writing.then(() =>
        Promise.all([
          writeJson(storage, keys.cart, base ? { identity, cart: base } : null),
          writeJson(storage, keys.queue, queue.length > 0 ? queue : null),
        ]).then(() => undefined),
      );
    });
  }

  /** Sign-out: after pending writes, remove the token, the cart and the queue. */
  async wipe(): Promise<void> {
    const { storage, keys } = this.#deps;
    await this.#writing;
    await Promise.all([
      writeJson(storage, keys.cartToken, null),
      writeJson(storage, keys.cart, null),
      writeJson(storage, keys.queue, null),
    ]);
  }
}
