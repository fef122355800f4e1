import { type Cart, type Config, LIMITS, type Order, type Product, type ProductPage } from '@cartkit/contract';
import { AuthController } from './auth/controller.js';
import { Accounts } from './auth/accounts.js';
import { ConfigSource } from './http/config.js';
import { Connectivity } from './queue/connectivity.js';
import type { ClientCore } from './client/core.js';
import { Identity } from './auth/identity.js';
import { Orders } from './http/orders.js';
import { Persistence } from './store/persistence.js';
import { ProductCatalog } from './http/products.js';
import { RealtimeLink } from './realtime/link.js';
import { CartError } from './errors/errors.js';
import { isUnreachable } from './errors/guards.js';
import { Api } from './http/api.js';
import { toCartError } from './http/errors.js';
import { MutationQueue } from './queue/mutation-queue.js';
import { TabChannel } from './realtime/tabs.js';
import { defaultStorage, storageKeys } from './store/storage.js';
import { emptyCart } from './store/optimistic.js';
import { initialState } from './store/reducer.js';
import { Store } from './store/store.js';
import type { AddOptions, CartAuth, CartClient, CartClientOptions, CartSnapshot, PendingMutation } from './types.js';

function quantityError(quantity: number, min: number): CartError | null {
  if (Number.isInteger(quantity) && quantity >= min && quantity <= LIMITS.maxQuantity) return null;
  return new CartError({
    code: 'QUANTITY_LIMIT',
    message: `Quantity must be an integer from ${min} to ${LIMITS.maxQuantity}`,
  });
}

/** Wires the parts (see `client/`) together; owns loading and the cart's mutations. */
class Client implements CartClient {
  readonly apiUrl: string;
  readonly auth: CartAuth;
  readonly #core: ClientCore;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #ready: Promise<void> | null = null;
  #destroyed = false;

  constructor(options: CartClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    const storage = options.storage ?? defaultStorage();
    const keys = storageKeys(this.apiUrl);
    const store = new Store(initialState());
    // Parts read `core` when called, never while constructed: assignment order is free.
    const core = {
      options,
      apiUrl: this.apiUrl,
      store,
      storage,
      keys,
      refresh: () => this.refresh(),
      after: (ms: number, run: () => void) => this.#after(ms, run),
    } as { -readonly [K in keyof ClientCore]: ClientCore[K] };
    Object.defineProperty(core, 'destroyed', { get: () => this.#destroyed });
    this.#core = core;
    core.config = new ConfigSource(options.config, () => core.api);
    core.session = new AuthController(storage, keys.session, () => core.config.cognitoSettings());
    core.identity = new Identity(core);
    core.connectivity = new Connectivity(core);
    core.api = new Api({
      apiUrl: this.apiUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeout ? { timeout: options.timeout } : {}),
      credentials: (auth) => core.identity.credentials(auth),
      renew: (auth) => core.identity.renew(auth),
      onActivity: (delta) => store.dispatch({ type: 'request', delta }),
      onReachable: () => core.connectivity.reachable(),
    });
    core.queue = new MutationQueue({
      store,
      send: (mutation, signal) => this.#send(mutation, signal),
      isOnline: () => core.connectivity.isOnline(),
      onOffline: () => core.connectivity.scheduleReplay(),
      onServerCart: (cart) => core.tabs.post({ type: 'cart', identity: core.identity.key(), cart }),
      toError: toCartError,
    });
    core.persistence = new Persistence(core);
    core.products = new ProductCatalog(() => core.api);
    core.orders = new Orders(core);
    core.accounts = new Accounts(core);
    core.realtime = new RealtimeLink(core);
    // Only browsers get cross-tab sync by default: in Node one process serves many
    // visitors, and a "signed-out" broadcast must never reach another visitor's client.
    const Channel =
      options.BroadcastChannel === undefined
        ? typeof window === 'undefined'
          ? null
          : globalThis.BroadcastChannel
        : options.BroadcastChannel;
    core.tabs = new TabChannel(Channel, `cartkit:${this.apiUrl}`, (m) => core.realtime.onTabMessage(m));
    core.persistence.hydrateSync();
    store.subscribe(() => core.persistence.schedule());
    core.connectivity.listen();
    this.auth = core.accounts.createAuth();
  }

  getSnapshot = (): CartSnapshot => this.#core.store.getSnapshot();

  subscribe = (listener: (snapshot: CartSnapshot) => void): (() => void) => this.#core.store.subscribe(listener);

  ready(): Promise<void> {
    this.#ready ??= this.#load().catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  async #load(): Promise<void> {
    const { store, session, identity, queue, connectivity } = this.#core;
    store.dispatch({ type: 'loading', loading: true });
    try {
      await this.#core.persistence.hydrate();
      await identity.adoptStoredToken();
      try {
        const config = await this.#core.config.load();
        store.dispatch({ type: 'config', currency: config.currency });
      } catch (error) {
        if (!isUnreachable(error)) throw error;
      }
      if (store.state.pending.length > 0) await queue.resume();
      if (session.session && identity.cartToken) {
        await queue.enqueueTask(() => this.#core.accounts.mergeOrLoad());
      } else if (session.session || identity.cartToken) {
        await this.refresh();
      } else if (store.state.base === null) {
        store.dispatch({ type: 'cart', cart: emptyCart(store.state.currency), source: 'reset' });
      }
      this.#core.realtime.start();
    } catch (error) {
      const cartError = await toCartError(error);
      if (isUnreachable(cartError) && !connectivity.isOnline()) {
        // Offline: the persisted cart shows; `online` loads the rest.
        store.dispatch({ type: 'offline', offline: true });
        connectivity.scheduleReplay();
        return;
      }
      store.dispatch({ type: 'error', error: cartError });
      throw cartError;
    } finally {
      store.dispatch({ type: 'loading', loading: false });
    }
  }

  getConfig(): Promise<Config> {
    return this.#core.config.load();
  }

  async refresh(): Promise<Cart> {
    const { store, api, tabs, identity } = this.#core;
    await this.#core.persistence.hydrate();
    const { data } = await api.request<Cart>({ method: 'get', path: 'cart', auth: 'cart' });
    store.dispatch({ type: 'cart', cart: data, source: 'external' });
    if (store.state.error) store.dispatch({ type: 'error', error: null });
    tabs.post({ type: 'cart', identity: identity.key(), cart: data });
    return data;
  }

  add(sku: string, quantity = 1, options: AddOptions = {}): Promise<Cart> {
    const invalid = quantityError(quantity, LIMITS.minQuantity);
    if (invalid) return Promise.reject(invalid);
    if (options.product) this.#core.products.remember(options.product);
    return this.#core.queue.enqueue({ kind: 'add', sku, quantity }, this.#core.products.hint(sku));
  }

  setQuantity(sku: string, quantity: number): Promise<Cart> {
    const invalid = quantityError(quantity, 0);
    if (invalid) return Promise.reject(invalid);
    return this.#core.queue.enqueue({ kind: 'setQuantity', sku, quantity }, this.#core.products.hint(sku));
  }

  remove(sku: string): Promise<Cart> {
    return this.#core.queue.enqueue({ kind: 'remove', sku });
  }

  clear(): Promise<Cart> {
    return this.#core.queue.enqueue({ kind: 'clear' });
  }

  /** One mutation on the wire, with its Idempotency-Key (and If-Match when asked for). */
  async #send(mutation: PendingMutation, signal: AbortSignal): Promise<Cart> {
    await this.#core.persistence.hydrate();
    const base = this.#core.store.state.base;
    const headers: Record<string, string> =
      this.#core.options.ifMatch && base && base.version > 0 ? { 'if-match': `"${base.version}"` } : {};
    const common = { auth: 'cart' as const, idempotencyKey: mutation.idempotencyKey, headers, signal };
    const item = (sku: string) => `cart/items/${encodeURIComponent(sku)}`;
    const api = this.#core.api;
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

  checkout(): Promise<Order> {
    return this.#core.orders.checkout();
  }

  getOrder(orderId: string): Promise<Order> {
    return this.#core.orders.get(orderId);
  }

  listProducts(query: { limit?: number; cursor?: string } = {}): Promise<ProductPage> {
    return this.#core.products.list(query);
  }

  getProduct(sku: string): Promise<Product> {
    return this.#core.products.get(sku);
  }

  sync(): Promise<void> {
    return this.#core.connectivity.sync();
  }

  setOnline(online: boolean): void {
    this.#core.connectivity.setOnline(online);
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
    this.#core.realtime.stop();
    this.#core.tabs.close();
    this.#core.connectivity.stop();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#core.queue.cancelAll('The client was destroyed');
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
