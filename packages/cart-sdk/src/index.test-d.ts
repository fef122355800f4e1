import type { Cart, Config, Order, Product, ProductPage } from '@cartkit/contract';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuthUser,
  type CartClient,
  type CartError,
  type CartErrorCode,
  type CartSnapshot,
  type CartStatus,
  createCartClient,
  isCartError,
  isVersionConflictError,
  type PendingMutation,
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
});
