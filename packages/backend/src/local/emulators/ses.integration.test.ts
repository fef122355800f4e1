import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../support/aws-config.js';
import { type SesLocal, startSesLocal } from './ses.js';

let ses: SesLocal;
let client: SESv2Client;
// A fake SMTP server: aws-ses-v2-local relays every email to SMTP_TRANSPORT when that is set.
const relayConnections: number[] = [];
const relay = createServer((socket) => {
  relayConnections.push(Date.now());
  socket.destroy();
});
const previousRelay = process.env.SMTP_TRANSPORT;

beforeAll(async () => {
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  process.env.SMTP_TRANSPORT = JSON.stringify({
    host: '127.0.0.1',
    port: typeof address === 'object' ? address?.port : 0,
  });
  ses = await startSesLocal();
  client = new SESv2Client(localClientConfig(ses.endpoint));
});

afterAll(async () => {
  client?.destroy();
  await ses?.stop();
  relay.close();
  if (previousRelay === undefined) delete process.env.SMTP_TRANSPORT;
  else process.env.SMTP_TRANSPORT = previousRelay;
});

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The TCP sockets in LISTEN state that this process owns, as the hex addresses of /proc/net/tcp{,6}. */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' }))?.[1];
    if (inode) inodes.add(inode);
  }
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local = '', , state, , , , , , inode = ''] = line.trim().split(/\s+/);
      if (state === '0A' && inodes.has(inode)) addresses.push(local.split(':')[0] ?? '');
    }
  }
  return addresses;
}

const LOOPBACK_HEX = new Set(['0100007F', '0000000000000000FFFF00000100007F']);

describe('aws-ses-v2-local (startSesLocal)', () => {
  it('takes the official SESv2Client SendEmailCommand unchanged and shows the email in /store', async () => {
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'Shop <receipts@shop.example>',
        Destination: { ToAddresses: ['ada@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Your receipt', Charset: 'UTF-8' },
            Body: { Html: { Data: '<p>Thanks</p>', Charset: 'UTF-8' }, Text: { Data: 'Thanks', Charset: 'UTF-8' } },
            Headers: [{ Name: 'X-Cartkit-Idempotency-Key', Value: 'receipt-ord_1' }],
          },
        },
      }),
    );

    const emails = await ses.emails();
    const email = emails.find((candidate) => candidate.messageId === sent.MessageId);
    expect(sent.MessageId).toMatch(/\S/);
    expect(email).toMatchObject({
      from: 'Shop <receipts@shop.example>',
      destination: { to: ['ada@example.com'] },
      subject: 'Your receipt',
      body: { html: '<p>Thanks</p>', text: 'Thanks' },
      headers: [{ name: 'X-Cartkit-Idempotency-Key', value: 'receipt-ord_1' }],
    });
    const page = await fetch(ses.mailboxUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  });

  it('never relays mail to SMTP_TRANSPORT, even when the environment sets it', async () => {
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'receipts@shop.example',
        Destination: { ToAddresses: ['grace@example.com'] },
        Content: { Simple: { Subject: { Data: 'Relay?' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(relayConnections).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('listens on 127.0.0.1 only', async () => {
    const port = Number(new URL(ses.endpoint).port);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

    const addresses = listeningAddresses(ses.pid ?? 0);

    expect(addresses.length).toBeGreaterThanOrEqual(1);
    expect(addresses.filter((address) => !LOOPBACK_HEX.has(address))).toEqual([]);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    if (lan) expect(await reachable(lan, port)).toBe(false);
  });

  it('stop() ends it: the port no longer answers', async () => {
    const other = await startSesLocal();
    const port = Number(new URL(other.endpoint).port);
    expect(await reachable('127.0.0.1', port)).toBe(true);

    await other.stop();

    expect(await reachable('127.0.0.1', port)).toBe(false);
  });
});
