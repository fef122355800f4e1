import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraRoute } from './gateway.js';
import { type LiveConnection, MAX_MESSAGE_BYTES } from './websocket.js';

// `<anything>/@connections/<id>`: the SDK appends `/@connections/{id}` to its
// endpoint, and CONNECTIONS_ENDPOINT already ends in `/@connections` (as the
// AWS one ends in the stage), so both `/@connections/<id>` and
// `/@connections/@connections/<id>` arrive here.
const PATH = /^(?:\/[^/]+)*\/@connections\/([^/]+)$/;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  errorType?: 'GoneException' | 'ForbiddenException' | 'PayloadTooLargeException',
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * The `@connections` management API, compatible with
 * `@aws-sdk/client-apigatewaymanagementapi` pointed at CONNECTIONS_ENDPOINT:
 * `POST` sends the body to the socket (as a text frame), `DELETE` closes it,
 * `GET` describes it; an unknown or closed connection is 410 `GoneException`.
 * Requests are not signature-checked locally.
 *
 * @example
 * ```ts
 * startGateway({ ..., extraRoutes: [connectionsRoute(ws.connections)] });
 * ```
 */
export function connectionsRoute(connections: ReadonlyMap<string, LiveConnection>): ExtraRoute {
  return {
    prefix: '/@connections/',
    async handle(req, res, { pathname }) {
      const raw = PATH.exec(pathname)?.[1];
      let connectionId: string | undefined;
      try {
        connectionId = raw === undefined ? undefined : decodeURIComponent(raw);
      } catch {
        connectionId = undefined;
      }
      const body = await readBody(req, MAX_MESSAGE_BYTES);
      if (connectionId === undefined || !['GET', 'POST', 'DELETE'].includes(req.method ?? '')) {
        sendJson(res, 403, { message: 'Forbidden' }, 'ForbiddenException');
        return;
      }
      const connection = connections.get(connectionId);
      if (!connection || connection.socket.readyState !== connection.socket.OPEN) {
        sendJson(res, 410, { message: 'Gone' }, 'GoneException');
        return;
      }
      if (req.method === 'GET') {
        sendJson(res, 200, {
          connectedAt: connection.connectedAt.toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
          lastActiveAt: connection.lastActiveAt.toISOString(),
        });
        return;
      }
      if (req.method === 'DELETE') {
        connection.socket.close(1000, '');
        res.writeHead(204);
        res.end();
        return;
      }
      if (body === undefined) {
        sendJson(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
        return;
      }
      connection.socket.send(body.toString('utf8'));
      sendJson(res, 200, undefined);
    },
  };
}
