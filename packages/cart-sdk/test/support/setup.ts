import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  type CartClient,
  type CartClientOptions,
  createCartClient,
  memoryStorage,
  type StorageAdapter,
} from '../../src/index.js';
import { API, fakeApi } from './fake-api.js';

/** msw with a fresh fake API per test; clients made through `make` are destroyed after each test. */
export function useFakeApi() {
  const server = setupServer();
  const ctx = {
    server,
    api: fakeApi(),
    clients: [] as CartClient[],
    make(overrides: Partial<CartClientOptions> & { storage?: StorageAdapter } = {}) {
      const storage = overrides.storage ?? memoryStorage();
      const client = createCartClient({
        apiUrl: API,
        storage,
        realtime: false,
        BroadcastChannel: null,
        pollOrders: false,
        retry: { delay: () => 5, limit: 2 },
        ...overrides,
      });
      ctx.clients.push(client);
      return { client, storage };
    },
  };
  beforeAll(() =>
    server.listen({
      // The fake realtime server (ws on 127.0.0.1) is real; everything else must be mocked.
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== '127.0.0.1') print.error();
      },
    }),
  );
  beforeEach(() => {
    ctx.api = fakeApi();
    server.resetHandlers(...ctx.api.handlers);
    server.events.removeAllListeners();
    const api = ctx.api;
    server.events.on('request:start', ({ request }) => {
      void api.record(request);
    });
  });
  afterEach(() => {
    for (const c of ctx.clients.splice(0)) c.destroy();
  });
  afterAll(() => server.close());
  return ctx;
}

/** Resolve after the event loop turned `n` times (lets msw replies land). */
export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Wait until `predicate` holds (polling), or fail after `timeout` ms. */
export async function until(predicate: () => boolean, timeout = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeout) throw new Error('until: timed out');
    await tick(5);
  }
}

/** Deferred promise for orchestrating replies. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
