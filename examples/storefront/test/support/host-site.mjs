// A second origin for the journeys that embed the cart on "someone else's site":
// a tiny static server on its own port of 127.0.0.1 (reached as 127.0.0.1 or
// localhost), serving fixed files with the headers a real host would send, and
// a browser page that records everything a site owner would see go wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The element's README: the CSP a host page needs is read from it, so the doc and the journeys cannot drift. */
const ELEMENT_README = fileURLToPath(new URL('../../../../packages/cart-element/README.md', import.meta.url));

/** The stack origin and Cognito source the README's local-stack policy names (`pnpm start`'s defaults). */
export const README_LOCAL = {
  api: 'http://localhost:3000',
  realtime: 'ws://localhost:3000',
  cognito: 'http://127.0.0.1:*',
};

/**
 * The two `Content-Security-Policy:` snippets of the element's README, in order:
 * the AWS one (placeholders `https://YOUR-CDN`, `wss://WS-ID...`, `https://cognito-idp.REGION...`)
 * and the local stack's one (`http://localhost:3000`, `ws://localhost:3000`, `http://127.0.0.1:*`).
 * @returns {{ aws: string, local: string }}
 */
export function readmeCsp() {
  const text = readFileSync(ELEMENT_README, 'utf8');
  const policies = [...text.matchAll(/```http\nContent-Security-Policy: (.+)\n```/g)].map((m) => m[1].trim());
  if (policies.length !== 2) {
    throw new Error(`expected the AWS and the local CSP snippets in ${ELEMENT_README}, found ${policies.length}`);
  }
  return { aws: policies[0], local: policies[1] };
}

/** A policy as directive name -> its sources, in order. */
export function parseCsp(policy) {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/**
 * The Content-Security-Policy a host page needs to embed the cart, exactly as
 * the element's README documents it for the local stack, with this run's stack
 * origin in place of `http://localhost:3000` / `ws://localhost:3000` (and the
 * script source in place of the first in `script-src`, e.g. `'self'` for a
 * bundled app). `cognito`, when given, must be covered by the README's
 * `http://127.0.0.1:*`: the policy is served unchanged there.
 * @param {{ cdn: string, api: string, realtime: string, cognito?: string }} origins
 */
export function embedCsp({ cdn, api, realtime, cognito }) {
  if (cognito !== undefined && !/^http:\/\/127\.0\.0\.1:\d+$/.test(cognito)) {
    throw new Error(`the README's CSP allows Cognito at ${README_LOCAL.cognito}; this stack's is ${cognito}`);
  }
  const swap = (source, directive) => {
    if (source === README_LOCAL.api) return directive === 'script-src' ? cdn : api;
    if (source === README_LOCAL.realtime) return realtime;
    return source;
  };
  return Object.entries(parseCsp(readmeCsp().local))
    .map(([directive, sources]) => [directive, ...sources.map((s) => swap(s, directive))].join(' '))
    .join('; ');
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Every file under `dir` (a bundler's output) as `startHostSite` files, with
 * `index.html` also at `/`.
 * @param {string} dir
 */
export function filesFrom(dir) {
  const files = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
    files[`/${relative(dir, path).split('\\').join('/')}`] = { type, body: readFileSync(path) };
  }
  if (files['/index.html']) files['/'] = files['/index.html'];
  return files;
}

/**
 * Serves `files` (path → `{ type, body }`) with `headers` on 127.0.0.1; any
 * other path is a 404. `requests` lists every path asked for, with its status.
 * @param {{ files: Record<string, { type: string, body: string }>, headers?: Record<string, string>, hostname?: string }} options
 */
export async function startHostSite({ files, headers = {}, hostname = '127.0.0.1' }) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const file = files[path];
    requests.push(`${req.method} ${path} ${file ? 200 : 404}`);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', ...headers }).end(file.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://${hostname}:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/**
 * A page that records what a site owner's devtools would show: responses with
 * a 4xx/5xx status, failed requests (CORS refusals among them), console errors,
 * uncaught errors, CSP violations, and the WebSockets it opened.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function recordingPage(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  const sockets = [];
  page.on('response', async (response) => {
    if (response.status() < 400) return;
    // Cognito calls all POST to `/`: name the operation (X-Amz-Target) and the error type it answered.
    const target = response.request().headers()['x-amz-target'];
    const type = target
      ? await response.json().then(
          (body) => body?.__type,
          () => undefined,
        )
      : undefined;
    problems.push(
      `${response.status()} ${response.request().method()} ${response.url()}${target ? ` ${target} ${type}` : ''}`,
    );
  });
  page.on('requestfailed', (request) => {
    problems.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('websocket', (socket) => {
    const entry = { url: socket.url(), closed: false, errors: [] };
    sockets.push(entry);
    socket.on('close', () => {
      entry.closed = true;
    });
    socket.on('socketerror', (error) => entry.errors.push(String(error)));
  });
  return {
    page,
    problems,
    sockets,
    cspViolations: () => page.evaluate(() => window.__cspViolations),
  };
}

/**
 * Colour statistics of a PNG (a screenshot), decoded by the browser itself in
 * a blank page: how many sampled pixels are not grey (any channel apart from
 * the others by more than 24), how many distinct colours (4 bits a channel),
 * and how many pixels are close to `rgb` when one is given.
 * @param {import('playwright-core').BrowserContext} context
 * @param {Buffer} png
 * @param {[number, number, number]} [rgb]
 */
export async function pixelStats(context, png, rgb) {
  const page = await context.newPage();
  try {
    return await page.evaluate(
      async ({ base64, target }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext('2d');
        g.drawImage(bitmap, 0, 0);
        const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
        let sampled = 0;
        let colourful = 0;
        let nearTarget = 0;
        const colours = new Set();
        for (let i = 0; i < data.length; i += 4 * 7) {
          const [r, gr, b] = [data[i], data[i + 1], data[i + 2]];
          sampled += 1;
          if (Math.max(r, gr, b) - Math.min(r, gr, b) > 24) colourful += 1;
          colours.add(((r >> 4) << 8) | ((gr >> 4) << 4) | (b >> 4));
          if (target && Math.abs(r - target[0]) + Math.abs(gr - target[1]) + Math.abs(b - target[2]) < 30)
            nearTarget += 1;
        }
        return {
          width: bitmap.width,
          height: bitmap.height,
          sampled,
          colourful: colourful / sampled,
          colours: colours.size,
          nearTarget: nearTarget / sampled,
        };
      },
      { base64: png.toString('base64'), target: rgb ?? null },
    );
  } finally {
    await page.close();
  }
}
