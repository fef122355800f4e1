import type { ServerMessage } from '@cartkit/contract';
import WebSocket from 'ws';
import { stackEnv } from './stack.js';

/** A realtime client that records what the server sends. */
export interface TestSocket {
  readonly messages: ServerMessage[];
  /** Resolves with the first message (already received or future) that matches. */
  waitFor(match: (message: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  send(data: unknown): void;
  close(): Promise<void>;
  /** Resolves with the close code once the socket closes (by either side). */
  readonly closed: Promise<number>;
}

/** Opens a socket with `?token=` or `?cartToken=` (and an `Origin`, as a browser sends) and waits until it is open. */
export async function openSocket(query: { token?: string; cartToken?: string; origin?: string }): Promise<TestSocket> {
  const url = new URL(stackEnv().wsUrl);
  if (query.token) url.searchParams.set('token', query.token);
  if (query.cartToken) url.searchParams.set('cartToken', query.cartToken);
  const ws = new WebSocket(url, query.origin ? { origin: query.origin } : {});
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as ServerMessage);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
  // $connect runs after the upgrade on the local stack: wait for its verdict by a ping round trip.
  const socket: TestSocket = {
    messages,
    closed,
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            cleanup();
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.type))}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    send(data) {
      ws.send(JSON.stringify(data));
    },
    close() {
      return new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      });
    },
  };
  socket.send({ type: 'ping' });
  await socket.waitFor((message) => message.type === 'pong');
  return socket;
}

/** Opens a socket expected to be refused; resolves with the close code. */
export function refusedSocket(query: Record<string, string>, options: { origin?: string } = {}): Promise<number> {
  const url = new URL(stackEnv().wsUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
  return new Promise((resolve) => {
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
  });
}
