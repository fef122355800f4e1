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
  it('adopts the cart of a restore link in a fresh browser, whose client then shows it', async () => {
    const { ref } = await guestCart();
    const fresh = memoryStorage();
    const result = await handleReminderLink({
      apiUrl: stack.apiUrl,
      storage: fresh,
      hash: `#cartkit-restore=${encodeURIComponent(ref)}&token=${linkToken('cart-restore', ref)}`,
    });
    expect(result).toEqual({ kind: 'restored' });
    const c = client(fresh);
    await c.ready();
    expect(c.getSnapshot().cart?.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
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
