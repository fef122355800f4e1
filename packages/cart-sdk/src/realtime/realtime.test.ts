import type { Cart } from '@cartkit/contract';
import { HttpResponse, http } from 'msw';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, config } from '../../test/support/fake-api.js';
import { deferred, tick, until, useFakeApi } from '../../test/support/setup.js';
import { fakeRealtime } from '../../test/support/ws-server.js';

const ctx = useFakeApi();
const CLOSED = 3; // WebSocket.CLOSED (not in test/support/ws.d.ts)
let ws: Awaited<ReturnType<typeof fakeRealtime>>;

beforeEach(async () => {
  ws = await fakeRealtime();
  ctx.server.use(http.get(`${API}/config`, () => HttpResponse.json(config({ realtimeUrl: ws.url }))));
});
afterEach(async () => {
  await ws.close();
});

function makeRealtimeClient() {
  return ctx.make({ realtime: true, WebSocket }).client;
}

function serverCart(): Cart {
  return structuredClone([...ctx.api.carts.values()][0]!);
}

describe('realtime', () => {
  it('connects with the anonymous cart token and applies newer carts, ignoring older ones', async () => {
    const client = makeRealtimeClient();
    await client.ready();
    await client.add('TEE', 1); // creates the token, v1
    await until(() => ws.connections.length === 1);
    const token = ws.connections[0]!.url.searchParams.get('cartToken');
    expect(token).toMatch(/^anon-/);
    const v1 = serverCart();
    const v3: Cart = { ...v1, version: 3, items: [{ ...v1.items[0]!, quantity: 5, lineTotal: 9500 }], itemCount: 5 };
    const v2: Cart = { ...v1, version: 2, items: [{ ...v1.items[0]!, quantity: 2, lineTotal: 3800 }], itemCount: 2 };
    await until(() => ws.connections[0]!.socket.readyState === WebSocket.OPEN);

    ws.broadcast({ type: 'cart.updated', cart: v3 });
    await until(() => client.getSnapshot().cart?.version === 3);
    ws.broadcast({ type: 'cart.updated', cart: v2 });
    ws.broadcast({ type: 'pong' });
    await tick(50);

    expect(client.getSnapshot().cart).toMatchObject({ version: 3, itemCount: 5 });
  });

  it('holds a pushed cart while a mutation is in flight, so an add is never shown twice', async () => {
    const client = makeRealtimeClient();
    await client.ready();
    await client.add('TEE', 1);
    await until(() => ws.connections[0]?.socket.readyState === WebSocket.OPEN);
    const release = deferred();
    ctx.server.use(
      http.post(`${API}/cart/items`, async () => {
        await release.promise;
        return undefined;
      }),
    );

    const adding = client.add('TEE', 1);
    await until(() => client.getSnapshot().pending[0]?.state === 'sending');
    const v1 = serverCart();
    // The server applied the add (v2) and pushed it before the reply arrived.
    ws.broadcast({
      type: 'cart.updated',
      cart: { ...v1, version: 2, items: [{ ...v1.items[0]!, quantity: 2, lineTotal: 3800 }], itemCount: 2 },
    });
    await tick(50);
    expect(client.getSnapshot().cart?.items[0]?.quantity).toBe(2); // not 3
    release.resolve();
    await adding;

    expect(client.getSnapshot().cart).toMatchObject({ items: [{ sku: 'TEE', quantity: 2 }] });
  });

  it('reconnects after a drop and refetches the cart', async () => {
    const client = makeRealtimeClient();
    await client.ready();
    await client.add('TEE', 1);
    await until(() => ws.connections[0]?.socket.readyState === WebSocket.OPEN);
    const getsBefore = ctx.api.requests.filter((r) => r.method === 'GET' && r.path === '/cart').length;

    ws.connections[0]!.socket.terminate();

    await until(() => ws.connections.length === 2, 5000);
    await until(
      () => ctx.api.requests.filter((r) => r.method === 'GET' && r.path === '/cart').length > getsBefore,
      5000,
    );
    expect(ws.connections[1]!.url.searchParams.get('cartToken')).toBe(
      ws.connections[0]!.url.searchParams.get('cartToken'),
    );
  });

  it('the socket follows the identity: the anonymous cart, the user once merged, nobody after sign-out', async () => {
    const client = makeRealtimeClient();
    await client.ready();
    await tick(100);
    expect(ws.connections).toHaveLength(0); // nobody yet: no socket

    await client.add('TEE', 1); // creates the anonymous token
    await until(() => ws.connections[0]?.socket.readyState === WebSocket.OPEN);
    expect(ws.connections[0]!.url.searchParams.get('cartToken')).toMatch(/^anon-/);

    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' }); // merges, drops the token
    await until(() => ws.connections[1]?.socket.readyState === WebSocket.OPEN);
    expect(ws.connections[1]!.url.searchParams.get('token')).toBeTruthy();
    expect(ws.connections[1]!.url.searchParams.get('cartToken')).toBeNull();
    await until(() => ws.connections[0]!.socket.readyState === CLOSED);

    await client.auth.signOut();
    await until(() => ws.connections[1]!.socket.readyState === CLOSED);
    await tick(200);
    expect(ws.connections).toHaveLength(2);
  });

  it('a reloaded client opens no socket before ready(), then one for the restored identity', async () => {
    const first = ctx.make({ realtime: true, WebSocket });
    await first.client.ready();
    await first.client.add('TEE', 1);
    await until(() => ws.connections.length === 1);
    const token = ws.connections[0]!.url.searchParams.get('cartToken');
    first.client.destroy();

    const reloaded = ctx.make({
      realtime: true,
      WebSocket,
      storage: first.storage,
    }).client;
    await tick(100);
    expect(ws.connections).toHaveLength(1);
    expect(reloaded.getSnapshot().cart?.itemCount).toBe(1); // restored from storage, silently

    await reloaded.ready();
    await until(() => ws.connections[1]?.socket.readyState === WebSocket.OPEN);
    expect(ws.connections[1]!.url.searchParams.get('cartToken')).toBe(token);
    await tick(200);
    expect(ws.connections).toHaveLength(2); // one socket, not one per change
  });

  it('4401 renews the credential once and does not hot-loop', async () => {
    ws.onConnect((socket) => socket.close(4401, 'bad credential'));
    const client = makeRealtimeClient();
    await client.ready();
    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
    await until(() => ws.connections.length >= 1);

    await tick(2500);

    // First connect, one reconnect after the refresh, then it stops.
    expect(ws.connections.length).toBe(2);
    expect(ws.connections[0]!.url.searchParams.get('token')).toBeTruthy();
    const refreshes = ctx.api.requests.filter(
      (r) => r.path === 'cognito:InitiateAuth' && (r.body as { AuthFlow: string }).AuthFlow === 'REFRESH_TOKEN_AUTH',
    );
    expect(refreshes).toHaveLength(1);
  });

  it('backs off against a server that accepts and drops at once', async () => {
    ws.onConnect((socket) => socket.close(1011, 'going away'));
    const client = makeRealtimeClient();
    await client.ready();
    await client.add('TEE', 1);
    await until(() => ws.connections.length >= 1);

    await tick(3000);

    // Backoff 0.25-0.5 s, 0.5-1 s, 1-2 s...: at most 4 connections in 3 s (without it, 6 or more).
    expect(ws.connections.length).toBeLessThanOrEqual(4);
    expect(ws.connections.length).toBeGreaterThanOrEqual(2);
  });

  it('applies order.updated to snapshot.orders', async () => {
    const client = makeRealtimeClient();
    await client.ready();
    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
    await until(() => ws.connections.at(-1)?.socket.readyState === WebSocket.OPEN);
    const now = new Date().toISOString();

    ws.broadcast({
      type: 'order.updated',
      order: {
        orderId: 'o-9',
        status: 'FAILED',
        reason: 'OUT_OF_STOCK',
        items: [],
        subtotal: 0,
        currency: 'EUR',
        createdAt: now,
        updatedAt: now,
      },
    });

    await until(() => client.getSnapshot().orders['o-9']?.status === 'FAILED');
  });
});
