import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../api-gateway/gateway.js';
import { createHandlerRegistry } from '../lambda/handlers.js';
import { silentLogger } from '../support/log.js';
import { resolveInside } from './static-files.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
let gateway: Gateway;
let base: string;
/** A site root with symlinks out of it and an installed package, made per run (no symlinks in git). */
let site: string;

beforeAll(async () => {
  site = await mkdtemp(join(tmpdir(), 'cartkit-static-'));
  await mkdir(join(site, 'root', 'node_modules', 'pkg'), { recursive: true });
  await mkdir(join(site, 'outside'), { recursive: true });
  await writeFile(join(site, 'outside', 'private.json'), '{"private":true}\n');
  await writeFile(join(site, 'root', 'node_modules', 'pkg', 'package.json'), '{"name":"pkg"}\n');
  await writeFile(join(site, 'root', 'page.html'), '<p>inside</p>\n');
  await symlink(join(site, 'outside'), join(site, 'root', 'linked-dir'));
  await symlink(join(site, 'outside', 'private.json'), join(site, 'root', 'linked.json'));
  await symlink(join(site, 'root', 'page.html'), join(site, 'root', 'alias.html'));
  gateway = await startGateway({
    port: 0,
    handlers: createHandlerRegistry(`${fixtures}handlers`),
    log: silentLogger,
    staticMounts: [
      { prefix: '/cdn/', root: `${fixtures}static/cdn`, crossOrigin: true },
      { prefix: '/site/', root: join(site, 'root') },
      { prefix: '/', root: `${fixtures}static` },
    ],
  });
  base = `http://127.0.0.1:${gateway.port}`;
});
afterAll(async () => {
  await gateway.close();
  await rm(site, { recursive: true, force: true });
});

/** Sends the request line exactly as written (fetch would normalise `..` away). */
function rawGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(gateway.port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    });
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      response += chunk;
    });
    socket.on('end', () => resolve(response));
    socket.on('error', reject);
  });
}

describe('gateway: static files', () => {
  it('redirects / to the storefront', async () => {
    const res = await fetch(`${base}/`, { redirect: 'manual' });

    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/storefront/');
  });

  it('serves a folder index with its content type and no-cache', async () => {
    const res = await fetch(`${base}/storefront/`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Storefront</title>');
  });

  it('redirects a folder without its trailing slash', async () => {
    const res = await fetch(`${base}/storefront`, { redirect: 'manual' });

    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/storefront/');
  });

  it('serves /cdn/ from the CDN folder as JavaScript', async () => {
    const res = await fetch(`${base}/cdn/cart.js`);

    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toContain('export const x');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${base}/cdn/cart.js`);
    const etag = first.headers.get('etag') ?? '';
    const second = await fetch(`${base}/cdn/cart.js`, { headers: { 'if-none-match': etag } });

    expect(etag).toMatch(/^W\/".+"$/);
    expect(second.status).toBe(304);
  });

  it('answers 404 for a missing file', async () => {
    expect((await fetch(`${base}/storefront/nope.js`)).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/storefront/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/storefront/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/cdn/..%5c..%5csecret.txt',
    '/cdn/%00',
  ])('refuses to leave the folder: %s', async (path) => {
    const response = await rawGet(path);

    expect(response).toMatch(/^HTTP\/1\.1 (400|404)/);
    expect(response).not.toContain('secret\n');
  });

  it('resolves only paths inside the root', () => {
    expect(resolveInside('/srv/www', 'a/b.js')).toBe('/srv/www/a/b.js');
    expect(resolveInside('/srv/www', '../etc/passwd')).toBeUndefined();
    expect(resolveInside('/srv/www', '%E0%A4%A')).toBeUndefined();
  });

  it.each(['/site/linked.json', '/site/linked-dir/private.json', '/site/node_modules/pkg/package.json'])(
    'answers 404 for what lies outside the root through a symlink, or in node_modules: %s',
    async (path) => {
      const response = await fetch(`${base}${path}`);

      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('private');
    },
  );

  it('still serves a symlink that stays inside the root', async () => {
    const response = await fetch(`${base}/site/alias.html`);

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('inside');
  });
});

describe('gateway: the CDN is cross-origin, as CloudFront serves it', () => {
  it('sends Access-Control-Allow-Origin: * and CORP cross-origin on /cdn/ files, 304s and 404s', async () => {
    const ok = await fetch(`${base}/cdn/cart.js`, { headers: { origin: 'http://shop.example' } });
    const etag = ok.headers.get('etag') ?? '';
    const notModified = await fetch(`${base}/cdn/cart.js`, { headers: { 'if-none-match': etag } });
    const missing = await fetch(`${base}/cdn/nope.js`);

    for (const response of [ok, notModified, missing]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
    expect([ok.status, notModified.status, missing.status]).toEqual([200, 304, 404]);
  });

  it('answers a CORS preflight for /cdn/ with GET and HEAD allowed', async () => {
    const response = await fetch(`${base}/cdn/cart.js`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.example', 'access-control-request-method': 'GET' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
  });

  it('keeps the storefront same-origin (no CORS headers outside cross-origin mounts)', async () => {
    const response = await fetch(`${base}/storefront/`, { headers: { origin: 'http://shop.example' } });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
