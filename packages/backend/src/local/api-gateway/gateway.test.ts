import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './http/api-proxy.js';
import { type Gateway, startGateway } from './gateway.js';
import { createHandlerRegistry } from '../lambda/handlers.js';
import { silentLogger } from '../support/log.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
let gateway: Gateway;
let base: string;

beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    handlers: createHandlerRegistry(`${fixtures}handlers`),
    log: silentLogger,
    staticMounts: [
      { prefix: '/cdn/', root: `${fixtures}static/cdn` },
      { prefix: '/', root: `${fixtures}static` },
    ],
  });
  base = `http://127.0.0.1:${gateway.port}`;
});
afterAll(() => gateway.close());

async function echo(path: string, init?: RequestInit): Promise<APIGatewayProxyEventV2> {
  const res = await fetch(`${base}${path}`, init);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { event: APIGatewayProxyEventV2 };
  return body.event;
}

/** A raw request, for what fetch cannot send (repeated headers, exact bytes). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('gateway: API Gateway HTTP API events', () => {
  it('maps a matched route to its routeKey, decoded path parameters and the v2 request context', async () => {
    const event = await echo('/api/cart/items/TEE%2D1', {
      method: 'PUT',
      body: '{"quantity":2}',
      headers: { 'content-type': 'application/json', 'user-agent': 'vitest' },
    });

    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('PUT /api/cart/items/{sku}');
    expect(event.rawPath).toBe('/api/cart/items/TEE%2D1');
    expect(event.pathParameters).toEqual({ sku: 'TEE-1' });
    expect(event.body).toBe('{"quantity":2}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      routeKey: 'PUT /api/cart/items/{sku}',
      stage: '$default',
      http: {
        method: 'PUT',
        path: '/api/cart/items/TEE%2D1',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
  });

  it('passes the raw query string and decoded, comma-joined parameters', async () => {
    const event = await echo('/api/products?limit=2&tag=a%20b&tag=c');

    expect(event.rawQueryString).toBe('limit=2&tag=a%20b&tag=c');
    expect(event.queryStringParameters).toEqual({ limit: '2', tag: 'a b,c' });
    expect(event.pathParameters).toBeUndefined();
  });

  it('lower-cases headers, joins repeated ones with commas and moves cookies into cookies[]', async () => {
    const res = await raw('GET', '/api/cart', { 'X-Custom': ['one', 'two'], Cookie: ['a=1; b=2', 'c=3'] });
    const event = (JSON.parse(res.body) as { event: APIGatewayProxyEventV2 }).event;

    expect(event.headers['x-custom']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
  });

  it('base64-encodes bodies that are not text', async () => {
    const bytes = Buffer.from([0, 159, 146, 150]);
    const event = await echo('/api/cart/items', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('sends unknown paths and OPTIONS to the cart API as $default without path parameters', async () => {
    const unknown = await echo('/api/nope/x');
    const preflight = await echo('/api/cart', { method: 'OPTIONS' });
    const wrongMethod = await echo('/api/cart/items', { method: 'PATCH' });

    for (const event of [unknown, preflight, wrongMethod]) {
      expect(event.routeKey).toBe('$default');
      expect(event.requestContext.routeKey).toBe('$default');
      expect(event.pathParameters).toBeUndefined();
    }
  });

  it('invokes the handler a route names', async () => {
    const res = await fetch(`${base}/api/me`);

    expect(await res.json()).toEqual({ handler: 'account', routeKey: 'GET /api/me' });
  });

  it('writes back status, headers, cookies and a handler-set X-Request-Id', async () => {
    const res = await raw('GET', '/api/cart', { 'x-fixture': 'cookies' });

    expect(res.status).toBe(204);
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(res.headers['x-request-id']).toBe('from-handler');
  });

  it('decodes base64 response bodies', async () => {
    const res = await fetch(`${base}/api/cart`, { headers: { 'x-fixture': 'binary' } });

    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('turns a result without statusCode into a 200 JSON body, as payload v2.0 does', async () => {
    const res = await fetch(`${base}/api/cart`, { headers: { 'x-fixture': 'plain' } });

    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  it.each(['throw', 'garbage', 'undefined'])(
    'answers a handler that does "%s" with a 500 problem and no internals',
    async (mode) => {
      const res = await fetch(`${base}/api/cart`, { headers: { 'x-fixture': mode } });
      const text = await res.text();

      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(text)).toMatchObject({
        status: 500,
        code: 'INTERNAL',
        requestId: res.headers.get('x-request-id'),
      });
      expect(text).not.toMatch(/secret|\/srv|\bat |\.ts/);
    },
  );

  it('refuses a body over the gateway cap with 413 without reading it all', async () => {
    const res = await raw(
      'POST',
      '/api/cart/items',
      { 'content-type': 'application/json' },
      Buffer.alloc(MAX_BODY_BYTES + 1, 'a'),
    );

    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('stops reading a chunked body once it passes the cap and answers 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/cart/items`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      // Keeps sending until the server answers: it must answer before the body ends.
      const pump = () => {
        while (sent <= MAX_BODY_BYTES * 4 && req.write(chunk)) sent += chunk.length;
        if (sent <= MAX_BODY_BYTES * 4) req.once('drain', pump);
      };
      pump();
    });

    expect(status).toBe(413);
  });

  it('puts X-Request-Id on every response', async () => {
    const responses = await Promise.all([
      fetch(`${base}/api/cart`),
      fetch(`${base}/storefront/`),
      fetch(`${base}/missing.png`),
      fetch(`${base}/`, { redirect: 'manual' }),
    ]);

    for (const res of responses) expect(res.headers.get('x-request-id')).toMatch(/\S{16}/);
  });
});
