import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type CartClient, createCartClient, memoryStorage, type StorageAdapter } from '../../src/index.js';

const stack = inject('cartSdkStack');
const clients: CartClient[] = [];

afterEach(() => {
  vi.unstubAllGlobals();
  for (const c of clients.splice(0)) c.destroy();
});

function client(storage: StorageAdapter = memoryStorage(), realtime = false): CartClient {
  const c = createCartClient({
    apiUrl: stack.apiUrl,
    storage,
    realtime,
    WebSocket,
    BroadcastChannel: null,
    retry: { delay: () => 50 },
  });
  clients.push(c);
  return c;
}

async function until(predicate: () => boolean | Promise<boolean>, timeout = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeout) throw new Error('until: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let userCounter = 0;
/** Sign up a fresh user through cognito-local and confirm with the code it printed. */
async function newUser(c: CartClient) {
  const email = `sdk-${Date.now()}-${userCounter++}@example.com`;
  const password = 'Passw0rd!-local';
  const { userConfirmed } = await c.auth.signUp({ email, password });
  if (!userConfirmed) {
    let code: string | undefined;
    await until(async () => {
      const res = await fetch(`${stack.origin}/@local/confirmation-codes/${encodeURIComponent(email)}`);
      if (res.ok) code = ((await res.json()) as { code: string }).code;
      return code !== undefined;
    });
    await c.auth.confirmSignUp({ email, code: code! });
  }
  return { email, password };
}

async function twoSkus(c: CartClient): Promise<[string, string]> {
  const page = await c.listProducts({ limit: 10 });
  const inStock = page.items.filter((p) => p.stock > 5);
  return [inStock[0]!.sku, inStock[1]!.sku];
}

describe('against the local stack', () => {
  it('reads the config: password flow and the cognito-local endpoint', async () => {
    const c = client();
    await c.ready();
    const res = await fetch(`${stack.apiUrl}/config`);
    const config = (await res.json()) as { authFlow?: string; cognitoEndpoint: string | null };

    expect(config.authFlow).toBe('USER_PASSWORD_AUTH');
    expect(config.cognitoEndpoint).toBeTruthy();
    expect(c.getSnapshot().cart).toMatchObject({ items: [], version: 0 });
  });

  it('signs up, confirms, signs in and out with the password flow', async () => {
    const c = client();
    await c.ready();
    const { email, password } = await newUser(c);

    const user = await c.auth.signIn({ email, password });

    expect(user.email).toBe(email);
    expect(c.auth.currentUser()).toEqual(user);
    await c.auth.signOut();
    expect(c.auth.currentUser()).toBeNull();
  });

  it('builds an anonymous cart, then merges it on sign-in without losing a line', async () => {
    const c = client();
    await c.ready();
    const [a, b] = await twoSkus(c);
    const credentials = await newUser(c);
    await c.add(a, 2);
    await c.add(b, 1);

    await c.auth.signIn(credentials);

    const cart = c.getSnapshot().cart!;
    expect(cart.owner).toBe('user');
    expect(cart.items.map((l) => [l.sku, l.quantity]).sort()).toEqual(
      [
        [a, 2],
        [b, 1],
      ].sort(),
    );
    // And the server agrees.
    expect((await c.refresh()).itemCount).toBe(3);
  });

  it('two clients of one user see each other’s changes over the socket', async () => {
    const first = client(memoryStorage(), true);
    await first.ready();
    const credentials = await newUser(first);
    await first.auth.signIn(credentials);
    const second = client(memoryStorage(), true);
    await second.ready();
    await second.auth.signIn(credentials);
    const [a] = await twoSkus(first);
    // Let both sockets connect before the change.
    await new Promise((r) => setTimeout(r, 500));

    await first.add(a, 3);

    await until(() => second.getSnapshot().cart?.items.some((l) => l.sku === a && l.quantity === 3) ?? false);
    await second.setQuantity(a, 1);
    await until(() => first.getSnapshot().cart?.items.some((l) => l.sku === a && l.quantity === 1) ?? false);
  });

  it('queues mutations made offline and replays them in order when back online', async () => {
    const c = client();
    await c.ready();
    const [a, b] = await twoSkus(c);
    await c.add(a, 1); // anonymous cart exists
    vi.stubGlobal('navigator', { onLine: false });

    const pending = [c.add(b, 2), c.setQuantity(a, 4), c.remove(b)];
    expect(c.getSnapshot().status).toBe('offline');
    expect(c.getSnapshot().pending).toHaveLength(3);

    vi.stubGlobal('navigator', { onLine: true });
    await c.sync();
    await Promise.all(pending);

    const server = await c.refresh();
    expect(server.items.map((l) => [l.sku, l.quantity])).toEqual([[a, 4]]);
    expect(c.getSnapshot()).toMatchObject({ status: 'idle', pending: [] });
  });

  it('checkout turns the cart into an order whose final state arrives in the snapshot', async () => {
    const c = client(memoryStorage(), true);
    await c.ready();
    const credentials = await newUser(c);
    await c.auth.signIn(credentials);
    const [a] = await twoSkus(c);
    await c.add(a, 1);

    const shippingAddress = {
      name: 'Ada Shopper',
      line1: '1 Market St',
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      country: 'US',
    };
    const quote = await c.quote({ shippingAddress });
    const order = await c.checkout({
      email: credentials.email,
      shippingAddress,
      shippingOptionId: quote.shippingOptionId ?? '',
      expectedTotal: quote.total,
    });

    expect(order.status).toBe('PENDING');
    await until(() => ['CONFIRMED', 'FAILED'].includes(c.getSnapshot().orders[order.orderId]?.status ?? ''), 30_000);
    if (c.getSnapshot().orders[order.orderId]?.status === 'CONFIRMED') {
      await until(() => c.getSnapshot().cart?.items.length === 0);
    }
  });

  it('sign-out leaves the next person an empty anonymous cart, and the user’s cart stays on the server', async () => {
    const storage = memoryStorage();
    const c = client(storage);
    await c.ready();
    const credentials = await newUser(c);
    await c.auth.signIn(credentials);
    const [a] = await twoSkus(c);
    await c.add(a, 2);

    await c.auth.signOut();

    expect(c.getSnapshot()).toMatchObject({ user: null, pending: [], orders: {} });
    expect(c.getSnapshot().cart?.items).toEqual([]);
    // A fresh page load on the same device sees nothing of the user.
    const next = client(storage);
    await next.ready();
    expect(next.getSnapshot().cart?.items).toEqual([]);
    expect(next.auth.currentUser()).toBeNull();
    // The user gets the cart back by signing in again.
    await next.auth.signIn(credentials);
    expect(next.getSnapshot().cart?.items.map((l) => [l.sku, l.quantity])).toEqual([[a, 2]]);
  });

  it('an anonymous client gets its own pushes over the socket (cartToken)', async () => {
    const storage = memoryStorage();
    const first = client(storage, true);
    await first.ready();
    const [a] = await twoSkus(first);
    await first.add(a, 1); // creates the anonymous cart and opens the socket
    // A second client with the same token (another device would need the token too).
    const second = client(storage, true);
    await second.ready();
    await new Promise((r) => setTimeout(r, 500));

    await first.setQuantity(a, 5);

    await until(() => second.getSnapshot().cart?.items.some((l) => l.sku === a && l.quantity === 5) ?? false);
  });
});
