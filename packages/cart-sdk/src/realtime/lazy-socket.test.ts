import { HttpResponse, http } from 'msw';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, config } from '../../test/support/fake-api.js';
import { until, useFakeApi } from '../../test/support/setup.js';
import { fakeRealtime } from '../../test/support/ws-server.js';

const loaded = vi.hoisted(() => ({ socket: false }));
vi.mock('./socket.js', async (importOriginal) => {
  loaded.socket = true;
  return importOriginal();
});

const ctx = useFakeApi();
let ws: Awaited<ReturnType<typeof fakeRealtime>>;

beforeEach(async () => {
  ws = await fakeRealtime();
  ctx.server.use(http.get(`${API}/config`, () => HttpResponse.json(config({ realtimeUrl: ws.url }))));
});
afterEach(async () => {
  await ws.close();
});

// One file, one module registry: the first test sees the chunk unloaded, the second loads it.
describe('the realtime socket chunk', () => {
  it('is not loaded by a page with no cart yet', async () => {
    const { client } = ctx.make({ realtime: true, WebSocket });
    await client.ready();
    await client.listProducts();

    expect(loaded.socket).toBe(false);
  });

  it('is loaded when the first cart gives the socket someone to connect for, and connects', async () => {
    const { client } = ctx.make({ realtime: true, WebSocket });
    await client.ready();

    await client.add('TEE', 1);

    await until(() => ws.connections.length === 1);
    expect(loaded.socket).toBe(true);
  });
});
