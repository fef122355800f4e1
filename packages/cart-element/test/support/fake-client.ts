import type { AuthUser, CartClient, CartSnapshot, SnapshotCart } from '@cartkit/cart-sdk';
import type { Cart, Order } from '@cartkit/contract';

/**
 * A scripted stand-in for the SDK client, for what msw cannot reach in a unit
 * test (Cognito sign-in, checkout's asynchronous order progress). Host code may
 * hand `<shopping-cart>` its own client the same way.
 */
export class FakeClient {
  readonly apiUrl = 'https://fake.test/api';
  snapshot: CartSnapshot;
  readonly calls: string[] = [];
  /** Auth calls that fail: method name → the error it rejects with (once per entry, or always with `sticky`). */
  readonly authFailures = new Map<string, { error: unknown; sticky?: boolean }>();
  #listeners = new Set<(s: CartSnapshot) => void>();

  constructor(cart: Cart, user: AuthUser | null = null) {
    this.snapshot = { status: 'idle', cart: toSnapshotCart(cart), pending: [], error: null, user, orders: {} };
  }

  set(patch: Partial<CartSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.#listeners) listener(this.snapshot);
  }

  setOrder(order: Order): void {
    this.set({ orders: { ...this.snapshot.orders, [order.orderId]: order } });
  }

  asClient(): CartClient {
    const order = (status: Order['status']): Order => ({
      orderId: 'ord-1',
      status,
      items: this.snapshot.cart?.items ?? [],
      subtotal: this.snapshot.cart?.subtotal ?? 0,
      currency: this.snapshot.cart?.currency ?? 'EUR',
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
    });
    const user: AuthUser = { userId: 'u1', email: 'ada@example.com' };
    const fail = (method: string): void => {
      const failure = this.authFailures.get(method);
      if (!failure) return;
      if (!failure.sticky) this.authFailures.delete(method);
      throw failure.error;
    };
    const client = {
      apiUrl: this.apiUrl,
      getSnapshot: () => this.snapshot,
      subscribe: (listener: (s: CartSnapshot) => void) => {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
      },
      ready: async () => {},
      refresh: async () => this.snapshot.cart as Cart,
      quote: async () => {
        this.calls.push('quote');
        const subtotal = this.snapshot.cart?.subtotal ?? 0;
        return {
          items: this.snapshot.cart?.items ?? [],
          subtotal,
          discount: 0,
          shipping: 0,
          tax: 0,
          taxIncluded: false,
          total: subtotal,
          currency: this.snapshot.cart?.currency ?? 'EUR',
          shippingOptions: [{ id: 'standard', label: 'Standard', amount: 0 }],
          shippingOptionId: 'standard',
          problems: [],
        };
      },
      checkout: async () => {
        this.calls.push('checkout');
        const pending = order('PENDING');
        this.setOrder(pending);
        return pending;
      },
      auth: {
        signIn: async ({ email }: { email: string; password: string }) => {
          this.calls.push(`signIn ${email}`);
          fail('signIn');
          this.set({ user });
          return user;
        },
        signUp: async ({ email }: { email: string }) => {
          this.calls.push(`signUp ${email}`);
          fail('signUp');
          return { userConfirmed: false };
        },
        confirmSignUp: async ({ email, code }: { email: string; code: string }) => {
          this.calls.push(`confirmSignUp ${email} ${code}`);
          fail('confirmSignUp');
        },
        resendConfirmationCode: async ({ email }: { email: string }) => {
          this.calls.push(`resendConfirmationCode ${email}`);
          fail('resendConfirmationCode');
        },
        signOut: async () => {
          this.calls.push('signOut');
          this.set({ user: null });
        },
        forgotPassword: async ({ email }: { email: string }) => {
          this.calls.push(`forgotPassword ${email}`);
          fail('forgotPassword');
        },
        confirmForgotPassword: async ({ email, code }: { email: string; code: string; password: string }) => {
          this.calls.push(`confirmForgotPassword ${email} ${code}`);
          fail('confirmForgotPassword');
        },
        currentUser: () => this.snapshot.user,
        getAccessToken: async () => null,
      },
      destroy: () => {},
    };
    return client as unknown as CartClient;
  }
}

function toSnapshotCart(cart: Cart): SnapshotCart {
  return {
    ...cart,
    pending: false,
    priceKnown: true,
    items: cart.items.map((l) => ({ ...l, pending: false, priceKnown: true })),
  };
}
