import type { Cart } from '@cartkit/contract';
import type { AuthController } from '../auth/controller.js';
import type { Api } from '../http/api.js';
import type { MutationQueue } from '../queue/mutation-queue.js';
import type { TabChannel } from '../realtime/tabs.js';
import type { StorageAdapter, StorageKeys } from '../store/storage.js';
import type { Store } from '../store/store.js';
import type { CartClientOptions } from '../types.js';
import type { Accounts } from '../auth/accounts.js';
import type { ConfigSource } from '../http/config.js';
import type { Connectivity } from '../queue/connectivity.js';
import type { Identity } from '../auth/identity.js';
import type { Orders } from '../http/orders.js';
import type { Persistence } from '../store/persistence.js';
import type { ProductCatalog } from '../http/products.js';
import type { RealtimeLink } from '../realtime/link.js';

/**
 * What the parts of one client share: the primitives (store, storage, API,
 * queue, session, tab channel) and each other. Built once by `createCartClient`;
 * parts read it when called, never while being constructed, so the wiring order
 * does not matter.
 */
export interface ClientCore {
  readonly options: CartClientOptions;
  readonly apiUrl: string;
  readonly store: Store;
  readonly storage: StorageAdapter;
  readonly keys: StorageKeys;
  readonly session: AuthController;
  readonly api: Api;
  readonly queue: MutationQueue;
  readonly tabs: TabChannel;
  readonly config: ConfigSource;
  readonly identity: Identity;
  readonly persistence: Persistence;
  readonly products: ProductCatalog;
  readonly orders: Orders;
  readonly connectivity: Connectivity;
  readonly realtime: RealtimeLink;
  readonly accounts: Accounts;
  /** `GET /cart` into the store (the client's `refresh`). */
  refresh(): Promise<Cart>;
  /** Set by `destroy()`. */
  readonly destroyed: boolean;
  /** A timer cleared by `destroy()`. */
  after(ms: number, run: () => void): void;
}
