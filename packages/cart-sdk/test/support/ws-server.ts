import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A fake realtime endpoint on 127.0.0.1 that records connections. */
export async function fakeRealtime() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const connections: Array<{ url: URL; socket: WebSocket }> = [];
  let onConnect: (socket: WebSocket, url: URL) => void = () => undefined;
  server.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', `ws://127.0.0.1:${port}`);
    connections.push({ url, socket });
    onConnect(socket, url);
  });
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    connections,
    onConnect(handler: (socket: WebSocket, url: URL) => void) {
      onConnect = handler;
    },
    /** Send to every open socket. */
    broadcast(message: unknown) {
      for (const client of server.clients) client.send(JSON.stringify(message));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
