import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_ROUTE, matchRoute, routeKey } from '../../../topology/http-routes.js';
import type { HandlerRegistry } from '../../lambda/handlers.js';
import { toHttpApiEvent } from './http-event.js';
import { fromHandlerResult } from './http-result.js';
import { lambdaContext } from '../../lambda/lambda-context.js';
import type { Logger } from '../../support/log.js';
import { sendProblem } from '../problem.js';

/**
 * The gateway's own cap on request bodies, like API Gateway's 10 MB: the
 * handlers enforce the contract's 16 KiB themselves.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body, or resolves undefined as soon as it passes `limit` (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, requestId: string): void {
  // Close the connection: the unread rest of the body must not be parsed as a next request.
  res.once('finish', () => req.destroy());
  sendProblem(
    res,
    { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Content Too Large', requestId },
    { connection: 'close' },
  );
}

function internalError(res: ServerResponse, requestId: string): void {
  sendProblem(res, {
    status: 500,
    code: 'INTERNAL',
    title: 'Internal Server Error',
    detail: 'Something went wrong on our side.',
    requestId,
  });
}

/**
 * Serves one `/api/*` request as API Gateway's HTTP API would: match the
 * route table (or fall back to `$default`), build a payload 2.0 event, invoke
 * the handler in-process, write its result. A throwing handler or a
 * malformed result is a 500 problem, its details only in the local log.
 *
 * @example
 * ```ts
 * await proxyApiRequest(req, res, { handlers, log, requestId, sourceIp: '127.0.0.1' });
 * ```
 */
export async function proxyApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { handlers: HandlerRegistry; log: Logger; requestId: string; receivedAt: Date },
): Promise<void> {
  const { requestId, log } = options;
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) {
    tooLarge(req, res, requestId);
    return;
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === undefined) {
    tooLarge(req, res, requestId);
    return;
  }
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const pathname = url.split('?')[0] ?? '/';
  const match = matchRoute(method, pathname);
  const route = match.route
    ? { routeKey: routeKey(match.route), pathParameters: match.pathParameters, handler: match.route.handler }
    : { routeKey: DEFAULT_ROUTE.routeKey, pathParameters: undefined, handler: DEFAULT_ROUTE.handler };
  const event = toHttpApiEvent(
    {
      method,
      url,
      rawHeaders: req.rawHeaders,
      httpVersion: req.httpVersion,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      body,
      requestId,
      receivedAt: options.receivedAt,
    },
    {
      routeKey: route.routeKey,
      pathParameters: Object.keys(route.pathParameters ?? {}).length ? route.pathParameters : undefined,
    },
  );
  let parts: ReturnType<typeof fromHandlerResult>;
  try {
    const handler = await options.handlers.load(route.handler);
    if (!handler) {
      log.warn('gateway', 'handler file missing', { handler: route.handler, route: route.routeKey });
      sendProblem(
        res,
        {
          status: 503,
          code: 'UNAVAILABLE',
          title: 'Service Unavailable',
          detail: 'No handler file serves this route on the local stack.',
          requestId,
        },
        { 'retry-after': '5' },
      );
      return;
    }
    parts = fromHandlerResult(await handler(event as never, lambdaContext(route.handler)));
  } catch (error) {
    log.error('gateway', 'handler failed', {
      handler: route.handler,
      route: route.routeKey,
      requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    internalError(res, requestId);
    return;
  }
  const headers: Record<string, string | string[] | number> = { ...parts.headers };
  headers['x-request-id'] ??= requestId;
  if (parts.cookies.length > 0) headers['set-cookie'] = [...parts.cookies];
  headers['content-length'] = parts.body.length;
  res.writeHead(parts.statusCode, headers);
  res.end(method === 'HEAD' ? undefined : parts.body);
}
