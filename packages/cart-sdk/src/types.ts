import type {
  Cart,
  CartLine,
  CheckoutRequest,
  Config,
  Order,
  Product,
  ProductPage,
  Quote,
  QuoteRequest,
} from '@cartkit/contract';
import type { CheckoutBlockedError, QuoteChangedError } from './http/checkout.js';
import type { OAuthError } from './auth/oauth-error.js';
import type { CartError } from './errors/errors.js';
import type { StorageAdapter } from './store/storage.js';

/**
 * Retry policy for requests: network errors, 429 and 503 are retried (honouring
 * `Retry-After`); other 4xx never are.
 *
 * @example
 * ```ts
 * createCartClient({ apiUrl, retry: { limit: 5, backoffLimit: 5_000 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  limit?: number;
  /** Longest backoff delay in ms. Default 1 500. */
  backoffLimit?: number;
  /** Longest wait for a `Retry-After`, in ms; a longer one is capped to this. Default 1 500. */
  maxRetryAfter?: number;
  /** Backoff before retry `attempt` (1-based), in ms, before jitter. Default `300 * 2 ** (attempt - 1)`. */
  delay?: (attempt: number) => number;
}

/**
 * The part of a WebSocket the SDK uses: the browser's and Node's `WebSocket` and the
 * `ws` package's class all fit, with no cast. Handlers take `never` so that each
 * implementation's own event types are accepted; the SDK reads `data` and `code` only.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/**
 * A WebSocket class: `globalThis.WebSocket` or `ws`'s default export.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * const Socket: WebSocketConstructor = WebSocket;
 * ```
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/**
 * Options of {@link createCartClient}.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * createCartClient({ apiUrl: 'http://localhost:3000/api', WebSocket });
 * ```
 */
export interface CartClientOptions {
  /** The API base URL, e.g. `http://localhost:3000/api`. */
  apiUrl: string;
  /** Known config; when it has the Cognito settings and `realtimeUrl`, `GET /config` is skipped. */
  config?: Partial<Config>;
  /** Where tokens, the cart snapshot and the offline queue live. Default: localStorage in browsers, memory in Node. */
  storage?: StorageAdapter;
  /** Open the realtime WebSocket. Default true. */
  realtime?: boolean;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The WebSocket class. Default `globalThis.WebSocket` (browsers, Node 22+); inject `ws` on Node 20 (its class fits as is). */
  WebSocket?: WebSocketConstructor;
  /** The BroadcastChannel class for cross-tab sync; `null` disables it. Default: `globalThis.BroadcastChannel` in browsers, none in Node. */
  BroadcastChannel?: typeof BroadcastChannel | null;
  /** Retry policy. */
  retry?: RetryOptions;
  /** Per-attempt timeout in ms. Default 15 000. */
  timeout?: number;
  /** Send `If-Match: "<version>"` on mutations (then 412 raises {@link VersionConflictError}). Default false. */
  ifMatch?: boolean;
  /** Poll `GET /orders/{id}` after checkout until the order is final; `false` disables. */
  pollOrders?: { interval?: number; maxInterval?: number } | false;
}

/**
 * The signed-in user.
 *
 * @example
 * ```ts
 * const user: AuthUser | null = cart.auth.currentUser();
 * ```
 */
export interface AuthUser {
  /** Cognito `sub`. */
  userId: string;
  email: string;
}

/**
 * A cart line as shown: the server's line, or an optimistic one.
 *
 * @example
 * ```ts
 * const price = line.priceKnown ? format(line.lineTotal) : '—';
 * ```
 */
export interface SnapshotLine extends CartLine {
  /** Changed locally and not yet confirmed by the server. */
  pending: boolean;
  /** False while the price is unknown: `unitPrice` and `lineTotal` are 0 placeholders and `name` is the SKU. */
  priceKnown: boolean;
}

/**
 * The cart as shown: the server's cart with pending mutations applied on top.
 * Assignable to the contract's `Cart`.
 *
 * @example
 * ```ts
 * const total = snapshot.cart?.priceKnown ? format(snapshot.cart.subtotal) : '…';
 * ```
 */
export interface SnapshotCart extends Cart {
  items: SnapshotLine[];
  /** Some lines are optimistic. */
  pending: boolean;
  /** Every line's price is known (else `subtotal` covers only the known ones). */
  priceKnown: boolean;
}

/**
 * What an optimistic line can show before the server replies.
 *
 * @example
 * ```ts
 * const hint: LineHint = { name: 'Red tee', unitPrice: 1900, image: '/tee.svg' };
 * ```
 */
export interface LineHint {
  name: string;
  unitPrice: number;
  image: string;
}

/**
 * Mutation kinds and their payloads.
 *
 * @example
 * ```ts
 * const m: MutationInput = { kind: 'add', sku: 'TEE', quantity: 1 };
 * ```
 */
export type MutationInput =
  | { kind: 'add'; sku: string; quantity: number }
  | { kind: 'setQuantity'; sku: string; quantity: number }
  | { kind: 'remove'; sku: string }
  | { kind: 'clear' };

/**
 * A mutation made locally and not yet confirmed by the server, oldest first in `snapshot.pending`.
 * `state` is `queued` (waiting its turn), `sending` (in flight) or `offline` (waiting for the network).
 *
 * @example
 * ```ts
 * const adding = snapshot.pending.some((m) => m.kind === 'add' && m.sku === sku);
 * ```
 */
export type PendingMutation = MutationInput & {
  readonly id: string;
  /** For `add`: what the optimistic line shows until the server replies. */
  readonly product?: LineHint;
  /** Sent as `Idempotency-Key` on every attempt of this mutation, across retries and reloads. */
  readonly idempotencyKey: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  readonly state: 'queued' | 'sending' | 'offline';
};

/**
 * What the client is doing: `loading` while `ready()` has no cart yet, `syncing` while
 * requests are in flight, `offline` while mutations wait for the network, `error` after a
 * failure, else `idle`.
 *
 * @example
 * ```ts
 * const busy = snapshot.status === 'loading' || snapshot.status === 'syncing';
 * ```
 */
export type CartStatus = 'idle' | 'loading' | 'syncing' | 'offline' | 'error';

/**
 * The client's observable state. The same object is returned until something changes.
 *
 * @example
 * ```ts
 * const snapshot = useSyncExternalStore(cart.subscribe, cart.getSnapshot);
 * ```
 */
export interface CartSnapshot {
  readonly status: CartStatus;
  readonly cart: SnapshotCart | null;
  readonly pending: readonly PendingMutation[];
  readonly error: CartError | null;
  readonly user: AuthUser | null;
  readonly orders: Readonly<Record<string, Order>>;
}

/**
 * A page of orders, newest first (`GET /orders`).
 *
 * @example
 * ```ts
 * const { items, nextCursor } = await cart.listOrders();
 * ```
 */
export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

/**
 * Options of {@link CartClient.add}.
 *
 * @example
 * ```ts
 * cart.add(product.sku, 1, { product }); // the optimistic line shows the name and price at once
 * ```
 */
export interface AddOptions {
  /** The product, so the optimistic line has its name, price and image. */
  product?: Product;
}

/**
 * Authentication with Cognito. The Cognito code is downloaded on the first call that needs it.
 *
 * @example
 * ```ts
 * await cart.auth.signIn({ email, password }); // the anonymous cart merges into the user's
 * ```
 */
/**
 * Where a provider sign-in happens: the page goes to the hosted sign-in and comes
 * back (`redirect`, the default), or a popup window does (`popup`).
 *
 * @example
 * ```ts
 * const mode: SignInMode = window.innerWidth < 600 ? 'redirect' : 'popup';
 * ```
 */
export type SignInMode = 'redirect' | 'popup';

/**
 * Options of {@link CartAuth.signInWith}.
 *
 * @example
 * ```ts
 * const options: SignInWithOptions = { mode: 'popup' };
 * ```
 */
export interface SignInWithOptions {
  /** `redirect` (default) or `popup`. */
  mode?: SignInMode;
}

/**
 * Why a provider sign-in was refused (an {@link OAuthError}'s `reason`):
 * - `NOT_CONFIGURED`: the shop offers no such provider;
 * - `STATE_MISMATCH`: the answer is not for the attempt pending in this tab (changed, replayed, expired);
 * - `NONCE_MISMATCH`: the ID token was not issued for this attempt;
 * - `TOKEN_INVALID`: the ID token is unreadable, for another app (`aud`), from another pool (`iss`) or expired;
 * - `TOKEN_REFUSED`: the token endpoint said no (`cognitoCode` `invalid_grant`: the code was used or expired);
 * - `PROVIDER_ERROR`: the hosted sign-in or the provider answered with an error (`cognitoCode`, e.g. `access_denied`);
 * - `POPUP_BLOCKED`, `POPUP_CLOSED`: the popup could not open, or was closed before the end;
 * - `UNREACHABLE`: the token endpoint could not be reached.
 *
 * @example
 * ```ts
 * const retryInPage = (reason: OAuthErrorReason) => reason === 'POPUP_BLOCKED';
 * ```
 */
export type OAuthErrorReason =
  | 'NOT_CONFIGURED'
  | 'STATE_MISMATCH'
  | 'NONCE_MISMATCH'
  | 'TOKEN_INVALID'
  | 'TOKEN_REFUSED'
  | 'PROVIDER_ERROR'
  | 'POPUP_BLOCKED'
  | 'POPUP_CLOSED'
  | 'UNREACHABLE';

export interface CartAuth {
  /** Create an account; Cognito sends a confirmation code unless auto-confirmed. */
  signUp(input: { email: string; password: string }): Promise<{ userConfirmed: boolean }>;
  /** Confirm an account with the emailed code. */
  confirmSignUp(input: { email: string; code: string }): Promise<void>;
  /** Email the sign-up confirmation code again (an account that was never confirmed). */
  resendConfirmationCode(input: { email: string }): Promise<void>;
  /** Sign in and merge this device's anonymous cart into the user's cart. */
  signIn(input: { email: string; password: string }): Promise<AuthUser>;
  /**
   * Sign in with a provider the shop offers (`GET /config` `oauth.providers`, e.g. `'Google'`)
   * through the hosted sign-in, then merge this device's anonymous cart as {@link CartAuth.signIn} does.
   * `redirect` (default): the page leaves and this promise never settles; the page's next load
   * (`ready()`) finishes the sign-in, or puts an {@link OAuthError} in `snapshot.error`.
   * `popup`: call it from a click (the window opens at once); resolves with the user, or rejects
   * with an {@link OAuthError} (`POPUP_BLOCKED`, `POPUP_CLOSED`, …) and changes nothing.
   */
  signInWith(providerId: string, options?: SignInWithOptions): Promise<AuthUser>;
  /**
   * Sign out and remove the user's cart, queue, orders and tokens from this device. A provider
   * session's hosted session ends too (the next `signInWith` asks again): after a redirect sign-in
   * the page goes through the hosted sign-out and back to its origin's root; after a popup one, a popup does.
   */
  signOut(): Promise<void>;
  /** Send a password reset code. */
  forgotPassword(input: { email: string }): Promise<void>;
  /** Set a new password with the reset code. */
  confirmForgotPassword(input: { email: string; code: string; password: string }): Promise<void>;
  /** The signed-in user, synchronously; never downloads the Cognito code. */
  currentUser(): AuthUser | null;
  /** A valid access token (refreshed within 60 s of expiry), or null when signed out. */
  getAccessToken(): Promise<string | null>;
}

/**
 * The cart client. Create one per page (or per request in SSR) with {@link createCartClient}.
 *
 * @example
 * ```ts
 * const cart = createCartClient({ apiUrl });
 * cart.subscribe(render);
 * await cart.ready();
 * await cart.add('TEE-RED-M');
 * ```
 */
export interface CartClient {
  readonly apiUrl: string;
  /** The current state; the same object until something changes. */
  getSnapshot(): CartSnapshot;
  /** Call `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: CartSnapshot) => void): () => void;
  /** Load config, persisted state and the cart; replay the offline queue. */
  ready(): Promise<void>;
  /** Fetch the cart from the server. */
  refresh(): Promise<Cart>;
  /** Add `quantity` (default 1) of `sku`; the snapshot changes synchronously. */
  add(sku: string, quantity?: number, options?: AddOptions): Promise<Cart>;
  /** Set a line's quantity; 0 removes it. */
  setQuantity(sku: string, quantity: number): Promise<Cart>;
  /** Remove a line (absent lines are not an error). */
  remove(sku: string): Promise<Cart>;
  /** Empty the cart. */
  clear(): Promise<Cart>;
  /**
   * What the cart costs delivered to an address (`POST /checkout/quote`): lines at
   * the prices they will be charged, the shipping options, tax, total and problems.
   */
  quote(input: QuoteRequest): Promise<Quote>;
  /**
   * Turn the cart into an order. With a {@link CheckoutRequest} (guests too): sends
   * `expectedTotal`, the total the shopper saw; rejects with a {@link QuoteChangedError}
   * (carrying the fresh quote, nothing placed) or a {@link CheckoutBlockedError}.
   * In a browser the payment page returns to this page (its URL without the fragment)
   * unless `input.returnUrl` names another page of an allowed origin.
   * Without: the signed-in checkout of the cart as it is. Later states arrive in `snapshot.orders`.
   */
  checkout(input?: CheckoutRequest): Promise<Order>;
  /** The signed-in shopper's orders, newest first, a page at a time (`nextCursor`). */
  listOrders(query?: { cursor?: string }): Promise<OrderPage>;
  /** Fetch an order: the user's or this cart's, or any with its access `token` (from the payment return link). */
  getOrder(orderId: string, options?: { token?: string }): Promise<Order>;
  /** A page of the catalog. */
  listProducts(query?: { limit?: number; cursor?: string }): Promise<ProductPage>;
  /** One product. */
  getProduct(sku: string): Promise<Product>;
  /** Replay the offline queue now. */
  sync(): Promise<void>;
  /**
   * Tell the client whether the device is online, for platforms without
   * `navigator.onLine` and its events (React Native, a webview). While offline
   * (this, `navigator.onLine === false` or an `offline` event), mutations are
   * queued and replayed on `setOnline(true)` / `online`; while online, a mutation
   * that cannot reach the server is rolled back with a `NetworkError`.
   */
  setOnline(online: boolean): void;
  /** The deployment's config (`GET /config`, fetched once, merged with `options.config`). */
  getConfig(): Promise<Config>;
  readonly auth: CartAuth;
  /** Close the socket and channel, stop timers and listeners. */
  destroy(): void;
}
