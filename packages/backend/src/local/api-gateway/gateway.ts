import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { API_PREFIX } from '../../topology/http-routes.js';
import { apiGatewayId } from './api-gateway-ids.js';
import { proxyApiRequest } from './http/api-proxy.js';
import { LocalStackError } from '../support/errors.js';
import type { HandlerRegistry } from '../lambda/handlers.js';
import type { Logger } from '../support/log.js';
import { sendProblem } from './problem.js';
import { type StaticMount, serveStatic } from '../cloudfront/static-files.js';

/** A route the gateway hands to someone else (the `@connections` API, local-only helpers). */
export interface ExtraRoute {
  readonly prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, context: { requestId: string; pathname: string }): Promise<void>;
}

/** Takes over an HTTP upgrade (the WebSocket API at `/ws`). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface GatewayOptions {
  /** 0 for an ephemeral port. */
  readonly port: number;
  readonly handlers: HandlerRegistry;
  readonly log: Logger;
  readonly staticMounts?: readonly StaticMount[];
  readonly extraRoutes?: readonly ExtraRoute[];
  readonly upgrades?: Readonly<Record<string, UpgradeHandler>>;
  /**
   * Resolves once the stack behind the gateway is up: the port is bound first
   * (so "port in use" shows at once) but requests to handlers wait for this.
   */
  readonly ready?: Promise<void>;
}

/** The running gateway. */
export interface Gateway {
  readonly port: number;
  /** `http://localhost:<port>` (browsers treat localhost as a secure context). */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/**
 * `/cdn/*` from the element's CDN build, `/admin/*` from the admin page's build,
 * everything else from `examples/`.
 * The element and the product images are loaded by other sites' pages, so
 * they are served cross-origin, as CloudFront's CdnHeaders policy does.
 */
export const DEFAULT_STATIC_MOUNTS: readonly StaticMount[] = [
  { prefix: '/cdn/', root: `${REPO_ROOT}packages/cart-element/dist/cdn`, crossOrigin: true },
  { prefix: '/assets/', root: `${REPO_ROOT}examples/assets`, crossOrigin: true },
  // The admin page's build (`pnpm --filter @cartkit/admin-example build`; `pnpm start` runs it).
  { prefix: '/admin/', root: `${REPO_ROOT}examples/admin/dist` },
  { prefix: '/', root: `${REPO_ROOT}examples` },
];

function isApiPath(pathname: string): boolean {
  return pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
}

async function route(req: IncomingMessage, res: ServerResponse, options: GatewayOptions): Promise<void> {
  const requestId = apiGatewayId();
  const receivedAt = new Date();
  res.setHeader('x-request-id', requestId);
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  const extra = options.extraRoutes?.find((r) => pathname.startsWith(r.prefix));
  if (isApiPath(pathname) || extra) await options.ready;
  if (isApiPath(pathname)) {
    await proxyApiRequest(req, res, { handlers: options.handlers, log: options.log, requestId, receivedAt });
    return;
  }
  if (extra) {
    await extra.handle(req, res, { requestId, pathname });
    return;
  }
  if (pathname === '/') {
    res.writeHead(302, { location: '/storefront/' });
    res.end();
    return;
  }
  await serveStatic(req, res, options.staticMounts ?? DEFAULT_STATIC_MOUNTS, pathname);
}

/**
 * The local stand-in for API Gateway and CloudFront on one loopback port:
 * `/api/*` to the HTTP handlers, upgrades (`/ws`) and extra routes to their
 * owners, everything else static. Every response carries `X-Request-Id`.
 *
 * @example
 * ```ts
 * const gateway = await startGateway({ port: 3000, handlers: createHandlerRegistry(), log });
 * ```
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((error: unknown) => {
      options.log.error('gateway', 'request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) {
        sendProblem(res, {
          status: 500,
          code: 'INTERNAL',
          title: 'Internal Server Error',
          requestId: String(res.getHeader('x-request-id') ?? ''),
        });
      } else {
        res.destroy();
      }
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without its own 'error' listener: a reset while the
    // stack is still starting, or while the 404 is written, must not crash the process.
    socket.on('error', () => socket.destroy());
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const upgrade = options.upgrades?.[pathname];
    if (upgrade) {
      Promise.resolve(options.ready)
        .then(() => upgrade(req, socket, head))
        .catch(() => socket.destroy());
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  // Keep-alive sockets would hold close() open for 5 s.
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalStackError(`port ${options.port} is already in use (set PORT to another port, or 0 for any)`)
          : error,
      );
    });
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    url: `http://localhost:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
