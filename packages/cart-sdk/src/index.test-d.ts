import type { Cart, Config, Order, Product, ProductPage } from '@cartkit/contract';
import { describe, expectTypeOf, it } from 'vitest';
import WsWebSocket from 'ws';
import {
  type AuthError,
  type AuthUser,
  type CancelledError,
  type CheckoutBlockedError,
  type CartClient,
  type CartError,
  type CartErrorCode,
  type CartErrorName,
  type CartSnapshot,
  type CartStatus,
  createCartClient,
  isCartError,
  isNetworkError,
  type NetworkError,
  type QuoteChangedError,
  type TimeoutError,
  type VersionConflictError,
  type WebSocketConstructor,
  isVersionConflictError,
  isOAuthError,
  type OAuthConfig,
  type OAuthError,
  type OAuthErrorReason,
  type PendingMutation,
  type SignInWithOptions,
  type SnapshotCart,
  type StorageAdapter,
} from './index.js';

describe('public types', () => {
  it('createCartClient takes the documented options and returns a CartClient', () => {
    expectTypeOf(createCartClient).parameter(0).toHaveProperty('apiUrl').toEqualTypeOf<string>();
    expectTypeOf(createCartClient).returns.toEqualTypeOf<CartClient>();
    expectTypeOf(createCartClient).parameter(0).toHaveProperty('storage').toEqualTypeOf<StorageAdapter | undefined>();
    // @ts-expect-error apiUrl is required
    createCartClient({});
  });

  it('the snapshot is what useSyncExternalStore needs', () => {
    const client = {} as CartClient;
    expectTypeOf(client.getSnapshot).returns.toEqualTypeOf<CartSnapshot>();
    expectTypeOf(client.subscribe).parameter(0).toEqualTypeOf<(snapshot: CartSnapshot) => void>();
    expectTypeOf(client.subscribe).returns.toEqualTypeOf<() => void>();
    expectTypeOf<CartSnapshot['status']>().toEqualTypeOf<'idle' | 'loading' | 'syncing' | 'offline' | 'error'>();
    expectTypeOf<CartSnapshot['status']>().toEqualTypeOf<CartStatus>();
    expectTypeOf<CartSnapshot['cart']>().toEqualTypeOf<SnapshotCart | null>();
    expectTypeOf<CartSnapshot['error']>().toEqualTypeOf<CartError | null>();
    expectTypeOf<CartSnapshot['user']>().toEqualTypeOf<AuthUser | null>();
    expectTypeOf<CartSnapshot['orders']>().toEqualTypeOf<Readonly<Record<string, Order>>>();
    expectTypeOf<CartSnapshot['pending']>().toEqualTypeOf<readonly PendingMutation[]>();
  });

  it('the shown cart is assignable to the contract Cart', () => {
    expectTypeOf<SnapshotCart>().toExtend<Cart>();
    expectTypeOf<SnapshotCart['items'][number]['priceKnown']>().toEqualTypeOf<boolean>();
  });

  it('mutations resolve with the server cart; orders and products are typed', () => {
    const client = {} as CartClient;
    expectTypeOf(client.add).toEqualTypeOf<
      (sku: string, quantity?: number, options?: { product?: Product }) => Promise<Cart>
    >();
    expectTypeOf(client.setQuantity).returns.toEqualTypeOf<Promise<Cart>>();
    expectTypeOf(client.remove).returns.toEqualTypeOf<Promise<Cart>>();
    expectTypeOf(client.clear).returns.toEqualTypeOf<Promise<Cart>>();
    expectTypeOf(client.checkout).returns.toEqualTypeOf<Promise<Order>>();
    expectTypeOf(client.getOrder).returns.toEqualTypeOf<Promise<Order>>();
    expectTypeOf(client.listProducts).returns.toEqualTypeOf<Promise<ProductPage>>();
    expectTypeOf(client.getProduct).returns.toEqualTypeOf<Promise<Product>>();
    expectTypeOf(client.getConfig).returns.toEqualTypeOf<Promise<Config>>();
    expectTypeOf(client.auth.currentUser).returns.toEqualTypeOf<AuthUser | null>();
    expectTypeOf(client.auth.signIn).returns.toEqualTypeOf<Promise<AuthUser>>();
  });

  it('pending mutations are a discriminated union', () => {
    const m = {} as PendingMutation;
    if (m.kind === 'clear') {
      // @ts-expect-error a clear has no sku
      m.sku;
    } else {
      expectTypeOf(m.sku).toEqualTypeOf<string>();
    }
  });

  it('guards narrow unknown errors', () => {
    const error: unknown = null;
    if (isCartError(error)) expectTypeOf(error.code).toEqualTypeOf<CartErrorCode>();
    if (isVersionConflictError(error)) expectTypeOf(error.cart).toEqualTypeOf<Cart>();
  });

  it('error classes carry the literal name and code the README shows', () => {
    expectTypeOf<CartError['name']>().toEqualTypeOf<CartErrorName>();
    expectTypeOf<CartError['code']>().toEqualTypeOf<CartErrorCode>();
    expectTypeOf<NetworkError['name']>().toEqualTypeOf<'NetworkError'>();
    expectTypeOf<NetworkError['code']>().toEqualTypeOf<'NETWORK_ERROR'>();
    expectTypeOf<TimeoutError['name']>().toEqualTypeOf<'TimeoutError'>();
    expectTypeOf<TimeoutError['code']>().toEqualTypeOf<'TIMEOUT'>();
    expectTypeOf<VersionConflictError['name']>().toEqualTypeOf<'VersionConflictError'>();
    expectTypeOf<VersionConflictError['code']>().toEqualTypeOf<'VERSION_CONFLICT'>();
    expectTypeOf<AuthError['name']>().toEqualTypeOf<'AuthError'>();
    expectTypeOf<AuthError['code']>().toEqualTypeOf<'AUTH_FAILED' | 'UNAUTHORIZED'>();
    expectTypeOf<CancelledError['name']>().toEqualTypeOf<'CancelledError'>();
    expectTypeOf<CancelledError['code']>().toEqualTypeOf<'CANCELLED'>();
    expectTypeOf<QuoteChangedError['code']>().toEqualTypeOf<'QUOTE_CHANGED'>();
    expectTypeOf<CheckoutBlockedError['code']>().toEqualTypeOf<'CHECKOUT_BLOCKED'>();
    // A guard narrows to the literal, so a switch on name is exhaustive-checked.
    const error: unknown = null;
    if (isNetworkError(error)) expectTypeOf(error.code).toEqualTypeOf<'NETWORK_ERROR'>();
    const name = (e: CartError): string => {
      switch (e.name) {
        case 'NetworkError':
        case 'TimeoutError':
          return 'offline';
        // @ts-expect-error not a name the SDK uses
        case 'TypeError':
          return 'never';
        default:
          return e.name;
      }
    };
    void name;
  });

  it('provider sign-in: signInWith, its options, OAuthError and the config it reads', () => {
    const client = createCartClient({ apiUrl: '/api' });
    expectTypeOf(client.auth.signInWith).parameters.toEqualTypeOf<[string, SignInWithOptions?]>();
    expectTypeOf(client.auth.signInWith('Google', { mode: 'popup' })).toEqualTypeOf<Promise<AuthUser>>();
    // @ts-expect-error only redirect and popup
    void client.auth.signInWith('Google', { mode: 'iframe' });
    expectTypeOf<OAuthError['name']>().toEqualTypeOf<'OAuthError'>();
    expectTypeOf<OAuthError['code']>().toEqualTypeOf<'AUTH_FAILED'>();
    expectTypeOf<OAuthError['reason']>().toEqualTypeOf<OAuthErrorReason>();
    expectTypeOf<OAuthError>().toMatchTypeOf<CartError>();
    const error: unknown = null;
    if (isOAuthError(error)) expectTypeOf(error.cognitoCode).toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<Config['oauth']>>().toEqualTypeOf<OAuthConfig>();
  });

  it('the WebSocket option takes the `ws` class and the global one, no cast', () => {
    createCartClient({ apiUrl: 'http://localhost:3000/api', WebSocket: WsWebSocket, realtime: false });
    createCartClient({ apiUrl: 'http://localhost:3000/api', WebSocket: globalThis.WebSocket, realtime: false });
    expectTypeOf(WsWebSocket).toExtend<WebSocketConstructor>();
    expectTypeOf(globalThis.WebSocket).toExtend<WebSocketConstructor>();
    // @ts-expect-error not a WebSocket class
    createCartClient({ apiUrl: 'http://localhost:3000/api', WebSocket: class {} });
  });
});
