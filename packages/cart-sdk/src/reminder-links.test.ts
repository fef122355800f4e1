import { describe, expect, it } from 'vitest';
import { handleReminderLink } from './reminder-links.js';
import { memoryStorage } from './store/storage.js';

const apiUrl = 'https://shop.test/api';
const tokenKey = `cartkit:${apiUrl}:cartToken`;
const hash = '#cartkit-restore=a.abc&token=tok';
const cart = { owner: 'anonymous', version: 2, items: [{ sku: 'TEE-CLASSIC', quantity: 2 }] };

/** A fetch that answers from `routes` and records what was asked: method, path and cart token. */
function fakeFetch(routes: Record<string, (token: string | null) => [number, unknown]>) {
  const calls: string[] = [];
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    const path = url.slice(apiUrl.length);
    const token = new Headers(init.headers).get('x-cart-token');
    calls.push(`${init.method} ${path} ${token ?? '-'}`);
    const route = routes[path];
    const [status, body] = route ? route(token) : [404, { detail: 'no route' }];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchFn, calls };
}

describe('handleReminderLink restore', () => {
  it("sends this browser's stored cart token and never stores another for the link", async () => {
    const storage = memoryStorage();
    await storage.setItem(tokenKey, JSON.stringify('mine.1'));
    const { fetchFn, calls } = fakeFetch({ '/cart/restore': () => [200, cart] });
    const result = await handleReminderLink({ apiUrl, storage, hash, fetch: fetchFn });
    expect(result).toEqual({ kind: 'restored', cart });
    expect(calls).toEqual(['POST /cart/restore mine.1']);
    expect(await storage.getItem(tokenKey)).toBe(JSON.stringify('mine.1'));
  });

  it('an expired stored cart (401) gets a new one, kept only once the lines went in', async () => {
    const storage = memoryStorage();
    await storage.setItem(tokenKey, JSON.stringify('old.1'));
    const { fetchFn, calls } = fakeFetch({
      '/cart/restore': (token) => (token === 'old.1' ? [401, { detail: 'The cart token has expired.' }] : [200, cart]),
      '/cart/anonymous': () => [201, { cartToken: 'new.1', expiresAt: '2027-01-01T00:00:00Z' }],
    });
    expect(await handleReminderLink({ apiUrl, storage, hash, fetch: fetchFn })).toEqual({ kind: 'restored', cart });
    expect(calls).toEqual(['POST /cart/restore old.1', 'POST /cart/anonymous -', 'POST /cart/restore new.1']);
    expect(await storage.getItem(tokenKey)).toBe(JSON.stringify('new.1'));
  });

  it('a refused link in a browser without a cart leaves it without one', async () => {
    const storage = memoryStorage();
    const { fetchFn } = fakeFetch({
      '/cart/restore': () => [404, { detail: 'This cart no longer exists (it expired or was moved into an account).' }],
      '/cart/anonymous': () => [201, { cartToken: 'new.1', expiresAt: '2027-01-01T00:00:00Z' }],
    });
    expect(await handleReminderLink({ apiUrl, storage, hash, fetch: fetchFn })).toEqual({
      kind: 'refused',
      status: 404,
      detail: expect.stringMatching(/no longer exists/),
    });
    expect(await storage.getItem(tokenKey)).toBeNull();
  });

  it('a rate-limited new cart is a refusal (429), nothing stored', async () => {
    const storage = memoryStorage();
    const { fetchFn, calls } = fakeFetch({ '/cart/anonymous': () => [429, { detail: 'Too many requests.' }] });
    expect(await handleReminderLink({ apiUrl, storage, hash, fetch: fetchFn })).toMatchObject({
      kind: 'refused',
      status: 429,
    });
    expect(calls).toEqual(['POST /cart/anonymous -']);
    expect(await storage.getItem(tokenKey)).toBeNull();
  });
});
