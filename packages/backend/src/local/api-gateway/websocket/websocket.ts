import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { apiGatewayId } from '../api-gateway-ids.js';
import type { UpgradeHandler } from '../gateway.js';
import type { HandlerRegistry } from '../../lambda/handlers.js';
import { lambdaContext } from '../../lambda/lambda-context.js';
import type { Logger } from '../../support/log.js';
import { websocketHandler } from '../../../topology/websocket-routes.js';
import { type ConnectionInfo, connectEvent, disconnectEvent, type HandshakeRequest, messageEvent } from './ws-event.js';

/** Close codes the local WebSocket API uses. */
export const CLOSE = {
  /** API.md Realtime: a bad credential. ($connect answered 401.) */
  unauthorized: 4401,
  /** An Origin off the allow-list ($connect answered 403): not the credential's fault, so clients keep it. */
  forbidden: 4403,
  /** Too many open sockets for this owner ($connect answered 429): retry later. */
  tooMany: 4429,
  /** `$connect` refused with another status. */
  refused: 1008,
  /** A handler is missing or crashed. */
  internalError: 1011,
  /** The stack is stopping. */
  goingAway: 1001,
} as const;

/** API Gateway's WebSocket frame limit (128 KB message, 32 KB frames; the message limit is what clients notice). */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** A live, accepted connection: what `@connections` works on. */
export interface LiveConnection extends ConnectionInfo {
  readonly socket: WebSocket;
  lastActiveAt: Date;
}

/** The local API Gateway WebSocket API. */
export interface WebSocketApi {
  /** For the gateway's `upgrades['/ws']`. */
  readonly upgrade: UpgradeHandler;
  /** Connections that passed `$connect`, by id. */
  readonly connections: ReadonlyMap<string, LiveConnection>;
  /** Closes every socket (1001) and waits for their `$disconnect` handlers. */
  close(): Promise<void>;
}

interface ResultShape {
  statusCode?: unknown;
  body?: unknown;
}

function statusOf(result: unknown): number {
  // API Gateway treats a result without a status code as success.
  const status = (result as ResultShape | undefined)?.statusCode;
  return typeof status === 'number' ? status : 200;
}

/**
 * Runs the WebSocket handlers as API Gateway does: `ws-connect` on the
 * handshake, `ws-default` per message (its result body goes back to the
 * sender, like a route response), `ws-disconnect` on close.
 *
 * Local behaviour: the upgrade is accepted first and `$connect` runs after,
 * so a refusal can be a close code the browser can read: 401 closes with
 * 4401 (API.md), 403 with 4403, 429 with 4429, other refusals with 1008. On AWS the handshake itself fails
 * (HTTP 401); the SDK treats both as "bad credential". Messages sent before
 * `$connect` finishes wait for it.
 *
 * @example
 * ```ts
 * const ws = createWebSocketApi({ handlers, log });
 * startGateway({ ..., upgrades: { '/ws': ws.upgrade } });
 * ```
 */
export function createWebSocketApi(options: { handlers: HandlerRegistry; log: Logger }): WebSocketApi {
  const { handlers, log } = options;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new Map<string, LiveConnection>();
  const disconnects = new Set<Promise<void>>();
  // The handlers behind the routes, as the CDK app wires them (WEBSOCKET_ROUTES).
  const onConnect = websocketHandler('$connect');
  const onMessage = websocketHandler('$default');
  const onDisconnect = websocketHandler('$disconnect');

  async function invoke(name: string, event: unknown): Promise<unknown> {
    const handler = await handlers.load(name);
    if (!handler) throw new MissingHandlerError(name);
    return handler(event as never, lambdaContext(name));
  }

  function fail(socket: WebSocket, name: string, error: unknown): void {
    if (error instanceof MissingHandlerError) {
      log.warn('websocket', 'handler file missing, closing socket', { handler: name });
    } else {
      log.error('websocket', 'handler failed', {
        handler: name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    socket.close(CLOSE.internalError, 'Internal server error');
  }

  function accept(socket: WebSocket, req: IncomingMessage): void {
    const handshake: HandshakeRequest = { rawHeaders: [...req.rawHeaders], url: req.url ?? '/' };
    const info: ConnectionInfo = {
      connectionId: apiGatewayId(),
      connectedAt: new Date(),
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      userAgent: req.headers['user-agent'] ?? '',
      domainName: req.headers.host ?? 'localhost',
    };
    const live: LiveConnection = { ...info, socket, lastActiveAt: info.connectedAt };
    // A malformed frame (unmasked, oversized, bad UTF-8, RSV1 without an extension) or a reset
    // arrives as 'error': ws has already sent the close frame (1002, 1007, 1009) and cuts the
    // socket. Without a listener Node would throw it and take the whole stack down.
    socket.on('error', (error: Error & { code?: string }) => {
      log.warn('websocket', 'bad frame or socket error, connection closed', {
        connectionId: info.connectionId,
        error: error.code ?? error.message,
      });
    });
    let accepted = false;
    // One chain per connection: $connect first, then messages in order, $disconnect last.
    let chain: Promise<void> = invoke(onConnect, connectEvent(info, handshake)).then(
      (result) => {
        const status = statusOf(result);
        if (status >= 200 && status < 300) {
          accepted = true;
          if (socket.readyState === socket.OPEN) connections.set(info.connectionId, live);
          return;
        }
        const code =
          status === 401
            ? CLOSE.unauthorized
            : status === 403
              ? CLOSE.forbidden
              : status === 429
                ? CLOSE.tooMany
                : CLOSE.refused;
        socket.close(code, status === 401 ? 'Unauthorized' : 'Refused');
      },
      (error: unknown) => fail(socket, onConnect, error),
    );

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      chain = chain.then(async () => {
        if (!accepted || socket.readyState !== socket.OPEN) return;
        live.lastActiveAt = new Date();
        try {
          const result = await invoke(onMessage, messageEvent(info, data, isBinary));
          const body = (result as ResultShape | undefined)?.body;
          if (typeof body === 'string' && socket.readyState === socket.OPEN) socket.send(body);
        } catch (error) {
          if (error instanceof MissingHandlerError) {
            fail(socket, onMessage, error);
            return;
          }
          // What API Gateway sends the client when the integration fails.
          log.error('websocket', 'handler failed', { handler: onMessage, error: String(error) });
          socket.send(
            JSON.stringify({
              message: 'Internal server error',
              connectionId: info.connectionId,
              requestId: apiGatewayId(),
            }),
          );
        }
      });
    });

    socket.once('close', (code: number, reason: Buffer) => {
      connections.delete(info.connectionId);
      const done = chain.then(async () => {
        if (!accepted) return;
        try {
          await invoke(onDisconnect, disconnectEvent(info, handshake, { code, reason: reason.toString() }));
        } catch (error) {
          if (!(error instanceof MissingHandlerError)) {
            log.error('websocket', 'handler failed', { handler: onDisconnect, error: String(error) });
          }
        }
      });
      disconnects.add(done);
      void done.finally(() => disconnects.delete(done));
    });
  }

  return {
    connections,
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      server.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
    },
    async close() {
      for (const client of server.clients) client.close(CLOSE.goingAway, 'Server stopping');
      // Sockets that do not finish the closing handshake in time are cut.
      const timer = setTimeout(() => {
        for (const client of server.clients) client.terminate();
      }, 1000);
      while (server.clients.size > 0 || disconnects.size > 0) {
        await Promise.race([...disconnects, new Promise((resolve) => setTimeout(resolve, 20))]);
      }
      clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class MissingHandlerError extends Error {
  override name = 'MissingHandlerError';
}
