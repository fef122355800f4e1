import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type AdminClient, createAdminClient, isCartError } from '../../src/admin/index.js';
import { type CartClient, createCartClient, memoryStorage } from '../../src/index.js';

const stack = inject('cartSdkStack');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const clients: CartClient[] = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

async function signedUp(): Promise<{ cart: CartClient; email: string; password: string }> {
  const cart = createCartClient({
    apiUrl: stack.apiUrl,
    storage: memoryStorage(),
    realtime: false,
    BroadcastChannel: null,
  });
  clients.push(cart);
  const email = `sdk-admin-${Date.now()}-${clients.length}@example.com`;
  const password = 'Passw0rd!-local';
  const { userConfirmed } = await cart.auth.signUp({ email, password });
  if (!userConfirmed) {
    const res = await fetch(`${stack.origin}/@local/confirmation-codes/${encodeURIComponent(email)}`);
    await cart.auth.confirmSignUp({ email, code: ((await res.json()) as { code: string }).code });
  }
  await cart.auth.signIn({ email, password });
  return { cart, email, password };
}

/** `pnpm admin:grant` (the command the `pnpm start` banner prints). */
async function grant(email: string): Promise<void> {
  const { cognitoEndpoint } = (await (await fetch(`${stack.apiUrl}/config`)).json()) as { cognitoEndpoint: string };
  const run = spawnSync('pnpm', ['-s', 'admin:grant', email, '--endpoint', cognitoEndpoint], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
}

/** A guest's order placed through the API itself (anonymous token, one line, quote, checkout). */
async function guestOrder(email: string): Promise<{ orderId: string; number: string }> {
  const post = async (path: string, body: unknown, cartToken?: string) => {
    const res = await fetch(`${stack.apiUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cartToken ? { 'x-cart-token': cartToken } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const res = await fetch(`${stack.apiUrl}/cart/anonymous`, { method: 'POST' });
  const { cartToken } = (await res.json()) as { cartToken: string };
  await post('cart/items', { sku: 'GIFT-CARD-25', quantity: 1 }, cartToken);
  const shippingAddress = {
    name: 'Ada Shopper',
    line1: '1 Market St',
    city: 'San Francisco',
    region: 'CA',
    postalCode: '94105',
    country: 'US',
  };
  const quote = await post('checkout/quote', { shippingAddress }, cartToken);
  const order = await post(
    'cart/checkout',
    { email, shippingAddress, shippingOptionId: quote.shippingOptionId, expectedTotal: quote.total },
    cartToken,
  );
  return { orderId: String(order.orderId), number: String(order.number) };
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the admin client against the local stack', () => {
  let admin: AdminClient;
  const sku = `SDK-ADMIN-${Date.now().toString(36).toUpperCase()}`;

  it('a shopper token is FORBIDDEN; after admin:grant and a new sign-in the same account is let in', async () => {
    const { cart, email, password } = await signedUp();
    admin = createAdminClient({ apiUrl: stack.apiUrl, getAccessToken: () => cart.auth.getAccessToken() });
    const refused = await failure(admin.products.list());
    expect(isCartError(refused) && refused.code).toBe('FORBIDDEN');

    await grant(email);
    await cart.auth.signOut();
    await cart.auth.signIn({ email, password });
    await expect(admin.discounts.list()).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it('creates a product with variants, adjusts stock atomically and refuses going below zero', async () => {
    const input = {
      name: 'SDK hoodie',
      visibility: 'active' as const,
      options: ['size'],
      variants: [
        { sku: `${sku}-S`, options: { size: 'S' }, unitPrice: 4000, stock: 2 },
        { sku: `${sku}-M`, options: { size: 'M' }, unitPrice: 4200, stock: 2 },
      ],
    };
    const first = await admin.products.put(sku, input);
    expect(first.created).toBe(true);
    expect(first.product.variants.map((v) => v.sku).sort()).toEqual([`${sku}-M`, `${sku}-S`]);
    expect((await admin.products.put(sku, input)).created).toBe(false);

    await expect(admin.products.adjustStock(`${sku}-M`, 3)).resolves.toEqual({ sku: `${sku}-M`, stock: 5 });
    const below = await failure(admin.products.adjustStock(`${sku}-M`, -6));
    expect(isCartError(below) && below.code).toBe('CATALOG_CONFLICT');
    expect((await admin.products.get(sku)).variants.find((v) => v.sku === `${sku}-M`)?.stock).toBe(5);

    const patched = await admin.products.patch(sku, { visibility: 'archived' });
    expect(patched.visibility).toBe('archived');
    await admin.products.delete(sku);
    const gone = await failure(admin.products.get(sku));
    expect(isCartError(gone) && gone.code).toBe('NOT_FOUND');
  });

  it('writes, reads and deletes a discount code; a bad definition is VALIDATION_FAILED naming the field', async () => {
    const code = `SDK${Date.now().toString(36).toUpperCase()}`;
    const { discount, created } = await admin.discounts.put(code, {
      value: { type: 'fixed', amountOff: 500 },
      minimumSubtotal: 2000,
    });
    expect(created).toBe(true);
    expect(discount).toMatchObject({ code, used: 0, minimumSubtotal: 2000 });
    expect((await admin.discounts.list()).items.map((d) => d.code)).toContain(code);
    const bad = await failure(admin.discounts.put(code, { value: { type: 'percentage', percentOff: 1.5 } }));
    expect(isCartError(bad) && bad.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(isCartError(bad) && bad.problem?.errors)).toContain('percentOff');
    await admin.discounts.delete(code);
    const gone = await failure(admin.discounts.get(code));
    expect(isCartError(gone) && gone.code).toBe('NOT_FOUND');
  });

  it('finds a guest order by its number and its email in any case, and exports it as CSV', async () => {
    const email = `SDK-Search-${Date.now()}@Example.com`;
    const order = await guestOrder(email);

    const byNumber = await admin.orders.list({ number: order.number.toLowerCase() });
    const byEmail = await waitFor(async () => {
      const page = await admin.orders.list({ email: email.toUpperCase() });
      return page.items.length > 0 ? page : undefined;
    });
    const csv = await admin.orders.exportCsv({ email }, { pageSize: 1 });
    const none = await admin.orders.exportCsv({ number: 'CK-ZZZZ-ZZZZ' });

    expect(byNumber.items.map((o) => o.orderId)).toEqual([order.orderId]);
    expect(byEmail.items.map((o) => o.orderId)).toEqual([order.orderId]);
    const [header, row, end] = csv.split('\r\n');
    expect(header?.startsWith('number,order_id,created_at')).toBe(true);
    expect(row?.startsWith(`${order.number},${order.orderId},`)).toBe(true);
    expect(row).toContain(`,${email},`);
    expect(end).toBe('');
    expect(none).toBe(`${header}\r\n`);
  });

  it('lists orders by status, refuses fulfilling an unknown order, and registers webhook endpoints', async () => {
    await expect(admin.orders.list({ status: 'CONFIRMED', limit: 5 })).resolves.toMatchObject({
      items: expect.any(Array),
    });
    const missing = await failure(admin.orders.fulfil('no-such-order'));
    expect(isCartError(missing) && missing.code).toBe('NOT_FOUND');

    const url = 'http://127.0.0.1:9/hooks';
    const { endpoints } = await admin.webhooks.put({ endpoints: [{ url, events: ['order.fulfilled'] }] });
    expect(endpoints).toMatchObject([{ url, events: ['order.fulfilled'], secret: expect.stringMatching(/^whsec_/) }]);
    expect((await admin.webhooks.list()).endpoints.map((e) => e.id)).toEqual([endpoints[0]!.id]);
    await expect(admin.webhooks.deliveries({ limit: 5 })).resolves.toMatchObject({ items: expect.any(Array) });
    const replay = await failure(admin.webhooks.replay('no-such-delivery'));
    expect(isCartError(replay) && replay.code).toBe('NOT_FOUND');
    await admin.webhooks.put({ endpoints: [] });
  });
});
