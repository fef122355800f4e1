import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The local stack as a developer runs it (`pnpm start` = `node --import tsx
// src/local/main.ts`), in a child process of this file's own, attacked the
// way any web page the developer opens, or a neighbour on the LAN, could.
// A crash shows as the child exiting.

const BACKEND = fileURLToPath(new URL('../../', import.meta.url));

interface RunningStack {
  readonly child: ChildProcess;
  readonly port: number;
  readonly apiUrl: string;
  readonly endpoints: { dynamodb: string; cognito: string; sqs: string; ses: string; stripe: string };
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly log: string[];
  /** What main.ts printed on stdout once up. */
  readonly banner: string;
}

let stack: RunningStack;

/** Reads the banner `main.ts` prints once the stack is up. */
function startChildStack(): Promise<RunningStack> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/main.ts'], {
    cwd: BACKEND,
    env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  let stdout = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => log.push(...chunk.split('\n')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start: ${log.join('\n')}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`stack exited (${code}) during start: ${log.join('\n')}`)));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes('Ctrl-C to stop')) return;
      clearTimeout(timer);
      const row = (name: string) => new RegExp(`${name}\\s+(\\S+)`).exec(stdout)?.[1] ?? '';
      const apiUrl = row('API');
      resolve({
        child,
        port: Number(new URL(apiUrl).port),
        apiUrl,
        endpoints: {
          dynamodb: row('DynamoDB Local'),
          cognito: row('cognito-local'),
          sqs: row('SQS \\(fauxqs\\)'),
          ses: row('SES mailbox'),
          stripe: row('Stripe \\(local\\)'),
        },
        userPoolId: /\(pool (\S+),/.exec(stdout)?.[1] ?? '',
        userPoolClientId: /client (\S+)\)/.exec(stdout)?.[1] ?? '',
        log,
        banner: stdout,
      });
    });
  });
}

beforeAll(async () => {
  stack = await startChildStack();
}, 120_000);

afterAll(async () => {
  if (!stack || stack.child.exitCode !== null) return;
  const exited = new Promise((resolve) => stack.child.once('exit', resolve));
  stack.child.kill('SIGTERM');
  await exited;
}, 30_000);

/** The stack still runs and answers an API request. */
async function expectServing(): Promise<void> {
  expect(stack.child.exitCode, `stack exited; last log lines:\n${stack.log.slice(-15).join('\n')}`).toBeNull();
  const response = await fetch(`${stack.apiUrl}/config`);
  expect(response.status).toBe(200);
}

/** A client frame: FIN + opcode, `mask` as clients must (or not), RSV1 when asked. */
function frame(options: {
  opcode: number;
  payload: Buffer;
  masked?: boolean;
  rsv1?: boolean;
  declaredLength?: number;
}): Buffer {
  const { payload, masked = true } = options;
  const length = options.declaredLength ?? payload.length;
  const head: number[] = [0x80 | (options.rsv1 ? 0x40 : 0) | options.opcode];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(maskBit | 127, ...big);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from(head), mask, body]);
}

/** The frames a server sent (unmasked), after the handshake's headers. */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] ?? 0) & 0x0f;
    let length = (bytes[at + 1] ?? 0) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start = at + 4;
    }
    if (start + length > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

/**
 * A raw upgrade to `/ws` from a foreign Origin. With no `cartToken` the bad
 * frame goes in the same write as the upgrade (what any web page can do);
 * with one, the socket is first accepted (ping answered by pong), then the
 * bad frame follows. Resolves with the handshake's status line and the code
 * of the server's close frame.
 */
function attack(
  bad: Buffer,
  cartToken?: string,
): Promise<{ status: string; closeCode: number | undefined; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(stack.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let sentBad = cartToken === undefined;
    const timer = setTimeout(() => finish(false), 5000);
    const afterHeaders = () => {
      const split = received.indexOf('\r\n\r\n');
      return split < 0 ? undefined : received.subarray(split + 4);
    };
    function finish(ended: boolean): void {
      clearTimeout(timer);
      socket.destroy();
      const status = received.subarray(0, received.indexOf('\r\n')).toString();
      const close = serverFrames(afterHeaders() ?? Buffer.alloc(0)).find((f) => f.opcode === 0x8);
      const closeCode = close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
      resolve({ status, closeCode, ended });
    }
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const frames = afterHeaders();
      if (sentBad || frames === undefined) return;
      if (serverFrames(frames).some((f) => f.opcode === 0x1 && f.payload.toString().includes('pong'))) {
        sentBad = true;
        socket.write(bad);
      }
    });
    socket.once('end', () => finish(true));
    socket.once('close', () => finish(true));
    socket.once('error', reject);
    const query = cartToken ? `?cartToken=${encodeURIComponent(cartToken)}` : '';
    const upgrade = Buffer.from(
      [
        `GET /ws${query} HTTP/1.1`,
        `Host: 127.0.0.1:${stack.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Origin: ${cartToken ? `http://localhost:${stack.port}` : 'https://evil.example'}`,
        '',
        '',
      ].join('\r\n'),
    );
    const ping = frame({ opcode: 0x1, payload: Buffer.from('{"type":"ping"}') });
    socket.write(Buffer.concat([upgrade, cartToken ? ping : bad]));
  });
}

async function anonymousCartToken(): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/cart/anonymous`, { method: 'POST' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { cartToken: string }).cartToken;
}

describe('one malformed WebSocket frame (issue 12, item 1)', () => {
  const cases: { name: string; bad: () => Buffer; code: number }[] = [
    {
      name: 'an unmasked frame',
      bad: () => frame({ opcode: 0x1, payload: Buffer.from('hello'), masked: false }),
      code: 1002,
    },
    {
      name: 'a frame whose length header says 200 KiB',
      bad: () => frame({ opcode: 0x2, payload: Buffer.alloc(16), declaredLength: 200 * 1024 }),
      code: 1009,
    },
    {
      name: 'a text frame that is not UTF-8',
      bad: () => frame({ opcode: 0x1, payload: Buffer.from([0xc3, 0x28, 0xff, 0xfe]) }),
      code: 1007,
    },
    {
      name: 'a frame with RSV1 set (no extension negotiated)',
      bad: () => frame({ opcode: 0x1, payload: Buffer.from('hi'), rsv1: true }),
      code: 1002,
    },
  ];
  for (const { name, bad, code } of cases) {
    it(`survives ${name} sent with a token-less upgrade from a foreign page`, async () => {
      const result = await attack(bad());

      expect(result.status).toBe('HTTP/1.1 101 Switching Protocols');
      expect(result.ended).toBe(true);
      // Whichever comes first: the frame's protocol error or $connect's refusal of the foreign Origin (4403).
      expect([code, 4403]).toContain(result.closeCode);
      await expectServing();
    });

    it(`closes an accepted socket with ${code} on ${name}, and the stack keeps serving`, async () => {
      const result = await attack(bad(), await anonymousCartToken());

      expect(result.status).toBe('HTTP/1.1 101 Switching Protocols');
      expect(result.ended).toBe(true);
      expect(result.closeCode).toBe(code);
      await expectServing();
    });
  }
});

describe('@connections is out of reach of a web page (issue 12, item 1)', () => {
  it('is not served on the browser-facing gateway: a page cannot push, read or close a socket through it', async () => {
    const origin = new URL(stack.apiUrl).origin;
    const headers = { origin: 'https://evil.example', 'content-type': 'text/plain' };

    const post = await fetch(`${origin}/@connections/AnyId=`, {
      method: 'POST',
      headers,
      body: '{"type":"order.updated"}',
    });
    const get = await fetch(`${origin}/@connections/AnyId=`, { headers });
    const remove = await fetch(`${origin}/@connections/AnyId=`, { method: 'DELETE', headers });

    // Before: 410 GoneException from the management API itself (and 200 for a live id).
    expect([post.status, get.status, remove.status]).toEqual([405, 404, 405]);
    expect(get.headers.get('x-amzn-errortype')).toBeNull();
  });
});

/** This machine's first non-loopback IPv4 address (eth0 and the like). */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

/** Whether a TCP connection to host:port is accepted. */
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

/** The process and all its descendants (Linux /proc). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** Every TCP socket in LISTEN state owned by these processes, as `address:port` (hex from /proc). */
function listeningSockets(pids: number[]): { address: string; port: number }[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  const sockets: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local = '', , state, , , , , , inode = ''] = fields;
      if (state !== '0A' || !inodes.has(inode)) continue;
      const [address = '', port = '0'] = local.split(':');
      sockets.push({ address, port: Number.parseInt(port, 16) });
    }
  }
  return sockets;
}

/** 127.0.0.1 as /proc writes it (IPv4, or IPv4-mapped in tcp6). */
const LOOPBACK_HEX = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

describe('payments and mail on the local stack (issue 14)', () => {
  it('prints the SES mailbox URL and the local webhook signing secret, and the mailbox answers', async () => {
    expect(stack.banner).toMatch(/Webhook secret\s+whsec_[A-Za-z0-9]{16,}\s+\(local test secret, new at every start\)/);
    const mailbox = await fetch(`${stack.endpoints.ses.replace(/\/$/, '')}/store`);
    expect(mailbox.status).toBe(200);
    expect(await mailbox.json()).toMatchObject({ emails: [] });
  });

  it('sells with online payment by default: a guest checkout waits on the local Stripe page', async () => {
    expect(stack.banner).toMatch(/Payment\s+stripe\s+\(the local stand-in/);
    const json = async <T>(path: string, init: { method?: string; cartToken?: string; body?: unknown } = {}) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.cartToken ? { 'x-cart-token': init.cartToken } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: response.status, body: (await response.json()) as T };
    };
    const { body: anonymous } = await json<{ cartToken: string }>('/cart/anonymous', { method: 'POST' });
    const { cartToken } = anonymous;
    expect(
      (await json('/cart/items', { method: 'POST', cartToken, body: { sku: 'PEN-BRASS', quantity: 1 } })).status,
    ).toBe(200);
    const address = {
      name: 'Ada',
      line1: '1 Market St',
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      country: 'US',
    };
    const { body: quote } = await json<{ total: number; shippingOptionId: string }>('/checkout/quote', {
      method: 'POST',
      cartToken,
      body: { shippingAddress: address },
    });
    const placed = await json<{ orderId: string }>('/cart/checkout', {
      method: 'POST',
      cartToken,
      body: {
        email: 'dev@example.com',
        shippingAddress: address,
        shippingOptionId: quote.shippingOptionId,
        expectedTotal: quote.total,
      },
    });
    expect(placed.status).toBe(202);

    let order: { status: string; payment?: { url: string } } = { status: 'PENDING' };
    for (let i = 0; i < 100 && order.status === 'PENDING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      order = (await json<typeof order>(`/orders/${placed.body.orderId}`, { cartToken })).body;
    }

    expect(order.status).toBe('AWAITING_PAYMENT');
    expect(order.payment?.url.startsWith(`${stack.endpoints.stripe}/c/pay/`)).toBe(true);
  }, 30_000);
});

describe('every part of the stack listens on loopback only (issue 12, item 6)', () => {
  const lan = lanAddress();

  it.skipIf(lan === undefined)(
    "answers on 127.0.0.1 but not on this machine's LAN address, for the gateway and every emulator",
    async () => {
      const ports = {
        gateway: stack.port,
        dynamodb: Number(new URL(stack.endpoints.dynamodb).port),
        cognito: Number(new URL(stack.endpoints.cognito).port),
        sqs: Number(new URL(stack.endpoints.sqs).port),
        ses: Number(new URL(stack.endpoints.ses).port),
        stripe: Number(new URL(stack.endpoints.stripe).port),
      };
      const onLoopback: Record<string, boolean> = {};
      const onLan: Record<string, boolean> = {};

      for (const [name, port] of Object.entries(ports)) {
        onLoopback[name] = await reachable('127.0.0.1', port);
        onLan[name] = await reachable(lan ?? '', port);
      }

      expect(onLoopback).toEqual({
        gateway: true,
        dynamodb: true,
        cognito: true,
        sqs: true,
        ses: true,
        stripe: true,
      });
      expect(onLan).toEqual({ gateway: false, dynamodb: false, cognito: false, sqs: false, ses: false, stripe: false });
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'has no listening socket on any other address, in any of its processes (JVM, cognito-local, @connections)',
    () => {
      const pid = stack.child.pid ?? 0;

      const sockets = listeningSockets(processTree(pid));

      // gateway, @connections, fauxqs and the local Stripe (this process), cognito-local, DynamoDB Local, aws-ses-v2-local.
      expect(sockets.length).toBeGreaterThanOrEqual(7);
      expect(sockets.filter((socket) => !LOOPBACK_HEX.has(socket.address))).toEqual([]);
    },
  );
});

describe('static files (issue 12, items 8 and 10)', () => {
  it('serves nothing from node_modules (404), in any mount', async () => {
    const origin = new URL(stack.apiUrl).origin;

    const statuses = await Promise.all(
      [
        '/storefront/node_modules/.bin/tsx',
        '/storefront/node_modules/tsx/package.json',
        '/node_modules/.modules.yaml',
      ].map(async (path) => (await fetch(`${origin}${path}`)).status),
    );

    expect(statuses).toEqual([404, 404, 404]);
  });

  it('serves the element CDN and the product images to any origin, with CORP cross-origin (a COEP host page loads them)', async () => {
    const origin = new URL(stack.apiUrl).origin;
    const headers = { origin: 'http://shop.example', 'sec-fetch-mode': 'cors' };

    const image = await fetch(`${origin}/assets/products/TEE-CLASSIC.svg`, { headers });
    const element = await fetch(`${origin}/cdn/shopping-cart.js`, { headers });

    expect(image.status).toBe(200);
    for (const response of [image, element]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
  });
});

describe('GET /config keeps the host the API was reached on (issue 12, item 10)', () => {
  it.each(['127.0.0.1', 'localhost'])(
    'advertises ws://%s:PORT/ws to a caller that reached the API on that host',
    async (host) => {
      const response = await fetch(`http://${host}:${stack.port}/api/config`);
      const config = (await response.json()) as { realtimeUrl: string };

      expect(config.realtimeUrl).toBe(`ws://${host}:${stack.port}/ws`);
    },
  );
});

describe('sign-up and password-reset codes are printed in the stack log (issue 12, item 17)', () => {
  it('prints each code with the address masked, never in full', async () => {
    const email = `dev-${randomBytes(4).toString('hex')}@example.com`;
    const cognito = new CognitoIdentityProviderClient({
      endpoint: stack.endpoints.cognito,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const codeLines = (purpose: string) =>
      stack.log.filter((line) => line.includes(`${purpose} code for d***@example.com:`));

    await cognito.send(
      new SignUpCommand({ ClientId: stack.userPoolClientId, Username: email, Password: 'Passw0rd!long' }),
    );
    await until(() => codeLines('sign-up confirmation').length > 0);
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
    await cognito.send(new ForgotPasswordCommand({ ClientId: stack.userPoolClientId, Username: email }));
    await until(() => codeLines('password reset').length > 0);
    cognito.destroy();

    expect(codeLines('sign-up confirmation')[0]).toMatch(
      /cognito: sign-up confirmation code for d\*\*\*@example\.com: \d{6}$/,
    );
    expect(codeLines('password reset')[0]).toMatch(/cognito: password reset code for d\*\*\*@example\.com: \d{6}$/);
    expect(stack.log.join('\n')).not.toContain(email);
  });
});

/** Waits until `check` holds (checks every 20 ms); fails after 10 s. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
