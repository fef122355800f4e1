import type {
  Cart,
  CheckoutRequest,
  Config,
  Order,
  Product,
  ProductPage,
  Quote,
  QuoteRequest,
} from '@cartkit/contract';
import { LIMITS } from '@cartkit/contract/values';
import { AuthController } from './auth/controller.js';
import { Accounts } from './auth/accounts.js';
import { ConfigSource } from './http/config.js';
import { Connectivity } from './queue/connectivity.js';
import { Identity } from './auth/identity.js';
import { Orders } from './http/orders.js';
import { Persistence } from './store/persistence.js';
import { ProductCatalog } from './http/products.js';
import { RealtimeLink } from './realtime/link.js';
import { CancelledError, CartError } from './errors/errors.js';
import { isUnreachableError } from './errors/guards.js';
import { Api } from './http/api.js';
import { toCartError } from './http/errors.js';
import { handled, MutationQueue } from './queue/mutation-queue.js';
import { TabChannel } from './realtime/tabs.js';
import { defaultStorage, storageKeys } from './store/storage.js';
import { emptyCart } from './store/optimistic.js';
import { initialState } from './store/reducer.js';
import { Store } from './store/store.js';
import type {
  AddOptions,
  CartAuth,
  CartClient,
  CartClientOptions,
  CartSnapshot,
  OrderPage,
  PendingMutation,
} from './types.js';

function quantityError(quantity: number, min: number): CartError | null {
  if (Number.isInteger(quantity) && quantity >= min && quantity <= LIMITS.maxQuantity) return null;
  return new CartError({
    code: 'QUANTITY_LIMIT',
    message: `Quantity must be an integer from ${min} to ${LIMITS.maxQuantity}`,
  });
}

/** The hosted sign-in's answer in the page's fragment, removed from the address bar (and the history) now. */
function takeSignInReturn(): string | undefined {
  const hash = globalThis.location?.hash;
  if (!hash?.startsWith('#cartkit-auth')) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  return hash;
}

/** Wires the parts (see the folders) together; owns loading and the cart's mutations. */
class Client implements CartClient {
  readonly apiUrl: string;
  readonly auth: CartAuth;
  readonly #options: CartClientOptions;
  /** The parts, for the client's own methods (the parts themselves get only their deps). */
  readonly #p: {
    store: Store;
    identity: Identity;
    config: ConfigSource;
    api: Api;
    queue: MutationQueue;
    persistence: Persistence;
    connectivity: Connectivity;
    products: ProductCatalog;
    orders: Orders;
    accounts: Accounts;
    realtime: RealtimeLink;
    tabs: TabChannel;
  };
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #ready: Promise<void> | null = null;
  #destroyed = false;
  /** Aborted by destroy(): stops every request in flight (the Api combines it with each request's own signal). */
  readonly #lifetime = new AbortController();

  constructor(options: CartClientOptions) {
    this.#options = options;
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    const storage = options.storage ?? defaultStorage();
    const keys = storageKeys(this.apiUrl);
    const store = new Store(initialState());
    const refresh = () => this.refresh();
    const isDestroyed = () => this.#destroyed;
    // Each part gets only what it uses (its `…Deps` interface). Where two parts need
    // each other (the API asks the identity for credentials, the identity creates its
    // token through the API), an arrow function reads the other when called, never
    // while constructing.
    const config: ConfigSource = new ConfigSource(options.config, () => api);
    const session: AuthController = new AuthController(storage, keys.session, () => config.cognitoSettings());
    // Only browsers get cross-tab sync by default: in Node one process serves many
    // visitors, and a "signed-out" broadcast must never reach another visitor's client.
    const Channel =
      options.BroadcastChannel === undefined
        ? typeof window === 'undefined'
          ? null
          : globalThis.BroadcastChannel
        : options.BroadcastChannel;
    const tabs: TabChannel = new TabChannel(Channel, `cartkit:${this.apiUrl}`, (m) => realtime.onTabMessage(m));
    const shareCart = (cart: Cart) => tabs.post({ type: 'cart', identity: identity.key(), cart });
    const queue: MutationQueue = new MutationQueue({
      store,
      send: (mutation, signal) => this.#send(mutation, signal),
      isOnline: () => connectivity.isOnline(),
      onOffline: () => connectivity.scheduleReplay(),
      onServerCart: shareCart,
      toError: toCartError,
    });
    const api: Api = new Api({
      apiUrl: this.apiUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeout ? { timeout: options.timeout } : {}),
      credentials: (auth) => identity.credentials(auth),
      renew: (auth) => identity.renew(auth),
      onActivity: (delta) => store.dispatch({ type: 'request', delta }),
      onReachable: () => connectivity.reachable(),
      lifetime: this.#lifetime.signal,
    });
    const identity: Identity = new Identity({
      session,
      storage,
      tokenKey: keys.cartToken,
      api,
      store,
      // The one reaction to "identity changed": the socket follows whoever the cart belongs to.
      onChange: () => realtime.start(),
    });
    const persistence: Persistence = new Persistence({ storage, keys, store, identity, queue, isDestroyed });
    const products: ProductCatalog = new ProductCatalog(() => api);
    const orders: Orders = new Orders({
      api,
      version: () => store.state.base?.version,
      store,
      queue,
      pollOrders: options.pollOrders,
      refresh,
      tabs,
      identity,
      after: (ms, run) => this.#after(ms, run),
    });
    const accounts: Accounts = new Accounts({
      session,
      identity,
      store,
      api,
      queue,
      persistence,
      tabs,
      orders,
      refresh,
      config,
    });
    const connectivity: Connectivity = new Connectivity({
      store,
      queue,
      accounts,
      refresh,
      isDestroyed,
    });
    const WebSocketClass = options.WebSocket ?? globalThis.WebSocket;
    const realtime: RealtimeLink = new RealtimeLink({
      WebSocket: options.realtime === false || typeof WebSocketClass !== 'function' ? null : WebSocketClass,
      config,
      identity,
      store,
      orders,
      accounts,
      refresh,
      isDestroyed,
    });
    this.#p = {
      store,
      identity,
      config,
      api,
      queue,
      persistence,
      connectivity,
      products,
      orders,
      accounts,
      realtime,
      tabs,
    };
    persistence.hydrateSync();
    store.subscribe(() => persistence.schedule());
    connectivity.listen();
    this.auth = accounts.createAuth();
  }

  getSnapshot = (): CartSnapshot => this.#p.store.getSnapshot();

  subscribe = (listener: (snapshot: CartSnapshot) => void): (() => void) => this.#p.store.subscribe(listener);

  ready(): Promise<void> {
    if (this.#ready) return this.#ready;
    const ready = this.#load().catch((error: unknown) => {
      if (this.#ready === ready) this.#ready = null;
      throw error;
    });
    // Handled by default, like the mutations: the failure is `snapshot.error` (status
    // 'error'), so `void client.ready()` in a framework binding raises no unhandled rejection.
    this.#ready = handled(ready);
    return ready;
  }

  async #load(): Promise<void> {
    const store = this.#p.store;
    const identity = this.#p.identity;
    store.dispatch({ type: 'loading', loading: true });
    // The hosted sign-in's answer (`#cartkit-auth=…`): out of the address bar before anything else.
    const back = takeSignInReturn();
    try {
      await this.#p.persistence.hydrate();
      await identity.adoptStoredToken();
      try {
        const config = await this.#p.config.load();
        store.dispatch({ type: 'config', currency: config.currency });
      } catch (error) {
        if (!isUnreachableError(error)) throw error;
      }
      if (store.state.pending.length > 0) await this.#p.queue.resume();
      if (identity.mergePending) {
        await this.#p.accounts.finishMerge();
      } else if (identity.present) {
        await this.refresh();
      } else if (store.state.base === null) {
        store.dispatch({ type: 'cart', cart: emptyCart(store.state.currency), source: 'reset' });
      }
      // Back from the hosted sign-in: finish it (a refusal changes nothing and shows in `error`).
      if (back) await this.#p.accounts.oauth('complete', back);
      identity.announce();
    } catch (error) {
      const cartError = await toCartError(error);
      if (this.#destroyed) throw new CancelledError('The client was destroyed');
      if (isUnreachableError(cartError) && !this.#p.connectivity.isOnline()) {
        // Offline: the persisted cart shows; `online` loads the rest.
        store.dispatch({ type: 'offline', offline: true });
        this.#p.connectivity.scheduleReplay();
        return;
      }
      store.dispatch({ type: 'error', error: cartError });
      throw cartError;
    } finally {
      store.dispatch({ type: 'loading', loading: false });
    }
  }

  getConfig(): Promise<Config> {
    return this.#p.config.load();
  }

  async refresh(): Promise<Cart> {
    const store = this.#p.store;
    await this.#p.persistence.hydrate();
    const { data } = await this.#p.api.request<Cart>({ method: 'get', path: 'cart', auth: 'cart' });
    store.dispatch({ type: 'cart', cart: data, source: 'external' });
    if (store.state.error) store.dispatch({ type: 'error', error: null });
    this.#p.tabs.post({ type: 'cart', identity: this.#p.identity.key(), cart: data });
    return data;
  }

  add(sku: string, quantity = 1, options: AddOptions = {}): Promise<Cart> {
    const invalid = quantityError(quantity, LIMITS.minQuantity);
    if (invalid) return Promise.reject(invalid);
    if (options.product) this.#p.products.remember(options.product);
    return this.#p.queue.enqueue({ kind: 'add', sku, quantity }, this.#p.products.hint(sku));
  }

  setQuantity(sku: string, quantity: number): Promise<Cart> {
    const invalid = quantityError(quantity, 0);
    if (invalid) return Promise.reject(invalid);
    return this.#p.queue.enqueue({ kind: 'setQuantity', sku, quantity }, this.#p.products.hint(sku));
  }

  remove(sku: string): Promise<Cart> {
    return this.#p.queue.enqueue({ kind: 'remove', sku });
  }

  clear(): Promise<Cart> {
    return this.#p.queue.enqueue({ kind: 'clear' });
  }

  /** One mutation on the wire, with its Idempotency-Key (and If-Match when asked for). */
  async #send(mutation: PendingMutation, signal: AbortSignal): Promise<Cart> {
    await this.#p.persistence.hydrate();
    const base = this.#p.store.state.base;
    const headers: Record<string, string> =
      this.#options.ifMatch && base && base.version > 0 ? { 'if-match': `"${base.version}"` } : {};
    const common = { auth: 'cart' as const, idempotencyKey: mutation.idempotencyKey, headers, signal };
    const item = (sku: string) => `cart/items/${encodeURIComponent(sku)}`;
    const api = this.#p.api;
    switch (mutation.kind) {
      case 'add': {
        const json = { sku: mutation.sku, quantity: mutation.quantity };
        return (await api.request<Cart>({ ...common, method: 'post', path: 'cart/items', json })).data;
      }
      case 'setQuantity': {
        const json = { quantity: mutation.quantity };
        return (await api.request<Cart>({ ...common, method: 'put', path: item(mutation.sku), json })).data;
      }
      case 'remove':
        return (await api.request<Cart>({ ...common, method: 'delete', path: item(mutation.sku) })).data;
      case 'clear':
        return (await api.request<Cart>({ ...common, method: 'delete', path: 'cart' })).data;
    }
  }

  quote(input: QuoteRequest): Promise<Quote> {
    return this.#p.orders.quote(input);
  }

  checkout(input?: CheckoutRequest): Promise<Order> {
    return this.#p.orders.checkout(input);
  }

  listOrders(query: { cursor?: string } = {}): Promise<OrderPage> {
    return this.#p.orders.list(query.cursor);
  }

  getOrder(orderId: string, options: { token?: string } = {}): Promise<Order> {
    return this.#p.orders.get(orderId, options.token);
  }

  listProducts(query: { limit?: number; cursor?: string } = {}): Promise<ProductPage> {
    return this.#p.products.list(query);
  }

  getProduct(sku: string): Promise<Product> {
    return this.#p.products.get(sku);
  }

  sync(): Promise<void> {
    return this.#p.connectivity.sync();
  }

  setOnline(online: boolean): void {
    this.#p.connectivity.setOnline(online);
  }

  #after(ms: number, run: () => void): void {
    if (this.#destroyed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#lifetime.abort();
    this.#p.realtime.stop();
    this.#p.tabs.close();
    this.#p.connectivity.stop();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#p.queue.cancelAll('The client was destroyed', true);
  }
}

/**
 * Create a cart client. Nothing happens on the network until `ready()` or a call.
 *
 * @example
 * ```ts
 * import { createCartClient } from '@cartkit/cart-sdk';
 *
 * const cart = createCartClient({ apiUrl: 'http://localhost:3000/api' });
 * cart.subscribe((s) => console.log(s.status, s.cart?.itemCount));
 * await cart.ready();
 * await cart.add('TEE-RED-M', 2);
 * ```
 */
export function createCartClient(options: CartClientOptions): CartClient {
  if (!options?.apiUrl) throw new TypeError('createCartClient: apiUrl is required');
  return new Client(options);
}
