import { type IncomingMessage, request } from 'node:http';
import { createServer } from 'node:net';
import { LocalStackError } from './errors.js';

/**
 * Asks the OS for a free loopback port. Another process could take it before
 * the caller binds, which is acceptable for a developer machine.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One raw HTTP GET; resolves true on any response (even 4xx), false on a connection error. */
function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/**
 * Waits until something answers HTTP at `url`. A raw probe instead of an SDK
 * call: the SDK's retry backoff turns a 3 s start into 12 s.
 * Stops early when `aborted()` says the process behind it has died.
 *
 * @example
 * ```ts
 * await waitForHttp('http://127.0.0.1:8000/', { timeoutMs: 30_000, name: 'DynamoDB Local' });
 * ```
 */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; name: string; aborted?: () => Error | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.aborted?.();
    if (failure) throw failure;
    if (await probe(url)) return;
    if (Date.now() > deadline) {
      throw new LocalStackError(`${options.name} did not answer at ${url} within ${options.timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A request's body as UTF-8 text, at most `limit` bytes: a larger body rejects
 * with `tooLarge()` (the stand-in's own error shape) and the request is destroyed.
 *
 * @example
 * ```ts
 * const form = new URLSearchParams(await readTextBody(req, 16 * 1024, () => new Problem(413)));
 * ```
 */
export function readTextBody(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
