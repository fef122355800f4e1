import { describe, expect, it } from 'vitest';
import { createCartClient, memoryStorage } from '../index.js';
import { API } from '../../test/support/fake-api.js';
import { until, useFakeApi } from '../../test/support/setup.js';
import { inspectableStorage } from '../../test/support/storage.js';

const ctx = useFakeApi();

describe('cross-tab sync (BroadcastChannel)', () => {
  function twoTabs() {
    const storage = inspectableStorage(); // one origin: one localStorage
    const a = ctx.make({ storage, BroadcastChannel: globalThis.BroadcastChannel }).client;
    const b = ctx.make({ storage, BroadcastChannel: globalThis.BroadcastChannel }).client;
    return { a, b, storage };
  }

  it('a change in one tab shows in the other', async () => {
    const { a, b } = twoTabs();
    await a.ready();
    await a.add('TEE', 1); // creates and persists the anonymous token
    await b.ready();

    await a.add('MUG', 2);

    await until(() => b.getSnapshot().cart?.itemCount === 3);
    expect(b.getSnapshot().cart?.version).toBe(a.getSnapshot().cart?.version);
  });

  it('signing out in one tab signs the other out and clears its cart', async () => {
    const { a, b } = twoTabs();
    await a.ready();
    await b.ready();
    await a.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
    await until(() => b.getSnapshot().user !== null);
    await a.add('TEE', 1);
    await until(() => b.getSnapshot().cart?.itemCount === 1);

    await a.auth.signOut();

    await until(() => b.getSnapshot().user === null);
    expect(b.getSnapshot().cart?.items).toEqual([]);
    expect(b.auth.currentUser()).toBeNull();
  });

  it('two tabs opened before any cart existed share one anonymous cart', async () => {
    const { a, b } = twoTabs();
    await a.ready();
    await b.ready();

    await a.add('TEE', 1);
    await b.add('MUG', 1);

    expect(ctx.api.requests.filter((r) => r.path === '/cart/anonymous')).toHaveLength(1);
    await until(() => a.getSnapshot().cart?.itemCount === 2);
    expect(b.getSnapshot().cart?.itemCount).toBe(2);
  });

  it('in Node (no window) clients do not broadcast by default: SSR visitors never affect each other', async () => {
    const visitorA = createCartClient({ apiUrl: API, storage: memoryStorage(), realtime: false });
    const visitorB = createCartClient({ apiUrl: API, storage: memoryStorage(), realtime: false });
    try {
      await visitorB.ready();
      await visitorB.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });
      await visitorA.ready();
      await visitorA.auth.signIn({ email: 'bob@example.com', password: 'Passw0rd!' });

      await visitorA.auth.signOut();
      await new Promise((r) => setTimeout(r, 50));

      expect(visitorB.auth.currentUser()?.email).toBe('ada@example.com');
    } finally {
      visitorA.destroy();
      visitorB.destroy();
    }
  });
});
