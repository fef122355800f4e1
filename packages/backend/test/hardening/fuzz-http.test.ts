import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { anonymousToken } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import { findLeak } from './support/invariants.js';

// A smaller fuzz over real HTTP through the local gateway: raw paths (no URL
// normalisation by the client), repeated and odd headers, bodies with and
// without a declared length. It proves the same no-5xx / no-leak rules hold
// with the gateway's own parsing in front of the handlers.

const SEED = 20_261_125;
const RUNS = Math.ceil(300 * Number(process.env.HARDENING_FUZZ_SCALE ?? '1'));
let cases = 0;
let cartToken = '';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** One request with node:http, so the path goes out byte for byte as generated. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<RawAnswer> {
  const api = new URL(stackEnv().apiUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: api.port,
        method,
        path: `${api.pathname}${path}`,
        // One connection per case with an explicit length: no keep-alive or chunked framing
        // quirks of node:http between cases, only what the generated request says.
        agent: false,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pathChar = fc.constantFrom(..."abcXYZ019-_.~%/?&=+:@!$'()*,;[]".split(''));
const pathTail = fc.oneof(
  fc.constantFrom(
    '/cart',
    '/cart/items',
    '/cart/items/TEE-CLASSIC',
    '/cart/items/%2e%2e%2f%2e%2e',
    '/cart/items/%ZZ',
    '/cart/items/%E0%A4%A',
    '/cart/items/TEE-CLASSIC?x=1&x=2',
    '/products?limit=0',
    '/products?limit=101',
    '/products?cursor=%FF%FE',
    '/products/%00',
    '/orders/..%2f..%2fetc',
    '//cart',
    '/cart/./items',
    '/me',
    '/config?callback=alert',
  ),
  fc.array(pathChar, { maxLength: 40 }).map((chars) => `/${chars.join('')}`),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
const printable = fc.string({ maxLength: 60 });
const headers = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', ''),
    'idempotency-key': printable,
    'if-match': printable,
    origin: fc.constantFrom('http://localhost:3000', 'https://evil.example'),
    authorization: printable.map((s) => `Bearer ${s}`),
    'x-cart-token': printable,
    'x-forwarded-for': printable,
    'content-encoding': fc.constantFrom('gzip', 'identity', 'br'),
  },
  { requiredKeys: [] },
);
const body = fc.option(
  fc.oneof(
    fc.json({ maxDepth: 2 }),
    printable,
    fc.constantFrom('{"sku":"TEE-CLASSIC","quantity":1}', '{"quantity":2}', '{"sku":"TEE-CLASSIC","quantity":1e309}'),
  ),
  { nil: undefined },
);

beforeAll(async () => {
  cartToken = await anonymousToken();
});

afterAll(() => {
  console.log(`[hardening] HTTP fuzz through the gateway: ${cases} cases`);
});

describe('fuzzing over HTTP through the local gateway', () => {
  it('never answers 5xx or leaks internals, whatever the raw path, headers and body', async () => {
    const property = fc.asyncProperty(
      method,
      pathTail,
      headers,
      body,
      fc.boolean(),
      async (verb, path, extra, payload, withToken) => {
        const sent: Record<string, string> = { ...extra };
        if (withToken) sent['x-cart-token'] = cartToken;
        const answer = await raw(verb, path, sent, verb === 'GET' ? undefined : payload);
        cases++;
        if (answer.status >= 500 || answer.status === 0) throw new Error(`${verb} ${path} answered ${answer.status}`);
        if (answer.status >= 400 && path.startsWith('/')) {
          const leak = findLeak(answer.text, [path, decodeSafely(path), ...Object.values(extra), payload ?? '']);
          if (leak) throw new Error(`${verb} ${path} leaked "${leak}": ${answer.text.slice(0, 300)}`);
        }
        if (!answer.headers['x-request-id']) {
          throw new Error(
            `${verb} ${path}: no X-Request-Id (status ${answer.status}, ${JSON.stringify(answer.headers)})`,
          );
        }
      },
    );
    const details = await fc.check(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
    if (details.failed) {
      throw new Error(
        `seed ${details.seed}, path "${details.counterexamplePath}": ${String(details.errorInstance).slice(0, 800)}\n` +
          JSON.stringify(details.counterexample).slice(0, 1500),
      );
    }
  });
});

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
