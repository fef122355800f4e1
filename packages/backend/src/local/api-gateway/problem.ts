import type { ServerResponse } from 'node:http';

/**
 * Writes an RFC 9457 problem the way the handlers shape theirs (see API.md),
 * for the few answers the gateway gives itself: a handler crash (500
 * `INTERNAL`), a body over the gateway's cap (413), a missing handler (503).
 * Never includes internals: the detail is fixed text.
 *
 * @example
 * ```ts
 * sendProblem(res, { status: 500, code: 'INTERNAL', title: 'Internal error', requestId });
 * ```
 */
export function sendProblem(
  res: ServerResponse,
  problem: { status: number; code: string; title: string; detail?: string; requestId: string },
  extraHeaders: Record<string, string> = {},
): void {
  const body = JSON.stringify({
    type: `https://cartkit.dev/problems/${problem.code.toLowerCase().replaceAll('_', '-')}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail ? { detail: problem.detail } : {}),
    requestId: problem.requestId,
  });
  res.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': problem.requestId,
    ...extraHeaders,
  });
  res.end(body);
}
