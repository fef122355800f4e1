import type { Cart } from '@cartkit/contract';
import { writeJson } from './storage.js';
import type { PendingMutation } from '../types.js';
import type { ClientCore } from '../client/core.js';

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
  readonly #core: ClientCore;
  #hydrated: Promise<void> | null = null;
  #writing: Promise<void> = Promise.resolve();
  #scheduled = false;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  #keys(): string[] {
    const { keys } = this.#core;
    return [keys.session, keys.cartToken, keys.cart, keys.queue];
  }

  /**
   * With a synchronous storage (localStorage, memory) the persisted cart is in the
   * very first snapshot, before any await.
   */
  hydrateSync(): void {
    try {
      const raw = this.#keys().map((k) => this.#core.storage.getItem(k));
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
      const raw = await Promise.all(this.#keys().map((k) => this.#core.storage.getItem(k)));
      this.#apply(raw);
    })().catch(() => undefined);
    return this.#hydrated;
  }

  #apply([session, token, persisted, queue]: Array<string | null | undefined>): void {
    const { store, identity } = this.#core;
    const user = this.#core.session.adopt(parse(session))?.user ?? null;
    identity.restore(parse<string>(token));
    const stored = parse<PendingMutation[]>(queue);
    const pending = Array.isArray(stored) ? stored.map((m) => ({ ...m, state: 'queued' as const })) : [];
    const record = parse<PersistedCart>(persisted);
    const cart = record && record.identity === identity.key() ? record.cart : null;
    store.dispatch({ type: 'hydrate', cart, pending, user });
    this.#core.queue.restore(pending);
  }

  /** Write the cart and the queue after the current burst of changes. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      // destroy() drops the in-memory queue; the persisted one must survive for the next load.
      if (this.#core.destroyed) return;
      const { storage, keys, store } = this.#core;
      const { base, pending } = store.state;
      const identity = this.#core.identity.key();
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
    const { storage, keys } = this.#core;
    await this.#writing;
    await Promise.all([
      writeJson(storage, keys.cartToken, null),
      writeJson(storage, keys.cart, null),
      writeJson(storage, keys.queue, null),
    ]);
  }
}
