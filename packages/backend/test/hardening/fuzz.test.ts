import type { Cart } from '@cartkit/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { createUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import {
  type CatalogTable,
  createCatalogTable,
  FUZZ_SKUS,
  fuzzProducts,
  HOSTILE_NAMES,
  SOLD_OUT_SKU,
} from './support/catalog.js';
import { cartTotalDefects, responseDefects, storedCartDefects } from './support/invariants.js';
import { claimsOf } from './support/jwt.js';
import { invoke, type LambdaAnswer, type LambdaRequest } from './support/lambda.js';

// Property-based fuzzing of every route, in-process through the cart-api and
// account Lambda exports, against the real DynamoDB Local of the shared stack
// (with a catalog table of its own: 60 products, so CART_FULL is reachable,
// several with hostile names). Seeds are fixed; fast-check prints the seed and
// the failing request when a property fails.

const SEED = 20_261_124;
/** Cases per property; the total is printed at the end and recorded in docs/security.md. */
const SCALE = Number(process.env.HARDENING_FUZZ_SCALE ?? '1');
const RUNS = {
  anyRequest: Math.ceil(4_000 * SCALE),
  cartMutations: Math.ceil(1_500 * SCALE),
  // Cheap (refused before any store call), so most of the count is spent here.
  identities: Math.ceil(4_500 * SCALE),
} as const;
/** Generous: each case is a real DynamoDB Local round trip on a shared 2-core machine. */
const PROPERTY_TIMEOUT_MS = 180_000;
const ALLOWED_STATUSES = new Set([200, 201, 202, 204, 400, 401, 403, 404, 405, 412, 413, 415, 422, 429]);

let catalog: CatalogTable;
let cases = 0;
const statusCounts = new Map<number, number>();

interface Owner {
  readonly label: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly key: string;
}
let owners: Owner[] = [];
let userToken = '';
let anonTokens: string[] = [];

/** Three anonymous carts and one signed-in user's cart, all new. */
async function newOwners(labelPrefix: string): Promise<{ owners: Owner[]; userToken: string; anonTokens: string[] }> {
  const user = await createUser();
  const tokens: string[] = [];
  for (let i = 0; i < 3; i++) {
    const issued = await invoke({ method: 'POST', path: '/cart/anonymous', sourceIp: '192.0.2.200' });
    tokens.push((issued.json as { cartToken: string }).cartToken);
  }
  return {
    userToken: user.accessToken,
    anonTokens: tokens,
    owners: [
      ...tokens.map((token, i) => ({
        label: `${labelPrefix}anon${i}`,
        headers: { 'x-cart-token': token },
        key: `anon#${token.split('.')[0]}`,
      })),
      {
        label: `${labelPrefix}user`,
        headers: { authorization: `Bearer ${user.accessToken}` },
        key: `user#${String(claimsOf(user.accessToken).sub)}`,
      },
    ],
  };
}

beforeAll(async () => {
  const { env } = stackEnv();
  catalog = await createCatalogTable(env.DYNAMODB_ENDPOINT ?? '', fuzzProducts());
  setDeps(
    await createDeps(
      loadConfig({
        ...process.env,
        PRODUCTS_TABLE: catalog.tableName,
        // The fuzzer is one client hammering a few carts: the limits have their own tests.
        MUTATION_RATE_PER_MINUTE: '0',
        ANONYMOUS_RATE_PER_MINUTE: '1000000',
      }),
    ),
  );
  ({ owners, userToken, anonTokens } = await newOwners(''));
}, 60_000);

afterAll(async () => {
  setDeps(undefined);
  await catalog?.drop();
  const byStatus = [...statusCounts.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
  console.log(`[hardening] in-process fuzz: ${cases} cases; statuses ${byStatus.join(' ')}`);
});

async function send(request: LambdaRequest, echoed: readonly string[]): Promise<LambdaAnswer> {
  const response = await invoke(request);
  cases++;
  statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
  const defects = responseDefects(response, echoed);
  if (!ALLOWED_STATUSES.has(response.status)) defects.push(`unexpected status ${response.status}`);
  if (defects.length > 0) {
    throw new Error(`${request.method} ${request.path}: ${defects.join('; ')}`);
  }
  return response;
}

// ---- generators ---------------------------------------------------------------

const catalogSku = fc.constantFrom(...FUZZ_SKUS, SOLD_OUT_SKU);
const oddSku = fc.constantFrom(
  'NOPE-404',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'a'.repeat(64),
  'a'.repeat(65),
  '../../etc/passwd',
  '<script>',
  '%00',
  '',
  ' ',
  'H-01 ',
  'h-01',
  'ЖЖЖ',
  '\u202E',
  'a.b',
  'qty',
  '#s',
  ':q',
  'idem.#k',
);
const anySku = fc.oneof(
  { weight: 8, arbitrary: catalogSku },
  { weight: 2, arbitrary: oddSku },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

const anyQuantity: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 99 }) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 103 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(0, -0, 99, 100, 1.5, 2 ** 53, 2 ** 31, -(2 ** 31), 1e21, 1e-7, null, true),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { maxLength: 2 }) },
);

/** JSON text the client might send: the valid shape, near misses, raw number forms, junk, and oversize. */
function bodyFor(shape: 'add' | 'set' | 'none'): fc.Arbitrary<string | undefined> {
  const valid =
    shape === 'add'
      ? fc.record({ sku: anySku, quantity: anyQuantity }).map((b) => JSON.stringify(b))
      : shape === 'set'
        ? fc.record({ quantity: anyQuantity }).map((b) => JSON.stringify(b))
        : fc.constant(undefined);
  return fc.oneof(
    { weight: shape === 'none' ? 6 : 12, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc
        .tuple(catalogSku, fc.constantFrom('1.0', '1e1', '-0', '01', '1e999', '0x10', '99.0000000000001', '" 1"'))
        .map(([sku, raw]) => (shape === 'set' ? `{"quantity":${raw}}` : `{"sku":"${sku}","quantity":${raw}}`)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(catalogSku, fc.constantFrom('unitPrice', 'price', '__proto__', 'constructor', 'lineTotal', 'owner'))
        .map(([sku, extra]) => `{"sku":"${sku}","quantity":1,"${extra}":{"x":0}}`),
    },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '{"sku":', '\u0000', '[[[[[[[[[[[[]]]]]]]]]]]]'),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 16 * 1024 - 40, max: 16 * 1024 + 40 }).map((size) => {
        const head = '{"sku":"H-01","quantity":1,"pad":"';
        return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
      }),
    },
    { weight: 1, arbitrary: fc.constant('['.repeat(8_000) + ']'.repeat(8_000)) },
  );
}

const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'x'.repeat(64),
      'x'.repeat(65),
      'a b',
      '__proto__',
      'constructor',
      'idem.#k',
      'a.b[0]',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
);
const ifMatch = fc.oneof(
  fc.nat({ max: 400 }).map((n) => `"${n}"`),
  fc.constantFrom('*', 'W/"1"', '"-1"', '"99999999999999"', '""', '"1", "2"', 'version 3'),
  fc.string({ maxLength: 20 }),
);
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
// Mostly allowed origins: a refused origin stops a request before anything else is looked at.
const origin = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('http://localhost:5173', 'http://127.0.0.1:8080') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'https://evil.example',
      'null',
      'http://localhost.evil.example',
      'http://localhost:5173.evil.example',
    ),
  },
);

/** Bad credentials an attacker can send in either header. */
const badCredential = fc.oneof(
  fc.constantFrom(
    'Bearer ',
    'Bearer garbage',
    'Basic dXNlcjpwYXNz',
    `Bearer ${'a'.repeat(5000)}`,
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'bearer\t\tx.y.z',
  ),
  fc.string({ maxLength: 100 }).map((s) => `Bearer ${s}`),
);
const badCartToken = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    `${'A'.repeat(22)}.0.${'B'.repeat(43)}`,
    `${'A'.repeat(22)}.zzzzzzzzzz.${'B'.repeat(43)}`,
  ),
  fc.string({ maxLength: 120 }),
);

type Credentials = { readonly owner?: Owner; readonly headers: Record<string, string> };
function credentials(): fc.Arbitrary<Credentials> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .nat({ max: 100 })
        .map((i) => owners[i % owners.length] as Owner)
        .map((owner) => ({ owner, headers: { ...owner.headers } })),
    },
    { weight: 1, arbitrary: fc.constant({ headers: {} }) },
    { weight: 1, arbitrary: badCredential.map((value) => ({ headers: { authorization: value } })) },
    { weight: 1, arbitrary: badCartToken.map((value) => ({ headers: { 'x-cart-token': value } })) },
  );
}

const extraHeaders = fc.record(
  {
    'content-type': contentType,
    'idempotency-key': idempotencyKey,
    'if-match': ifMatch,
    origin,
    'x-request-id': fc.string({ maxLength: 40 }),
  },
  { requiredKeys: [] },
);

interface Case {
  readonly route: string;
  readonly request: LambdaRequest;
  readonly owner: Owner | undefined;
  readonly echoed: string[];
}

const ROUTES = [
  'GET /config',
  'GET /products',
  'GET /products/{sku}',
  'POST /cart/anonymous',
  'GET /cart',
  'DELETE /cart',
  'POST /cart/items',
  'PUT /cart/items/{sku}',
  'DELETE /cart/items/{sku}',
  'POST /cart/merge',
  'POST /cart/checkout',
  'GET /orders/{orderId}',
  'GET /me',
  'DELETE /me (bad credentials only)',
  'any method, any path',
] as const;

const anyCase: fc.Arbitrary<Case> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    credentials: credentials(),
    headers: extraHeaders,
    sku: anySku,
    addBody: bodyFor('add'),
    setBody: bodyFor('set'),
    noBody: bodyFor('none'),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'get', 'TRACE'),
    path: fc.oneof(
      fc.string({ maxLength: 60 }).map((s) => `/${s}`),
      fc.constantFrom(
        '/cart/',
        '/cart/items',
        '/cart/items/',
        '/cart//items',
        '/CART',
        '/products/',
        '/orders/',
        '/../cart',
        '/cart%2Fitems',
        '/me/',
      ),
    ),
    orderId: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('0000000000-AAAAAAAAAAAAAAAA', 'key-AAAAAAAAAAAAAAAAAAAAAA', '%2e%2e'),
    ),
    query: fc.record(
      {
        limit: fc.oneof(fc.nat({ max: 150 }).map(String), fc.string({ maxLength: 6 })),
        cursor: fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 40 })),
      },
      { requiredKeys: [] },
    ),
    sourceIp: fc.ipV4(),
    base64: fc.boolean(),
    mergeWith: fc.nat({ max: 2 }),
  })
  .map((g) => {
    const headers: Record<string, string> = { ...g.headers, ...g.credentials.headers };
    const skuPath = encodeURIComponent(g.sku);
    let request: LambdaRequest;
    switch (g.route) {
      case 'GET /config':
      case 'GET /cart':
      case 'DELETE /cart':
      case 'POST /cart/anonymous':
      case 'POST /cart/checkout': {
        const [method, path] = g.route.split(' ') as [string, string];
        request = { method, path, headers, body: g.noBody };
        break;
      }
      case 'GET /products':
        request = { method: 'GET', path: '/products', headers, query: g.query };
        break;
      case 'GET /products/{sku}':
        request = { method: 'GET', path: `/products/${skuPath}`, headers };
        break;
      case 'POST /cart/items':
        request = { method: 'POST', path: '/cart/items', headers, body: g.addBody };
        break;
      case 'PUT /cart/items/{sku}':
        request = { method: 'PUT', path: `/cart/items/${skuPath}`, headers, body: g.setBody };
        break;
      case 'DELETE /cart/items/{sku}':
        request = { method: 'DELETE', path: `/cart/items/${skuPath}`, headers, body: g.noBody };
        break;
      case 'POST /cart/merge':
        request = {
          method: 'POST',
          path: '/cart/merge',
          headers: { ...headers, authorization: `Bearer ${userToken}`, 'x-cart-token': anonTokens[g.mergeWith] ?? '' },
        };
        break;
      case 'GET /orders/{orderId}':
        request = { method: 'GET', path: `/orders/${encodeURIComponent(g.orderId)}`, headers };
        break;
      case 'GET /me':
        request = { method: 'GET', path: '/me', headers };
        break;
      case 'DELETE /me (bad credentials only)': {
        const { authorization: _a, 'x-cart-token': _x, ...rest } = headers;
        request = { method: 'DELETE', path: '/me', headers: { ...rest, authorization: 'Bearer not.a.token' } };
        break;
      }
      default:
        request = { method: g.method, path: g.path, headers, body: g.addBody };
    }
    if (g.base64 && request.body !== undefined) {
      request = { ...request, body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true };
    }
    request = { ...request, sourceIp: g.sourceIp };
    const owner = g.route === 'POST /cart/merge' ? owners.at(-1) : g.credentials.owner;
    return { route: g.route, request, owner, echoed: [g.sku, g.path, g.orderId, g.headers.origin ?? ''] };
  });

// ---- properties ---------------------------------------------------------------

/**
 * fc.assert without the megabyte counterexamples (bodies up to 16 KiB): on
 * failure, the seed, the replay path and a clipped counterexample.
 */
async function checkProperty<T>(property: fc.IAsyncProperty<T>, parameters: fc.Parameters<T>): Promise<void> {
  const details = await fc.check(property, parameters);
  if (!details.failed) return;
  const clip = (text: string) => (text.length > 1500 ? `${text.slice(0, 1500)}… (${text.length} chars)` : text);
  throw new Error(
    `Property failed: seed ${details.seed}, path "${details.counterexamplePath}" (replay with { seed, path }).\n` +
      `Error: ${clip(String(details.errorInstance))}\nCounterexample: ${clip(JSON.stringify(details.counterexample))}`,
  );
}

async function expectStoredCartValid(owner: Owner): Promise<void> {
  const defects = await storedCartDefects(owner.key);
  if (defects.length > 0) throw new Error(`stored cart of ${owner.label} invalid: ${defects.join('; ')}`);
}

async function expectTotalsValid(owner: Owner): Promise<void> {
  const response = await invoke({ method: 'GET', path: '/cart', headers: owner.headers });
  if (response.status !== 200) throw new Error(`GET /cart of ${owner.label} answered ${response.status}`);
  const defects = cartTotalDefects(response.json as Cart);
  if (defects.length > 0) throw new Error(`cart of ${owner.label}: ${defects.join('; ')}`);
}

describe('fuzzing every route in-process', () => {
  it(
    'never answers 5xx, never leaks internals, always a problem document on errors, whatever the request',
    async () => {
      await checkProperty(
        fc.asyncProperty(anyCase, async (c) => {
          const response = await send(c.request, c.echoed);
          // A stored cart only changes on a 2xx: read the row straight from DynamoDB Local then.
          const mutating = c.request.method !== 'GET' && c.route !== 'any method, any path';
          if (c.owner && mutating && response.status < 300) await expectStoredCartValid(c.owner);
        }),
        { seed: SEED, numRuns: RUNS.anyRequest, endOnFailure: true },
      );
      for (const owner of owners) await expectTotalsValid(owner);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'keeps every stored cart within 1..99 per line and 50 lines, and totals exact, under valid-looking mutations',
    async () => {
      // Mostly well-formed adds, sets and removes over 61 SKUs on four carts, with clears rare
      // enough that carts fill up and CART_FULL / QUANTITY_LIMIT answers are exercised.
      const mutation = fc.record({
        // Mostly one cart, so it fills up to the 50-line limit within the run.
        owner: fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3),
        kind: fc.constantFrom('add', 'add', 'add', 'add', 'set', 'set', 'remove', 'merge', 'clear-rarely'),
        sku: fc.oneof({ weight: 10, arbitrary: catalogSku }, { weight: 1, arbitrary: oddSku }),
        quantity: fc.oneof(
          { weight: 10, arbitrary: fc.integer({ min: 1, max: 99 }) },
          { weight: 1, arbitrary: fc.integer({ min: -1, max: 120 }) },
        ),
        key: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
        clear: fc.nat({ max: 40 }),
      });
      const seen = { cartFull: 0, quantityLimit: 0 };
      // Carts of its own: what the any-request property did to the shared ones stays out of this one.
      const mine = await newOwners('limits-');
      await checkProperty(
        fc.asyncProperty(mutation, async (m) => {
          const owner = mine.owners[m.owner] as Owner;
          const headers: Record<string, string> = { ...owner.headers, 'content-type': 'application/json' };
          if (m.key) headers['idempotency-key'] = m.key;
          const sku = encodeURIComponent(m.sku);
          let request: LambdaRequest;
          if (m.kind === 'add')
            request = {
              method: 'POST',
              path: '/cart/items',
              headers,
              body: JSON.stringify({ sku: m.sku, quantity: m.quantity }),
            };
          else if (m.kind === 'set')
            request = {
              method: 'PUT',
              path: `/cart/items/${sku}`,
              headers,
              body: JSON.stringify({ quantity: m.quantity }),
            };
          else if (m.kind === 'remove') request = { method: 'DELETE', path: `/cart/items/${sku}`, headers };
          else if (m.kind === 'merge')
            request = {
              method: 'POST',
              path: '/cart/merge',
              headers: {
                authorization: `Bearer ${mine.userToken}`,
                'x-cart-token': mine.anonTokens[m.owner % 3] ?? '',
              },
            };
          else if (m.clear === 0) request = { method: 'DELETE', path: '/cart', headers };
          else request = { method: 'GET', path: '/cart', headers };
          const response = await send(request, [m.sku]);
          const code = (response.json as { code?: string } | undefined)?.code;
          if (code === 'CART_FULL') seen.cartFull++;
          if (code === 'QUANTITY_LIMIT') seen.quantityLimit++;
          await expectStoredCartValid(m.kind === 'merge' ? (mine.owners[3] as Owner) : owner);
          if (response.status === 200 && response.json) {
            const defects = cartTotalDefects(response.json as Cart);
            if (defects.length > 0) throw new Error(defects.join('; '));
          }
        }),
        { seed: SEED + 1, numRuns: RUNS.cartMutations, endOnFailure: true },
      );
      for (const owner of mine.owners) await expectTotalsValid(owner);
      console.log(
        `[hardening] cart-limit fuzz reached CART_FULL ${seen.cartFull}×, QUANTITY_LIMIT ${seen.quantityLimit}×`,
      );
      if (SCALE >= 1) {
        expect(seen.cartFull).toBeGreaterThan(0);
        expect(seen.quantityLimit).toBeGreaterThan(0);
      }
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'never lets a malformed or forged credential reach a cart: 401, and the carts do not move',
    async () => {
      // Prepare
      const versions = async () =>
        Promise.all(
          owners.map(
            async (o) => ((await invoke({ method: 'GET', path: '/cart', headers: o.headers })).json as Cart).version,
          ),
        );
      const before = await versions();
      const attack = fc.record({
        header: fc.constantFrom('authorization', 'x-cart-token'),
        value: fc.oneof(
          badCredential,
          badCartToken,
          // a real token with one character changed
          fc
            .tuple(fc.constantFrom(...anonTokens, userToken), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
            .map(([token, at, ch]) => {
              // Never the last character: its spare base64url bits could leave the signature intact.
              const i = at % (token.length - 1);
              const changed =
                token.slice(0, i) + (token[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + token.slice(i + 1);
              return token === userToken ? `Bearer ${changed}` : changed;
            }),
        ),
        route: fc.constantFrom<[string, string, string | undefined]>(
          ['POST', '/cart/items', '{"sku":"H-01","quantity":1}'],
          ['DELETE', '/cart', undefined],
          ['PUT', '/cart/items/H-02', '{"quantity":3}'],
          ['DELETE', '/cart/items/H-01', undefined],
        ),
      });
      // Act + Assess
      await checkProperty(
        fc.asyncProperty(attack, async ({ header, value, route }) => {
          const [method, path, body] = route;
          const response = await send(
            { method, path, body, headers: { [header]: value, 'content-type': 'application/json' } },
            [value],
          );
          if (response.status !== 401) throw new Error(`answered ${response.status}`);
        }),
        { seed: SEED + 2, numRuns: RUNS.identities, endOnFailure: true },
      );
      expect(await versions()).toEqual(before);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('returns hostile product names byte for byte as JSON strings, never as markup (nosniff, JSON content type)', async () => {
    // Prepare
    const owner = owners[1] as Owner;
    await invoke({ method: 'DELETE', path: '/cart', headers: owner.headers });
    for (const sku of FUZZ_SKUS.slice(0, 10)) {
      await invoke({
        method: 'POST',
        path: '/cart/items',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ sku, quantity: 1 }),
      });
    }
    // Act
    const cart = await invoke({ method: 'GET', path: '/cart', headers: owner.headers });
    const page = await invoke({ method: 'GET', path: '/products', query: { limit: '100' } });
    // Assess
    for (const response of [cart, page]) {
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    const names = (cart.json as Cart).items.map((line) => line.name);
    expect(names).toEqual(expect.arrayContaining([...HOSTILE_NAMES]));
    const listed = (page.json as { items: { name: string }[] }).items.map((product) => product.name);
    expect(listed).toEqual(expect.arrayContaining([...HOSTILE_NAMES]));
  });
});
