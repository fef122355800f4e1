// In-memory implementations of the backend's CartStore and Catalog ports, so a
// handler can be timed with no store round trip at all: what is left is the
// handler's own work (parsing, validation, identity, pricing, response).
import type { Product } from '@cartkit/contract';
import type {
  CartStore,
  MutationOptions,
  MutationResult,
  StoredCart,
} from '../../packages/backend/src/adapters/cart-store.ts';
import { VersionMismatch } from '../../packages/backend/src/adapters/cart-store.ts';
import type { Catalog } from '../../packages/backend/src/adapters/catalog.ts';
import { applyOperation, type CartOperation, EMPTY_CART } from '../../packages/backend/src/domain/cart.ts';
import { UnauthorizedError } from '../../packages/backend/src/domain/errors.ts';

/** A catalog held in a Map, loaded once. */
export class MemoryCatalog implements Catalog {
  readonly #bySku: Map<string, Product>;
  readonly #sorted: Product[];

  constructor(products: readonly Product[]) {
    this.#sorted = [...products].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    this.#bySku = new Map(this.#sorted.map((product) => [product.sku, product]));
  }

  async lookup(): Promise<(sku: string) => Product | undefined> {
    const map = this.#bySku;
    return (sku) => map.get(sku);
  }

  async all(): Promise<readonly Product[]> {
    return this.#sorted;
  }
}

/** Carts in a Map: the rules of domain/cart applied directly, as the conditional update would. */
export class MemoryCartStore implements CartStore {
  readonly #carts = new Map<string, StoredCart>();

  async get(ownerKey: string): Promise<StoredCart | undefined> {
    return this.#carts.get(ownerKey);
  }

  async mutate(ownerKey: string, operation: CartOperation, options: MutationOptions): Promise<MutationResult> {
    const old = this.#carts.get(ownerKey);
    if (old === undefined && !options.mayCreate) throw new UnauthorizedError('The cart token has expired.');
    const current = old ?? { ...EMPTY_CART, ownerKey, idempotency: {}, mergedInto: undefined };
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new VersionMismatch(current);
    }
    if (options.idempotency) {
      const seen = current.idempotency[options.idempotency.key];
      if (seen) return { cart: current, replayed: true, changed: false };
    }
    const { state, changed } = applyOperation(current, operation, options.now);
    if (!changed) return { cart: current, replayed: false, changed: false };
    const next: StoredCart = {
      ...state,
      expiresAt: options.ttl ?? current.expiresAt,
      ownerKey,
      idempotency: options.idempotency
        ? {
            ...current.idempotency,
            [options.idempotency.key]: { h: options.idempotency.hash, t: Math.floor(options.now / 1000) },
          }
        : current.idempotency,
      mergedInto: undefined,
    };
    this.#carts.set(ownerKey, next);
    return { cart: next, replayed: false, changed: true };
  }

  async merge(): Promise<never> {
    throw new Error('MemoryCartStore.merge is not used by the benchmark');
  }

  async delete(ownerKey: string): Promise<boolean> {
    return this.#carts.delete(ownerKey);
  }
}
