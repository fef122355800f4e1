import { once } from 'node:events';
import { createServer } from 'node:http';

/** One POST as the receiver got it: the raw body (what signatures cover) and the signature header. */
export interface ReceivedWebhook {
  readonly rawBody: string;
  readonly signature: string | undefined;
}

/** A webhook endpoint for tests and for running the stand-in alone. */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Resolves with the first request (received so far or later) that `match` accepts. */
  next(match: (hook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  stop(): Promise<void>;
}

/**
 * A tiny HTTP endpoint on 127.0.0.1 that records every POST and answers with the status
 * `answer` returns for it (default 200), so tests can make a delivery fail.
 *
 * @example
 * ```ts
 * const receiver = await startWebhookReceiver((n) => (n === 1 ? 500 : 200));
 * ```
 */
export async function startWebhookReceiver(answer: (count: number) => number = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = req.headers['stripe-signature'];
      received.push({
        rawBody: Buffer.concat(chunks).toString('utf8'),
        signature: typeof header === 'string' ? header : undefined,
      });
      res.writeHead(answer(received.length)).end();
      for (const wake of waiters) wake();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    received,
    next(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching webhook within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
