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
