import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { handlerCredentials, LOCAL_CREDENTIALS } from '../../support/aws-config.js';
import { type ConnectionsApi, startConnectionsApi } from './connections-api.js';
import { recordedCalls } from '../../fixtures/recorder.js';
import { type Gateway, startGateway } from '../gateway.js';
import { createHandlerRegistry } from '../../lambda/handlers.js';
import { silentLogger } from '../../support/log.js';
import { CLOSE, createWebSocketApi, type WebSocketApi } from './websocket.js';
import type { WebSocketEvent } from './ws-event.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

async function startWith(handlersDir: string): Promise<{ gateway: Gateway; api: WebSocketApi }> {
  const handlers = createHandlerRegistry(handlersDir);
  const api = createWebSocketApi({ handlers, log: silentLogger });
  const gateway = await startGateway({
    port: 0,
    handlers,
    log: silentLogger,
    upgrades: { '/ws': api.upgrade },
  });
  return { gateway, api };
}

let gateway: Gateway;
let api: WebSocketApi;
let connectionsApi: ConnectionsApi;
let management: ApiGatewayManagementApiClient;

beforeAll(async () => {
  ({ gateway, api } = await startWith(`${fixtures}handlers`));
  const credentials = handlerCredentials();
  connectionsApi = await startConnectionsApi({ connections: api.connections, credentials, log: silentLogger });
  // Exactly what the notifier adapter builds from CONNECTIONS_ENDPOINT and the handlers' key pair.
  management = new ApiGatewayManagementApiClient({
    endpoint: connectionsApi.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  management.destroy();
  await connectionsApi.close();
  await api.close();
  await gateway.close();
});
beforeEach(() => {
  recordedCalls().length = 0;
});

/** A client socket with its received messages and its close code. */
function open(port: number, query: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers: { 'User-Agent': 'vitest-ws' } });
  const messages: string[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(data.toString());
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => {});
  return {
    socket,
    messages,
    closed,
    opened: new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    async nextMessage(): Promise<string> {
      const count = messages.length;
      while (messages.length === count) await new Promise<void>((resolve) => waiters.push(resolve));
      return messages[count] ?? '';
    },
  };
}

/** Waits until `check` holds, checking on every tick; fails after 5 s. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function calls(handler: string): WebSocketEvent[] {
  return recordedCalls()
    .filter((call) => call.handler === handler)
    .map((call) => call.event as WebSocketEvent);
}

describe('WebSocket API', () => {
  it('runs $connect, $default (route response back to the sender) and $disconnect with API Gateway-shaped events', async () => {
    const client = open(gateway.port, '?token=good&x=1&x=2');
    await client.opened;
    await until(() => api.connections.size === 1);

    client.socket.send('ping');
    const reply = await client.nextMessage();
    client.socket.close(1000, 'bye');
    await client.closed;
    await until(() => calls('ws-disconnect').length === 1);

    const [connect] = calls('ws-connect');
    const [message] = calls('ws-default');
    const [disconnect] = calls('ws-disconnect');
    expect(reply).toBe('pong');
    expect(connect?.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
    });
    expect(connect?.requestContext.connectionId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(connect?.queryStringParameters).toEqual({ token: 'good', x: '2' });
    expect(connect?.multiValueQueryStringParameters).toEqual({ token: ['good'], x: ['1', '2'] });
    expect(connect?.headers?.['User-Agent']).toBe('vitest-ws');
    expect(message?.requestContext).toMatchObject({
      routeKey: '$default',
      eventType: 'MESSAGE',
      connectionId: connect?.requestContext.connectionId,
    });
    expect(message?.body).toBe('ping');
    expect(message?.isBase64Encoded).toBe(false);
    expect(disconnect?.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      connectionId: connect?.requestContext.connectionId,
      disconnectStatusCode: 1000,
      disconnectReason: 'bye',
    });
    expect(api.connections.size).toBe(0);
  });

  it.each([
    ['', CLOSE.unauthorized],
    ['?token=forbidden', CLOSE.forbidden],
    ['?token=boom', CLOSE.internalError],
  ])('closes the socket when $connect refuses or fails (%s → %i), without $disconnect', async (query, code) => {
    const client = open(gateway.port, query);

    const closed = await client.closed;

    expect(closed.code).toBe(code);
    expect(calls('ws-disconnect')).toHaveLength(0);
    expect(api.connections.size).toBe(0);
  });

  it('sends the client an error message when $default throws, and keeps the connection', async () => {
    const client = open(gateway.port, '?token=good');
    await client.opened;

    client.socket.send('boom');
    const error = JSON.parse(await client.nextMessage()) as { message: string };
    client.socket.send('ping');
    const reply = await client.nextMessage();
    client.socket.close();
    await client.closed;

    expect(error.message).toBe('Internal server error');
    expect(reply).toBe('pong');
  });

  it('delivers PostToConnection from the real AWS SDK client to the socket, and describes the connection', async () => {
    const client = open(gateway.port, '?token=good');
    await client.opened;
    await until(() => api.connections.size === 1);
    const connectionId = [...api.connections.keys()][0] ?? '';

    const received = client.nextMessage();
    await management.send(
      new PostToConnectionCommand({
        ConnectionId: connectionId,
        Data: new TextEncoder().encode('{"type":"cart.updated"}'),
      }),
    );
    const info = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    const closed = await client.closed;

    expect(await received).toBe('{"type":"cart.updated"}');
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'vitest-ws' });
    expect(closed.code).toBe(1000);
  });

  it('answers PostToConnection to an unknown connection with 410 GoneException', async () => {
    const post = management.send(
      new PostToConnectionCommand({ ConnectionId: 'Nope+Nope/Nope=', Data: new TextEncoder().encode('x') }),
    );

    await expect(post).rejects.toBeInstanceOf(GoneException);
    await expect(post).rejects.toMatchObject({ $metadata: { httpStatusCode: 410 } });
  });

  it('closes with 1011 when a handler file does not exist yet', async () => {
    const empty = await startWith(`${fixtures}no-such-folder`);
    try {
      const client = open(empty.gateway.port, '?token=good');

      expect((await client.closed).code).toBe(CLOSE.internalError);
    } finally {
      await empty.api.close();
      await empty.gateway.close();
    }
  });
});

describe('@connections refuses whatever a web page could send', () => {
  async function openAccepted() {
    const before = new Set(api.connections.keys());
    const client = open(gateway.port, '?token=good');
    await client.opened;
    await until(() => [...api.connections.keys()].some((id) => !before.has(id)));
    return { client, connectionId: [...api.connections.keys()].find((id) => !before.has(id)) ?? '' };
  }

  it('is not served on the browser-facing gateway at all', async () => {
    const { client, connectionId } = await openAccepted();

    const url = `http://127.0.0.1:${gateway.port}/@connections/${encodeURIComponent(connectionId)}`;
    const post = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: '{"type":"order.updated","status":"CONFIRMED"}',
    });
    const get = await fetch(url);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The static files answer: no such method, no such file.
    expect([post.status, get.status]).toEqual([405, 404]);
    expect(client.messages).toEqual([]);
    client.socket.close();
    await client.closed;
  });

  it('answers 403 to unsigned requests (no-cors POST, GET, DELETE, preflight) and leaves the socket alone', async () => {
    const { client, connectionId } = await openAccepted();
    const url = `${connectionsApi.endpoint}/${encodeURIComponent(connectionId)}`;
    const browser = { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' };

    const statuses = [
      (await fetch(url, { method: 'POST', headers: { ...browser, 'content-type': 'text/plain' }, body: 'fake' }))
        .status,
      (await fetch(url, { method: 'POST', body: 'fake' })).status,
      (await fetch(url, { method: 'GET' })).status,
      (await fetch(url, { method: 'DELETE', headers: browser })).status,
      (await fetch(url, { method: 'OPTIONS', headers: { ...browser, 'access-control-request-method': 'POST' } }))
        .status,
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect(client.messages).toEqual([]);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
    await client.closed;
  });

  it('answers 403 ForbiddenException to a request signed with another key (the public LOCAL_CREDENTIALS)', async () => {
    const { client, connectionId } = await openAccepted();
    const forger = new ApiGatewayManagementApiClient({
      endpoint: connectionsApi.endpoint,
      region: 'us-east-1',
      credentials: { ...LOCAL_CREDENTIALS },
      maxAttempts: 1,
    });

    const post = forger.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode('fake') }),
    );

    await expect(post).rejects.toMatchObject({ name: 'ForbiddenException', $metadata: { httpStatusCode: 403 } });
    expect(client.messages).toEqual([]);
    forger.destroy();
    client.socket.close();
    await client.closed;
  });

  it('answers 403 to a correctly signed request that carries Origin (a browser relaying a signature)', async () => {
    const { client, connectionId } = await openAccepted();
    const relayed = new ApiGatewayManagementApiClient({
      endpoint: connectionsApi.endpoint,
      region: 'us-east-1',
      credentials: (await management.config.credentials()) as { accessKeyId: string; secretAccessKey: string },
      maxAttempts: 1,
    });
    relayed.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers.origin = 'https://evil.example';
        return next(args);
      },
      { step: 'build' },
    );

    const post = relayed.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode('fake') }),
    );

    await expect(post).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(client.messages).toEqual([]);
    relayed.destroy();
    client.socket.close();
    await client.closed;
  });
});
