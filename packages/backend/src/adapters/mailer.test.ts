import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageRejected, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnavailableError, ValidationError } from '../domain/errors.js';
import { MailRejectedError, SesMailer, createSesClient, mapSesError } from './mailer.js';

const ADDRESS = 'ada.lovelace@example.com';
const message = { to: ADDRESS, subject: 'Receipt', html: '<p>x</p>', text: 'x', idempotencyKey: 'receipt-ord_1' };
const metadata = { httpStatusCode: 400, requestId: 'req-1' };

/** Every string an error would put into a log line: message, name, cause chain, own fields. */
function loggable(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    parts.push(String(e), JSON.stringify(e), (e as Error).stack ?? '');
  }
  return parts.join('\n');
}

describe('mapSesError', () => {
  it('turns a rejection into a MailRejectedError that names the SES error but not the address it quoted', () => {
    const ses = new MessageRejected({
      message: `Email address is not verified. The following identities failed the check in region US-EAST-1: ${ADDRESS}`,
      $metadata: metadata,
    });

    const mapped = mapSesError(ses);

    expect(mapped).toBeInstanceOf(MailRejectedError);
    expect(mapped.message).toBe('The mail provider refused the email: MessageRejected (HTTP 400), request req-1');
    expect(loggable(mapped)).not.toContain(ADDRESS);
  });

  it('turns throttling, 5xx and refused connections into UnavailableError (retry), still without the address', () => {
    const throttled = new TooManyRequestsException({
      message: `slow down ${ADDRESS}`,
      $metadata: { httpStatusCode: 429 },
    });
    const server = Object.assign(new Error(`boom ${ADDRESS}`), {
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

    for (const error of [throttled, server, refused]) {
      const mapped = mapSesError(error);
      expect(mapped).toBeInstanceOf(UnavailableError);
      expect(loggable(mapped)).not.toContain(ADDRESS);
    }
  });
});

describe('SesMailer', () => {
  const client = createSesClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });

  it.each([
    ['two recipients', { to: `${ADDRESS}, eve@example.com` }],
    ['a header injection', { to: `${ADDRESS}\r\nBcc: eve@example.com` }],
    ['no address', { to: 'not-an-address' }],
    ['a subject over two lines', { subject: 'Receipt\r\nBcc: eve@example.com' }],
    ['an empty text part', { text: '' }],
    ['an idempotency key with spaces', { idempotencyKey: 'a b' }],
  ])('refuses %s with a ValidationError that does not quote the address, and sends nothing', async (_what, bad) => {
    const mailer = new SesMailer(client, { from: 'Shop <receipts@shop.example>' });

    const error = await mailer.send({ ...message, ...bad }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect(loggable(error)).not.toContain(ADDRESS);
  });

  it('refuses a sender that is not an address', () => {
    expect(() => new SesMailer(client, { from: 'Shop' })).toThrow(ValidationError);
    expect(() => new SesMailer(client, { from: 'Shop <a@b.example>\r\nBcc: x@y.example' })).toThrow(ValidationError);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('maps an SES endpoint that refuses connections to UnavailableError', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIALOCAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const mailer = new SesMailer(createSesClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` }), {
      from: 'receipts@shop.example',
    });

    const error = await mailer.send(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnavailableError);
    expect(loggable(error)).not.toContain(ADDRESS);
  });

  it('sends the configuration set only when one is given', async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(JSON.parse(body));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ MessageId: `m-${bodies.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ses = new SESv2Client({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    try {
      const withSet = await new SesMailer(ses, { from: 'receipts@shop.example', configurationSet: 'receipts' }).send(
        message,
      );
      const without = await new SesMailer(ses, { from: 'receipts@shop.example', configurationSet: null }).send(message);

      expect([withSet.messageId, without.messageId]).toEqual(['m-1', 'm-2']);
      expect(bodies[0]).toMatchObject({ ConfigurationSetName: 'receipts', FromEmailAddress: 'receipts@shop.example' });
      expect(bodies[1]).not.toHaveProperty('ConfigurationSetName');
    } finally {
      ses.destroy();
      server.close();
    }
  });
});
