import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../../support/log.js';
import { verifySigV4 } from './sigv4.js';
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

/** Headers every browser request carries (fetch, forms, no-cors); the AWS SDK sends none of them. */
function fromBrowser(req: IncomingMessage): boolean {
  return req.headers.origin !== undefined || Object.keys(req.headers).some((name) => name.startsWith('sec-fetch-'));
}

/** The body (undefined past `limit`) and the SHA-256 of all of it, for the signature check. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer | undefined; sha256: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () =>
      resolve({ body: size > limit ? undefined : Buffer.concat(chunks), sha256: hash.digest('hex') }),
    );
    req.once('error', reject);
  });
}

/** The running `@connections` API. */
export interface ConnectionsApi {
  /** `http://127.0.0.1:<port>/@connections`: what CONNECTIONS_ENDPOINT is set to. */
  readonly endpoint: string;
  close(): Promise<void>;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    connections: ReadonlyMap<string, LiveConnection>;
    credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
    log: Logger;
  },
): Promise<void> {
  const url = req.url ?? '/';
  const raw = PATH.exec(url.split('?')[0] ?? '/')?.[1];
  const { body, sha256 } = await readBody(req, MAX_MESSAGE_BYTES);
  // A browser page can reach any loopback port; it cannot sign with the stack's secret,
  // and whatever it sends carries Origin or Sec-Fetch-* headers.
  const refused = fromBrowser(req)
    ? 'browser request'
    : verifySigV4({ method: req.method ?? 'GET', url, headers: req.headers, bodySha256: sha256 }, options.credentials);
  if (refused !== undefined) {
    options.log.warn('connections-api', 'request refused', { method: req.method, reason: refused });
    sendJson(res, 403, { message: 'Forbidden' }, 'ForbiddenException');
    return;
  }
  let connectionId: string | undefined;
  try {
    connectionId = raw === undefined ? undefined : decodeURIComponent(raw);
  } catch {
    connectionId = undefined;
  }
  if (connectionId === undefined || !['GET', 'POST', 'DELETE'].includes(req.method ?? '')) {
    sendJson(res, 403, { message: 'Forbidden' }, 'ForbiddenException');
    return;
  }
  const connection = options.connections.get(connectionId);
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
}

/**
 * The `@connections` management API, compatible with
 * `@aws-sdk/client-apigatewaymanagementapi` pointed at CONNECTIONS_ENDPOINT:
 * `POST` sends the body to the socket (as a text frame), `DELETE` closes it,
 * `GET` describes it; an unknown or closed connection is 410 `GoneException`.
 *
 * It listens on a loopback port of its own, not on the browser-facing
 * gateway, and, as on AWS, every request must be SigV4-signed: here with
 * `credentials`, the per-stack key pair the handlers get through
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Anything unsigned, signed with
 * another key, or carrying `Origin` / `Sec-Fetch-*` (any browser request) is
 * 403 `ForbiddenException`, so a web page cannot push fake messages to a
 * socket, read its IP or close it.
 *
 * @example
 * ```ts
 * const api = await startConnectionsApi({ connections: ws.connections, credentials, log });
 * env.CONNECTIONS_ENDPOINT = api.endpoint;
 * ```
 */
export async function startConnectionsApi(options: {
  connections: ReadonlyMap<string, LiveConnection>;
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  log: Logger;
  port?: number;
}): Promise<ConnectionsApi> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      options.log.error('connections-api', 'request failed', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}/@connections`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
