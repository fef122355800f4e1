import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a merchant's endpoint received, and whether its signature verified. */
export interface ReceivedWebhook {
  readonly id: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  readonly verified: boolean;
  readonly answered: number;
  readonly at: number;
}

/**
 * A merchant's webhook endpoint on 127.0.0.1, written with the
 * `standardwebhooks` package: it verifies every request against the secret
 * (set once the endpoint is registered) and answers what `answer` says.
 */
export interface MerchantReceiver {
  readonly url: string;
  secret: string;
  answer: (count: number, id: string) => number;
  readonly received: ReceivedWebhook[];
  waitFor(match: (hook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  stop(): Promise<void>;
}

export async function startMerchantReceiver(answer: MerchantReceiver['answer'] = () => 200): Promise<MerchantReceiver> {
  const received: ReceivedWebhook[] = [];
  const counts = new Map<string, number>();
  const receiver: MerchantReceiver = {
    url: '',
    secret: '',
    answer,
    received,
    async waitFor(match, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No matching webhook within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      let verified = false;
      try {
        new Webhook(receiver.secret).verify(body, {
          'webhook-id': id,
          'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
        });
        verified = true;
      } catch {
        verified = false;
      }
      const count = (counts.get(id) ?? 0) + 1;
      counts.set(id, count);
      const status = verified ? receiver.answer(count, id) : 400;
      received.push({ id, body, headers: req.headers, verified, answered: status, at: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return receiver;
}
