import { type Cart, type Config, LIMITS, type Order, type Product, type ProductPage } from '@cartkit/contract';
import { AuthController } from './auth/controller.js';
import type { CognitoSettings } from './auth/session.js';
import { AuthError, CartError } from './errors/errors.js';
import { isUnreachable } from './errors/guards.js';
import { Api, type AuthMode } from './http/api.js';
import { toCartError } from './http/errors.js';
import { MutationQueue } from './queue/mutation-queue.js';
import { RealtimeSocket } from './realtime/socket.js';
import { type TabMessage, TabChannel } from './realtime/tabs.js';
import { defaultStorage, readJson, type StorageAdapter, type StorageKeys, storageKeys, writeJson } from './storage.js';
import { emptyCart } from './store/optimistic.js';
import { initialState } from './store/reducer.js';
import { Store } from './store/store.js';
import type {
  AddOptions,
  AuthUser,
  CartAuth,
  CartClient,
  CartClientOptions,
  CartSnapshot,
  LineHint,
  PendingMutation,
} from './types.js';

interface PersistedCart {
  identity: string;
  cart: Cart;
}

const FINAL = new Set(['CONFIRMED', 'FAILED']);

function quantityError(quantity: number, min: number): CartError | null {
  if (Number.isInteger(quantity) && quantity >= min && quantity <= LIMITS.maxQuantity) return null;
  return new CartError({
    code: 'QUANTITY_LIMIT',
    message: `Quantity must be an integer from ${min} to ${LIMITS.maxQuantity}`,
  });
}

class Client implements CartClient {
  readonly apiUrl: string;
  readonly auth: CartAuth;
  readonly #options: CartClientOptions;
  readonly #store = new Store(initialState());
  readonly #storage: StorageAdapter;
  readonly #keys: StorageKeys;
  readonly #api: Api;
  readonly #queue: MutationQueue;
  readonly #session: AuthController;
  readonly #socket: RealtimeSocket | null;
  readonly #tabs: TabChannel;
  readonly #products = new Map<string, LineHint>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #cleanups: Array<() => void> = [];
  #config: Promise<Config> | null = null;
  #cartToken: string | null = null;
  #creatingToken: Promise<string> | null = null;
  #ready: Promise<void> | null = null;
  #hydrated: Promise<void> | null = null;
  #replayTimer: ReturnType<typeof setTimeout> | undefined;
  #replayAttempt = 0;
  #persisting: Promise<void> = Promise.resolve();
  #persistScheduled = false;
  #polling = new Set<string>();
  #destroyed = false;
  /** An `offline` event was seen and no `online` event since. */
  #offlineEvent = false;
  /** What the host said with `setOnline()`. */
  #hostOnline = true;

  constructor(options: CartClientOptions) {
    this.#options = options;
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#storage = options.storage ?? defaultStorage();
    this.#keys = storageKeys(this.apiUrl);
    this.#session = new AuthController(this.#storage, this.#keys.session, () => this.#cognitoSettings());
    this.#api = new Api({
      apiUrl: this.apiUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeout ? { timeout: options.timeout } : {}),
      credentials: (auth) => this.#credentials(auth),
      renew: (auth) => this.#renew(auth),
      onActivity: (delta) => this.#store.dispatch({ type: 'request', delta }),
      // The server answered: a queue waiting for the network replays now, not on the backoff timer.
      onReachable: () => {
        if (this.#queue.paused && this.#isOnline()) void this.sync().catch(() => undefined);
      },
    });
    this.#queue = new MutationQueue({
      store: this.#store,
      send: (mutation, signal) => this.#send(mutation, signal),
      isOnline: () => this.#isOnline(),
      onOffline: () => this.#scheduleReplay(),
      onServerCart: (cart) => this.#tabs.post({ type: 'cart', identity: this.#identity(), cart }),
      toError: toCartError,
    });
    const WebSocketClass = options.WebSocket ?? globalThis.WebSocket;
    this.#socket =
      options.realtime === false || typeof WebSocketClass !== 'function'
        ? null
        : new RealtimeSocket({
            WebSocket: WebSocketClass,
            url: () => this.#realtimeUrl(),
            onMessage: (message) => {
              if (message.type === 'cart.updated')
                this.#store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
              else if (message.type === 'order.updated') this.#acceptOrder(message.order);
            },
            onReconnect: () => void this.refresh().catch(() => undefined),
            onUnauthorized: () => this.#socketUnauthorized(),
          });
    // Only browsers get cross-tab sync by default: in Node one process serves many
    // visitors, and a "signed-out" broadcast must never reach another visitor's client.
    const Channel =
      options.BroadcastChannel === undefined
        ? typeof window === 'undefined'
          ? null
          : globalThis.BroadcastChannel
        : options.BroadcastChannel;
    this.#tabs = new TabChannel(Channel, `cartkit:${this.apiUrl}`, (m) => this.#onTabMessage(m));
    this.#hydrateSync();
    this.#store.subscribe(() => this.#schedulePersist());
    this.#listenToNetwork();
    this.auth = this.#createAuth();
  }

  getSnapshot = (): CartSnapshot => this.#store.getSnapshot();

  subscribe = (listener: (snapshot: CartSnapshot) => void): (() => void) => this.#store.subscribe(listener);

  // ---------------------------------------------------------------- loading

  ready(): Promise<void> {
    this.#ready ??= this.#load().catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  async #load(): Promise<void> {
    this.#store.dispatch({ type: 'loading', loading: true });
    try {
      await this.#hydrate();
      await this.#adoptStoredToken();
      try {
        const config = await this.#loadConfig();
        this.#store.dispatch({ type: 'config', currency: config.currency });
      } catch (error) {
        if (!isUnreachable(error)) throw error;
      }
      if (this.#store.state.pending.length > 0) await this.#queue.resume();
      if (this.#session.session && this.#cartToken) {
        await this.#queue.enqueueTask(() => this.#mergeOrLoad());
      } else if (this.#session.session || this.#cartToken) {
        await this.refresh();
      } else if (this.#store.state.base === null) {
        this.#store.dispatch({ type: 'cart', cart: emptyCart(this.#store.state.currency), source: 'reset' });
      }
      this.#startRealtime();
    } catch (error) {
      const cartError = await toCartError(error);
      if (isUnreachable(cartError) && !this.#isOnline()) {
        // Offline: the persisted cart shows; `online` loads the rest.
        this.#store.dispatch({ type: 'offline', offline: true });
        this.#scheduleReplay();
        return;
      }
      this.#store.dispatch({ type: 'error', error: cartError });
      throw cartError;
    } finally {
      this.#store.dispatch({ type: 'loading', loading: false });
    }
  }

  /** Restore the session, the anonymous token, the cart and the queue from storage. */
  #hydrate(): Promise<void> {
    this.#hydrated ??= (async () => {
      const keys = [this.#keys.session, this.#keys.cartToken, this.#keys.cart, this.#keys.queue];
      const raw = await Promise.all(keys.map((k) => this.#storage.getItem(k)));
      this.#applyStored(raw);
    })().catch(() => undefined);
    return this.#hydrated;
  }

  /**
   * With a synchronous storage (localStorage, memory) the persisted cart is in the
   * very first snapshot, before any await: a reload paints the cart at once.
   */
  #hydrateSync(): void {
    try {
      const keys = [this.#keys.session, this.#keys.cartToken, this.#keys.cart, this.#keys.queue];
      const raw = keys.map((k) => this.#storage.getItem(k));
      if (raw.some((v) => v !== null && typeof v !== 'string')) return; // async storage: ready() will do it
      this.#applyStored(raw as Array<string | null>);
      this.#hydrated = Promise.resolve();
    } catch {
      // unreadable storage: start empty
    }
  }

  #applyStored([session, token, persisted, queue]: Array<string | null | undefined>): void {
    const parse = <T>(value: string | null | undefined): T | null => {
      try {
        return value ? (JSON.parse(value) as T) : null;
      } catch {
        return null;
      }
    };
    const user = this.#session.adopt(parse(session))?.user ?? null;
    const cartToken = parse<string>(token);
    this.#cartToken = typeof cartToken === 'string' ? cartToken : null;
    const stored = parse<PendingMutation[]>(queue);
    const pending = Array.isArray(stored) ? stored.map((m) => ({ ...m, state: 'queued' as const })) : [];
    const record = parse<PersistedCart>(persisted);
    const cart = record && record.identity === this.#identity() ? record.cart : null;
    this.#store.dispatch({ type: 'hydrate', cart, pending, user });
    this.#queue.restore(pending);
  }

  getConfig(): Promise<Config> {
    return this.#loadConfig();
  }

  #loadConfig(): Promise<Config> {
    const given = this.#options.config ?? {};
    if (given.userPoolId && given.userPoolClientId && given.realtimeUrl !== undefined) {
      return Promise.resolve({
        region: given.region ?? given.userPoolId.split('_')[0] ?? 'us-east-1',
        userPoolId: given.userPoolId,
        userPoolClientId: given.userPoolClientId,
        cognitoEndpoint: given.cognitoEndpoint ?? null,
        realtimeUrl: given.realtimeUrl,
        currency: given.currency ?? 'USD',
        ...(given.authFlow ? { authFlow: given.authFlow } : {}),
      });
    }
    this.#config ??= this.#api
      .request<Config>({ method: 'get', path: 'config', auth: 'none' })
      .then(({ data }) => ({ ...data, ...given }))
      .catch((error: unknown) => {
        this.#config = null;
        throw error;
      });
    return this.#config;
  }

  async #cognitoSettings(): Promise<CognitoSettings> {
    const config = await this.#loadConfig();
    return {
      userPoolId: config.userPoolId,
      clientId: config.userPoolClientId,
      endpoint: config.cognitoEndpoint,
      authFlow: config.authFlow ?? (config.cognitoEndpoint ? 'USER_PASSWORD_AUTH' : 'USER_SRP_AUTH'),
    };
  }

  // ---------------------------------------------------------------- identity

  /** Who the cart requests speak for: a user, or an anonymous token (also while a merge is pending). */
  #identity(): string {
    if (this.#cartToken) return `anon:${this.#cartToken}`;
    const user = this.#session.user;
    return user ? `user:${user.userId}` : 'anon:';
  }

  async #bearer(): Promise<string> {
    const token = await this.#session.getAccessToken();
    if (!token) throw new AuthError({ code: 'UNAUTHORIZED', message: 'Not signed in' });
    return `Bearer ${token}`;
  }

  async #credentials(auth: AuthMode): Promise<Record<string, string>> {
    switch (auth) {
      case 'none':
        return {};
      case 'user':
        return { authorization: await this.#bearer() };
      case 'merge':
        return { authorization: await this.#bearer(), 'x-cart-token': await this.#ensureCartToken() };
      case 'cart':
        if (this.#cartToken) return { 'x-cart-token': this.#cartToken };
        if (this.#session.session) return { authorization: await this.#bearer() };
        return { 'x-cart-token': await this.#ensureCartToken() };
    }
  }

  /** After a 401: refresh the session once, or replace an expired anonymous token. */
  async #renew(auth: AuthMode): Promise<boolean> {
    const usedToken = auth === 'cart' && this.#cartToken !== null;
    if (auth === 'user' || (auth === 'cart' && !usedToken)) {
      try {
        await this.#session.refresh();
        return true;
      } catch {
        return false;
      }
    }
    if (usedToken) {
      // The anonymous cart expired server-side: start a new one (nothing left to keep).
      await this.#setCartToken(null);
      this.#store.dispatch({ type: 'cart', cart: emptyCart(this.#store.state.currency), source: 'reset' });
      return true;
    }
    return false;
  }

  #ensureCartToken(): Promise<string> {
    if (this.#cartToken) return Promise.resolve(this.#cartToken);
    this.#creatingToken ??= (async () => {
      // Another tab may have started the anonymous cart since we loaded: share it.
      if (await this.#adoptStoredToken()) return this.#cartToken!;
      const { data } = await this.#api.request<{ cartToken: string }>({
        method: 'post',
        path: 'cart/anonymous',
        auth: 'none',
      });
      await this.#setCartToken(data.cartToken);
      this.#startRealtime();
      return data.cartToken;
    })().finally(() => {
      this.#creatingToken = null;
    });
    return this.#creatingToken;
  }

  /** Signed out and tokenless: pick up an anonymous token another tab stored. */
  async #adoptStoredToken(): Promise<boolean> {
    if (this.#cartToken || this.#session.session) return false;
    const token = await readJson<string>(this.#storage, this.#keys.cartToken);
    if (typeof token !== 'string' || this.#cartToken || this.#session.session) return false;
    this.#cartToken = token;
    this.#startRealtime();
    return true;
  }

  async #setCartToken(token: string | null): Promise<void> {
    this.#cartToken = token;
    await writeJson(this.#storage, this.#keys.cartToken, token);
  }

  // ---------------------------------------------------------------- cart

  async refresh(): Promise<Cart> {
    await this.#hydrate();
    const { data } = await this.#api.request<Cart>({ method: 'get', path: 'cart', auth: 'cart' });
    this.#store.dispatch({ type: 'cart', cart: data, source: 'external' });
    if (this.#store.state.error) this.#store.dispatch({ type: 'error', error: null });
    this.#tabs.post({ type: 'cart', identity: this.#identity(), cart: data });
    return data;
  }

  add(sku: string, quantity = 1, options: AddOptions = {}): Promise<Cart> {
    const invalid = quantityError(quantity, LIMITS.minQuantity);
    if (invalid) return Promise.reject(invalid);
    if (options.product) this.#remember(options.product);
    return this.#queue.enqueue({ kind: 'add', sku, quantity }, this.#products.get(sku));
  }

  setQuantity(sku: string, quantity: number): Promise<Cart> {
    const invalid = quantityError(quantity, 0);
    if (invalid) return Promise.reject(invalid);
    return this.#queue.enqueue({ kind: 'setQuantity', sku, quantity }, this.#products.get(sku));
  }

  remove(sku: string): Promise<Cart> {
    return this.#queue.enqueue({ kind: 'remove', sku });
  }

  clear(): Promise<Cart> {
    return this.#queue.enqueue({ kind: 'clear' });
  }

  async #send(mutation: PendingMutation, signal: AbortSignal): Promise<Cart> {
    await this.#hydrate();
    const base = this.#store.state.base;
    const headers: Record<string, string> =
      this.#options.ifMatch && base && base.version > 0 ? { 'if-match': `"${base.version}"` } : {};
    const common = { auth: 'cart' as const, idempotencyKey: mutation.idempotencyKey, headers, signal };
    const path = (sku: string) => `cart/items/${encodeURIComponent(sku)}`;
    let reply: { data: Cart };
    switch (mutation.kind) {
      case 'add':
        reply = await this.#api.request<Cart>({
          ...common,
          method: 'post',
          path: 'cart/items',
          json: { sku: mutation.sku, quantity: mutation.quantity },
        });
        break;
      case 'setQuantity':
        reply = await this.#api.request<Cart>({
          ...common,
          method: 'put',
          path: path(mutation.sku),
          json: { quantity: mutation.quantity },
        });
        break;
      case 'remove':
        reply = await this.#api.request<Cart>({ ...common, method: 'delete', path: path(mutation.sku) });
        break;
      case 'clear':
        reply = await this.#api.request<Cart>({ ...common, method: 'delete', path: 'cart' });
        break;
    }
    return reply.data;
  }

  // ---------------------------------------------------------------- orders

  checkout(): Promise<Order> {
    return this.#queue.enqueueTask(async (signal) => {
      const { data } = await this.#api.request<Order>({ method: 'post', path: 'cart/checkout', auth: 'user', signal });
      this.#acceptOrder(data);
      this.#pollOrder(data.orderId);
      return data;
    });
  }

  async getOrder(orderId: string): Promise<Order> {
    const { data } = await this.#api.request<Order>({
      method: 'get',
      path: `orders/${encodeURIComponent(orderId)}`,
      auth: 'user',
    });
    this.#acceptOrder(data);
    return data;
  }

  #acceptOrder(order: Order): void {
    const before = this.#store.state.orders[order.orderId];
    this.#store.dispatch({ type: 'order', order });
    const after = this.#store.state.orders[order.orderId];
    if (after !== before && after?.status === 'CONFIRMED') {
      // The server empties the cart on CONFIRMED; fetch it in case the socket is down.
      void this.refresh().catch(() => undefined);
    }
    if (after !== before) this.#tabs.post({ type: 'order', identity: this.#identity(), order });
  }

  /** Fallback for when the socket is down: poll until the order is final. */
  #pollOrder(orderId: string): void {
    const options = this.#options.pollOrders;
    if (options === false || this.#polling.has(orderId)) return;
    this.#polling.add(orderId);
    let interval = options?.interval ?? 1_000;
    const maxInterval = options?.maxInterval ?? 10_000;
    let attempts = 0;
    const tick = () => {
      const order = this.#store.state.orders[orderId];
      if (this.#destroyed || !order || FINAL.has(order.status) || attempts++ > 60) {
        this.#polling.delete(orderId);
        return;
      }
      this.getOrder(orderId)
        .catch(() => undefined)
        .finally(() => {
          interval = Math.min(maxInterval, interval * 2);
          this.#after(interval, tick);
        });
    };
    this.#after(interval, tick);
  }

  // ---------------------------------------------------------------- products

  async listProducts(query: { limit?: number; cursor?: string } = {}): Promise<ProductPage> {
    const searchParams: Record<string, string> = {};
    if (query.limit !== undefined) searchParams['limit'] = String(query.limit);
    if (query.cursor !== undefined) searchParams['cursor'] = query.cursor;
    const { data } = await this.#api.request<ProductPage>({
      method: 'get',
      path: 'products',
      auth: 'none',
      searchParams,
    });
    for (const product of data.items) this.#remember(product);
    return data;
  }

  async getProduct(sku: string): Promise<Product> {
    const { data } = await this.#api.request<Product>({
      method: 'get',
      path: `products/${encodeURIComponent(sku)}`,
      auth: 'none',
    });
    this.#remember(data);
    return data;
  }

  #remember(product: Product): void {
    this.#products.set(product.sku, { name: product.name, unitPrice: product.unitPrice, image: product.image });
  }

  // ---------------------------------------------------------------- offline

  async sync(): Promise<void> {
    clearTimeout(this.#replayTimer);
    await this.#queue.resume();
    if (this.#queue.paused) return;
    this.#replayAttempt = 0;
    // A sign-in whose merge failed for lack of network: merge now.
    if (this.#session.session && this.#cartToken) await this.#queue.enqueueTask(() => this.#mergeOrLoad());
  }

  setOnline(online: boolean): void {
    if (this.#hostOnline === online) return;
    this.#hostOnline = online;
    if (online) this.#wentOnline();
    else this.#store.dispatch({ type: 'offline', offline: true });
  }

  /** Offline when the browser or the host says so; Node (no `navigator`) counts as online. */
  #isOnline(): boolean {
    return this.#hostOnline && !this.#offlineEvent && globalThis.navigator?.onLine !== false;
  }

  #wentOnline(): void {
    if (!this.#isOnline()) return;
    this.#replayAttempt = 0;
    if (!this.#queue.paused) this.#store.dispatch({ type: 'offline', offline: false });
    void this.sync().catch(() => undefined);
    void this.refresh().catch(() => undefined);
  }

  /** Replay with backoff while offline (Node has no `online` event). */
  #scheduleReplay(): void {
    if (this.#destroyed) return;
    clearTimeout(this.#replayTimer);
    const delay = Math.min(60_000, 2_000 * 2 ** this.#replayAttempt++);
    this.#replayTimer = setTimeout(
      () => {
        if (!this.#isOnline()) return this.#scheduleReplay();
        void this.sync().catch(() => undefined);
      },
      delay * (0.5 + Math.random() / 2),
    );
  }

  #listenToNetwork(): void {
    const target = globalThis as {
      addEventListener?: typeof addEventListener;
      removeEventListener?: typeof removeEventListener;
    };
    if (typeof target.addEventListener !== 'function' || typeof window === 'undefined') return;
    const online = () => {
      this.#offlineEvent = false;
      this.#wentOnline();
    };
    const offline = () => {
      this.#offlineEvent = true;
      this.#store.dispatch({ type: 'offline', offline: true });
    };
    target.addEventListener('online', online);
    target.addEventListener('offline', offline);
    this.#cleanups.push(() => {
      target.removeEventListener?.('online', online);
      target.removeEventListener?.('offline', offline);
    });
  }

  // ---------------------------------------------------------------- persistence

  #schedulePersist(): void {
    if (this.#persistScheduled) return;
    this.#persistScheduled = true;
    queueMicrotask(() => {
      this.#persistScheduled = false;
      // destroy() drops the in-memory queue; the persisted one must survive for the next load.
      if (this.#destroyed) return;
      const { base, pending } = this.#store.state;
      const identity = this.#identity();
      const queue = pending.map((m) => ({ ...m, state: 'queued' }));
      this.#persisting = this.#persisting.then(() =>
        Promise.all([
          writeJson(this.#storage, this.#keys.cart, base ? { identity, cart: base } : null),
          writeJson(this.#storage, this.#keys.queue, queue.length > 0 ? queue : null),
        ]).then(() => undefined),
      );
    });
  }

  // ---------------------------------------------------------------- realtime and tabs

  async #realtimeUrl(): Promise<string | null> {
    const config = await this.#loadConfig();
    if (!config.realtimeUrl) return null;
    const separator = config.realtimeUrl.includes('?') ? '&' : '?';
    if (this.#session.session && !this.#cartToken) {
      const token = await this.#session.getAccessToken();
      return token ? `${config.realtimeUrl}${separator}token=${encodeURIComponent(token)}` : null;
    }
    if (this.#cartToken) return `${config.realtimeUrl}${separator}cartToken=${encodeURIComponent(this.#cartToken)}`;
    return null;
  }

  #startRealtime(): void {
    if (this.#destroyed || !this.#socket) return;
    if (!this.#session.session && !this.#cartToken) {
      this.#socket.stop();
      return;
    }
    this.#socket.start();
  }

  async #socketUnauthorized(): Promise<boolean> {
    try {
      if (this.#session.session && !this.#cartToken) {
        await this.#session.refresh();
        return true;
      }
      const before = this.#cartToken;
      await this.refresh(); // a 401 here replaces the expired anonymous token
      return this.#cartToken !== before;
    } catch {
      return false;
    }
  }

  #onTabMessage(message: TabMessage): void {
    switch (message.type) {
      case 'cart':
        if (message.identity === this.#identity()) {
          this.#store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
        } else if (!this.#cartToken && !this.#session.session) {
          // The other tab just started the anonymous cart this browser shares.
          void this.#adoptStoredToken().then((adopted) => {
            if (adopted && message.identity === this.#identity()) {
              this.#store.dispatch({ type: 'cart', cart: message.cart, source: 'external' });
            }
          });
        }
        return;
      case 'order':
        if (message.identity === this.#identity()) this.#store.dispatch({ type: 'order', order: message.order });
        return;
      case 'signed-out':
        void this.#clearUser(false);
        return;
      case 'signed-in':
        void this.#adoptOtherTabSignIn();
        return;
    }
  }

  async #adoptOtherTabSignIn(): Promise<void> {
    const session = await this.#session.hydrate();
    this.#cartToken = await readJson<string>(this.#storage, this.#keys.cartToken);
    this.#store.dispatch({ type: 'user', user: session?.user ?? null });
    this.#startRealtime();
    await this.refresh().catch(() => undefined);
  }

  // ---------------------------------------------------------------- auth

  #createAuth(): CartAuth {
    return {
      signUp: ({ email, password }) => this.#session.signUp(email, password),
      confirmSignUp: ({ email, code }) => this.#session.confirmSignUp(email, code),
      signIn: ({ email, password }) => this.#signIn(email, password),
      signOut: () => this.#clearUser(true),
      forgotPassword: ({ email }) => this.#session.forgotPassword(email),
      confirmForgotPassword: ({ email, code, password }) => this.#session.confirmForgotPassword(email, code, password),
      currentUser: () => this.#store.state.user,
      getAccessToken: () => this.#session.getAccessToken(),
    };
  }

  async #signIn(email: string, password: string): Promise<AuthUser> {
    await this.#hydrate();
    // Switching users on one device: the previous user's state must not carry over.
    if (this.#session.session) await this.#clearUser(true);
    const session = await this.#session.signIn(email, password);
    this.#store.dispatch({ type: 'user', user: session.user });
    // After the mutations already queued (they still go to the anonymous cart), merge.
    await this.#queue.enqueueTask(() => this.#mergeOrLoad());
    this.#tabs.post({ type: 'signed-in', userId: session.user.userId });
    return session.user;
  }

  /** Move the anonymous lines into the user's cart and switch identity. */
  async #mergeOrLoad(): Promise<Cart> {
    let cart: Cart;
    if (this.#cartToken) {
      try {
        ({ data: cart } = await this.#api.request<Cart>({ method: 'post', path: 'cart/merge', auth: 'merge' }));
      } catch (thrown) {
        const error = await toCartError(thrown);
        // The anonymous cart expired: nothing to merge, the user's cart is all there is.
        if (error.status !== 401 || !this.#session.session) throw error;
        await this.#setCartToken(null);
        ({ data: cart } = await this.#api.request<Cart>({ method: 'get', path: 'cart', auth: 'user' }));
      }
      await this.#setCartToken(null);
    } else {
      ({ data: cart } = await this.#api.request<Cart>({ method: 'get', path: 'cart', auth: 'user' }));
    }
    this.#store.dispatch({ type: 'cart', cart, source: 'reset' });
    this.#tabs.post({ type: 'cart', identity: this.#identity(), cart });
    this.#startRealtime();
    return cart;
  }

  /**
   * Sign-out: nothing of the user's stays on the device — not the session, the
   * cart snapshot, the queued mutations nor the orders — and replies still in
   * flight for the old identity are dropped (the queue's abort).
   */
  async #clearUser(broadcast: boolean): Promise<void> {
    this.#queue.cancelAll('Signed out');
    if (broadcast) await this.#session.signOut();
    else this.#session.forget();
    this.#cartToken = null;
    this.#polling.clear();
    this.#store.dispatch({ type: 'signed-out' });
    this.#store.dispatch({ type: 'cart', cart: emptyCart(this.#store.state.currency), source: 'reset' });
    this.#socket?.stop();
    if (broadcast) {
      await this.#persisting;
      await Promise.all([
        writeJson(this.#storage, this.#keys.cartToken, null),
        writeJson(this.#storage, this.#keys.cart, null),
        writeJson(this.#storage, this.#keys.queue, null),
      ]);
      this.#tabs.post({ type: 'signed-out' });
    }
  }

  // ---------------------------------------------------------------- lifecycle

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
    this.#socket?.stop();
    this.#tabs.close();
    clearTimeout(this.#replayTimer);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const cleanup of this.#cleanups) cleanup();
    this.#queue.cancelAll('The client was destroyed');
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
