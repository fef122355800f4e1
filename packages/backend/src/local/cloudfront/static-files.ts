import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** One URL prefix served from one folder. */
export interface StaticMount {
  /** URL prefix with a trailing slash, e.g. `/cdn/`; `/` for the rest. */
  readonly prefix: string;
  readonly root: string;
  /**
   * Served to any origin, as CloudFront's CdnHeaders policy does for `/cdn/*`
   * (`Access-Control-Allow-Origin: *`, `Cross-Origin-Resource-Policy: cross-origin`,
   * preflights answered): module scripts load with CORS, and a host page with COEP
   * needs CORP on every image.
   */
  readonly crossOrigin?: boolean;
}

/** What CloudFront's CdnHeaders policy adds (packages/backend/cdk/hosting.ts). */
const CROSS_ORIGIN_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * The file a URL path names under `root`, or undefined when the path would
 * leave `root` (`..`, encoded slashes or backslashes, NUL) or cannot be decoded.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/');
  // Installed packages are never part of a site, whatever folder they sit in.
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === 'node_modules')) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${sep}${segments.filter(Boolean).join(sep)}`);
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ''): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** Whether `file`, with every symlink resolved, still lies inside `root` (itself resolved). */
async function realpathInside(root: string, file: string): Promise<boolean> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]).catch(() => [undefined, undefined]);
  if (realRoot === undefined || realFile === undefined) return false;
  return realFile === realRoot || realFile.startsWith(realRoot + sep);
}

/**
 * Serves files for the storefront and the CDN bundle: GET and HEAD only,
 * `index.html` for folders (redirecting `/x` to `/x/` so relative links
 * work), `Cache-Control: no-cache` with a weak ETag so edits show on reload.
 * Nothing outside a mount's root is served, symlinks included (404), and no
 * `node_modules` folder at all.
 *
 * @example
 * ```ts
 * await serveStatic(req, res, [{ prefix: '/cdn/', root: cdnDir }, { prefix: '/', root: examplesDir }]);
 * ```
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  mounts: readonly StaticMount[],
  pathname: string,
): Promise<void> {
  const mount = mounts.find((m) => pathname.startsWith(m.prefix));
  const cors = mount?.crossOrigin ? CROSS_ORIGIN_HEADERS : {};
  if (req.method === 'OPTIONS' && mount?.crossOrigin) {
    res.writeHead(204, {
      ...cors,
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'access-control-max-age': '600',
    });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { allow: 'GET, HEAD' }, 'Method Not Allowed\n');
    return;
  }
  const file = mount && resolveInside(mount.root, pathname.slice(mount.prefix.length));
  if (!file) {
    send(res, 404, cors, 'Not Found\n');
    return;
  }
  let target = file;
  let info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      send(res, 301, { ...cors, location: `${pathname}/` });
      return;
    }
    target = join(target, 'index.html');
    info = await stat(target).catch(() => undefined);
  }
  if (!info?.isFile() || !(await realpathInside(mount.root, target))) {
    send(res, 404, cors, 'Not Found\n');
    return;
  }
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    'content-type': CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    etag,
    'x-content-type-options': 'nosniff',
    ...cors,
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    res.writeHead(304, { etag, 'cache-control': 'no-cache', ...cors });
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(target);
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}
