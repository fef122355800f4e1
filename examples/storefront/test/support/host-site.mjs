// A second origin for the journeys that embed the cart on "someone else's site":
// a tiny static server on its own port of 127.0.0.1 (reached as 127.0.0.1 or
// localhost), serving fixed files with the headers a real host would send, and
// a browser page that records everything a site owner would see go wrong.
import { createServer } from 'node:http';

/**
 * The Content-Security-Policy a host page needs to embed the cart, as the
 * element's README documents it: the CDN (script), the API (fetch and product
 * images), the realtime socket and Cognito, and nothing else.
 * @param {{ cdn: string, api: string, realtime: string, cognito: string }} origins
 */
export function embedCsp({ cdn, api, realtime, cognito }) {
  return [
    "default-src 'none'",
    `script-src ${cdn}`,
    "style-src 'self'",
    `img-src 'self' ${api}`,
    `connect-src ${api} ${realtime} ${cognito}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
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
