import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type CartClient, createCartClient, memoryStorage } from '../../src/index.js';
import { handleReminderLink } from '../../src/reminder-links.js';

const stack = inject('cartSdkStack');
const clients: CartClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

function client(storage = memoryStorage()): CartClient {
  const c = createCartClient({ apiUrl: stack.apiUrl, storage, realtime: false, BroadcastChannel: null });
  clients.push(c);
  return c;
}

/** A link token as docs/API.md "Abandoned carts" defines it (computed here from the stack's secret, independently of the backend's code). */
function linkToken(purpose: 'cart-restore' | 'cart-unsubscribe', ref: string): string {
  const key = Buffer.from(hkdfSync('sha256', stack.cartTokenSecret, 'cartkit', `cartkit:${purpose}`, 32));
  return createHmac('sha256', key).update(`${purpose}:${ref}`).digest().subarray(0, 16).toString('base64url');
}

/** A guest cart with one line, and its link reference (`a.<id>`). */
async function guestCart(): Promise<{ ref: string; storage: ReturnType<typeof memoryStorage> }> {
  const storage = memoryStorage();
  const c = client(storage);
  await c.ready();
  await c.add('TEE-CLASSIC', 2);
  const token = JSON.parse((await storage.getItem(`cartkit:${stack.apiUrl}:cartToken`)) ?? '""') as string;
  return { ref: `a.${token.split('.')[0]}`, storage };
}

describe('handleReminderLink (abandoned carts, issue 16)', () => {
  it('copies the lines of a restore link into a fresh browser’s new cart, whose client then shows it', async () => {
    const { ref, storage: reminded } = await guestCart();
    const fresh = memoryStorage();
    const result = await handleReminderLink({
      apiUrl: stack.apiUrl,
      storage: fresh,
      hash: `#cartkit-restore=${encodeURIComponent(ref)}&token=${linkToken('cart-restore', ref)}`,
    });
    expect(result).toMatchObject({ kind: 'restored', cart: { items: [{ sku: 'TEE-CLASSIC', quantity: 2 }] } });
    // A cart of this browser's own, not the reminded cart's token.
    const token = JSON.parse((await fresh.getItem(`cartkit:${stack.apiUrl}:cartToken`)) ?? '""') as string;
    expect(token).not.toBe('');
    expect(token).not.toBe(JSON.parse((await reminded.getItem(`cartkit:${stack.apiUrl}:cartToken`)) ?? '""'));
    expect(`a.${token.split('.')[0]}`).not.toBe(ref);
    const c = client(fresh);
    await c.ready();
    expect(c.getSnapshot().cart?.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
  });

  it('adds into the browser’s own cart, keeping its lines, and once however often the link is followed', async () => {
    const { ref, storage: reminded } = await guestCart();
    const storage = memoryStorage();
    const own = client(storage);
    await own.ready();
    await own.add('MUG-STONE', 1);
    own.destroy();
    const hash = `#cartkit-restore=${encodeURIComponent(ref)}&token=${linkToken('cart-restore', ref)}`;
    const first = await handleReminderLink({ apiUrl: stack.apiUrl, storage, hash });
    const second = await handleReminderLink({ apiUrl: stack.apiUrl, storage, hash });
    for (const result of [first, second]) {
      expect(result.kind).toBe('restored');
      const cart = result.kind === 'restored' ? result.cart : undefined;
      expect(cart?.items.map((line) => [line.sku, line.quantity]).sort()).toEqual([
        ['MUG-STONE', 1],
        ['TEE-CLASSIC', 2],
      ]);
    }
    const c = client(storage);
    await c.ready();
    expect(
      c
        .getSnapshot()
        .cart?.items.map((line) => [line.sku, line.quantity])
        .sort(),
    ).toEqual([
      ['MUG-STONE', 1],
      ['TEE-CLASSIC', 2],
    ]);
    // The reminded cart is as it was.
    const original = client(reminded);
    await original.refresh();
    expect(original.getSnapshot().cart?.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
  });

  it("refuses a forged or misused token with the server's reason, and stores nothing", async () => {
    const { ref } = await guestCart();
    const fresh = memoryStorage();
    for (const token of [randomBytes(16).toString('base64url'), linkToken('cart-unsubscribe', ref)]) {
      const result = await handleReminderLink({
        apiUrl: stack.apiUrl,
        storage: fresh,
        hash: `#cartkit-restore=${encodeURIComponent(ref)}&token=${token}`,
      });
      expect(result).toEqual({ kind: 'refused', status: 403, detail: expect.stringMatching(/not valid/) });
    }
    expect(await fresh.getItem(`cartkit:${stack.apiUrl}:cartToken`)).toBeNull();
    // A browser with a cart: refused, its token and cart stay as they were.
    const { storage: owned } = await guestCart();
    const before = await owned.getItem(`cartkit:${stack.apiUrl}:cartToken`);
    const refused = await handleReminderLink({
      apiUrl: stack.apiUrl,
      storage: owned,
      hash: `#cartkit-restore=${encodeURIComponent(ref)}&token=${randomBytes(16).toString('base64url')}`,
    });
    expect(refused).toMatchObject({ kind: 'refused', status: 403 });
    expect(await owned.getItem(`cartkit:${stack.apiUrl}:cartToken`)).toBe(before);
    const c = client(owned);
    await c.refresh();
    expect(c.getSnapshot().cart?.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
  });

  it('unsubscribes with an unsubscribe link, and ignores a fragment that is no reminder link', async () => {
    const { ref } = await guestCart();
    const hash = `#cartkit-unsubscribe=${encodeURIComponent(ref)}&token=${linkToken('cart-unsubscribe', ref)}`;
    expect(await handleReminderLink({ apiUrl: stack.apiUrl, storage: memoryStorage(), hash })).toEqual({
      kind: 'unsubscribed',
    });
    expect(await handleReminderLink({ apiUrl: stack.apiUrl, hash: '#cartkit-order=x&token=y' })).toEqual({
      kind: 'none',
    });
  });
});
