import type { AuthUser, CartClient, CartSnapshot, SnapshotCart } from '@cartkit/cart-sdk';
import type { Cart, Order, Quote } from '@cartkit/contract';

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
  /** The shop's countries (`Config.shop`). */
  countries = [
    { code: 'DE', pricesIncludeTax: true, regionRequired: false },
    { code: 'GB', pricesIncludeTax: true, regionRequired: false },
  ];
  /** Quotes `quote()` answers with, in order (then one computed from the cart). */
  readonly quotes: Quote[] = [];
  /** Errors `checkout(input)` rejects with, in order. */
  readonly checkoutFailures: unknown[] = [];
  /** Merged into the order `checkout` places (e.g. `payment`). */
  placed: Partial<Order> = {};
  /** The signed-in shopper's orders, newest first, as `listOrders` pages them. */
  readonly history: Order[] = [];
  /** `listOrders`' page size. */
  pageSize = 2;
  /** The account's cart: `signIn` merges into it (the SDK merges before `signIn` resolves). */
  accountCart: Cart | undefined;
  /** The sign-in providers `GET /config` announces (`oauth.providers`); none: `oauth: null`. */
  providers: { id: string; name: string }[] = [];
  /** Orders `getOrder` finds that are not in the snapshot. */
  readonly orders = new Map<string, Order>();

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
      getConfig: async () => ({
        currency: 'EUR',
        shop: { currency: 'EUR', countries: this.countries },
        oauth:
          this.providers.length === 0
            ? null
            : {
                domain: 'https://auth.fake.test',
                providers: this.providers,
                redirectUri: `${this.apiUrl}/auth/callback`,
                logoutUri: `${this.apiUrl}/auth/signed-out`,
              },
      }),
      quote: async (input: {
        shippingAddress: { country: string };
        shippingOptionId?: string;
        discountCode?: string;
      }) => {
        const code = input.discountCode === undefined ? '' : ` code=${input.discountCode}`;
        this.calls.push(`quote ${input.shippingAddress.country} ${input.shippingOptionId ?? '-'}${code}`);
        const next = this.quotes.shift();
        if (next) return next;
        const cart = this.snapshot.cart!;
        const options = [
          { id: 'standard', label: 'Standard', amount: 495 },
          { id: 'express', label: 'Express', amount: 1500 },
        ];
        const option = options.find((o) => o.id === input.shippingOptionId) ?? options[0]!;
        return {
          items: cart.items.map(({ pending: _p, priceKnown: _k, ...line }) => line),
          subtotal: cart.subtotal,
          discount: 0,
          shipping: option.amount,
          tax: Math.round(cart.subtotal * 0.16),
          taxIncluded: true,
          total: cart.subtotal + option.amount,
          currency: cart.currency,
          shippingOptions: options,
          shippingOptionId: option.id,
          problems: [],
        };
      },
      getOrder: async (orderId: string, options: { token?: string } = {}) => {
        this.calls.push(`getOrder ${orderId} ${options.token ?? ''}`);
        const found = this.snapshot.orders[orderId] ?? this.orders.get(orderId);
        if (!found) throw Object.assign(new Error('Not found'), { name: 'CartError', code: 'NOT_FOUND' });
        this.setOrder(found);
        return found;
      },
      listOrders: async ({ cursor }: { cursor?: string } = {}) => {
        this.calls.push(`listOrders ${cursor ?? '-'}`);
        const start = cursor ? Number(cursor) : 0;
        const items = this.history.slice(start, start + this.pageSize);
        const next = start + this.pageSize;
        // As the API answers (OrderPage): `nextCursor` is absent on the last page.
        return next < this.history.length ? { items, nextCursor: String(next) } : { items };
      },
      refresh: async () => this.snapshot.cart as Cart,
      checkout: async (input?: CheckoutInput) => {
        this.calls.push(input ? `checkout ${JSON.stringify(input)}` : 'checkout');
        const failure = this.checkoutFailures.shift();
        if (failure) throw failure;
        // What the server stores with the order (issue 14): number, email, address, option, totals.
        const placedWith: Partial<Order> = input
          ? {
              number: 'CK-4827-1930',
              email: input.email,
              shippingAddress: input.shippingAddress,
              shippingOption: { id: input.shippingOptionId, label: input.shippingOptionId, amount: 0 },
              totals: {
                subtotal: this.snapshot.cart?.subtotal ?? 0,
                discount: 0,
                shipping: input.expectedTotal - (this.snapshot.cart?.subtotal ?? 0),
                tax: 0,
                taxIncluded: true,
                total: input.expectedTotal,
              },
            }
          : {};
        const pending = { ...order('PENDING'), ...placedWith, ...this.placed };
        this.setOrder(pending);
        return pending;
      },
      auth: {
        signIn: async ({ email }: { email: string; password: string }) => {
          this.calls.push(`signIn ${email}`);
          fail('signIn');
          this.set(this.accountCart ? { user, cart: toSnapshotCart(this.accountCart) } : { user });
          return user;
        },
        // Redirect mode: the page would leave for the hosted sign-in, so the promise never settles.
        signInWith: async (provider: string) => {
          this.calls.push(`signInWith ${provider}`);
          fail('signInWith');
          return new Promise<never>(() => {});
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

interface CheckoutInput {
  email: string;
  shippingAddress: NonNullable<Order['shippingAddress']>;
  shippingOptionId: string;
  expectedTotal: number;
}

function toSnapshotCart(cart: Cart): SnapshotCart {
  return {
    ...cart,
    pending: false,
    priceKnown: true,
    items: cart.items.map((l) => ({ ...l, pending: false, priceKnown: true })),
  };
}
