// Section 6: what each operation costs on AWS, measured through the real API on
// the local stack with its cost meter on (packages/backend/src/runtime/meter.ts):
// DynamoDB read and write units as DynamoDB Local reports them
// (`ReturnConsumedCapacity: TOTAL` on every call the handlers make), Lambda
// invocations, SQS requests, @connections messages and emails, summed per
// operation from the moment it is sent until every function it set off is done;
// then dollars per million at the list prices of docs/deploy.md.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import type { MeterSnapshot } from '../../packages/backend/src/runtime/meter.ts';
import { httpClient } from '../lib/http-client.mjs';
import { type RemoteStack, startRemoteStack } from '../stack/remote-stack.mjs';

/** us-east-1 list prices, as docs/deploy.md states them (USD). */
export const PRICES = {
  cloudFrontRequest: 0.01 / 10_000,
  httpApiRequest: 1 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  writeUnit: 0.625 / 1e6,
  readUnit: 0.125 / 1e6,
  sqsRequest: 0.4 / 1e6,
  websocketMessage: 1 / 1e6,
  logsPerInvocation: (0.5 / 1024 ** 3) * 1024, // ~1 KB of logs per invocation at $0.50 per GB
  email: 0.1 / 1000,
} as const;
/** Billed duration per invocation: assumptions (the local stack's timings say nothing about Lambda's). */
const ASSUMED_MS: Record<string, number> = { 'cart-api': 50, 'stream-processor': 100, 'stripe-webhook': 50 };
const WORKER_MS = 200;
const MEMORY_GB = 0.5;
/** Functions on a timer: their cost is per hour, not per operation (left out of the rows). */
const SCHEDULED = new Set(['payment-sweeper']);

/** What one operation set off, per function and in total. */
export interface Usage {
  readonly invocations: Record<string, number>;
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly dynamoCalls: number;
  /** Catalog scans (the cart API's cached catalog refreshing): per container and TTL, not per operation; left out of the units. */
  readonly catalogScans: number;
  /** Refused conditional writes (DynamoDB still bills them; Local reports no units for them). */
  readonly refusedWrites: number;
  readonly sqsRequests: number;
  readonly websocketMessages: number;
  readonly emails: number;
  /** Write and read units per function. */
  readonly byFunction: Record<string, { writeUnits: number; readUnits: number; calls: number }>;
  /** The same per `function|command` (results.json only). */
  readonly byCommand: Record<string, { writeUnits: number; readUnits: number; calls: number }>;
}

export interface CostRow {
  readonly operation: string;
  readonly lines: number;
  readonly sockets: number;
  readonly samples: number;
  /** Averages per operation. */
  readonly usage: Usage;
  /** The cart item's size after the operation (DynamoDB's item-size rules), bytes. */
  readonly itemBytes: number;
  readonly httpRequests: number;
  readonly dollarsPerMillion: number;
}

export interface CostResult {
  readonly rows: CostRow[];
  readonly keyedRequestsBeforeMeasuring: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** DynamoDB's item size: attribute names plus values (numbers ~1 byte per 2 digits + 1; maps/lists 3 + 1 per element). */
export function itemSize(item: Record<string, AttributeValue>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name) + valueSize(value);
  return total;
}
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) {
    const digits = value.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.B !== undefined) return value.B.length;
  if (value.M !== undefined)
    return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + valueSize(v) + 1, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + valueSize(v) + 1, 0);
  if (value.SS !== undefined) return value.SS.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, v) => sum + v.length, 0);
  return 0;
}

function diff(before: MeterSnapshot, after: MeterSnapshot): Usage {
  const invocations: Record<string, number> = {};
  for (const [fn, n] of Object.entries(after.invocations)) {
    const delta = n - (before.invocations[fn] ?? 0);
    if (delta > 0 && !SCHEDULED.has(fn)) invocations[fn] = delta;
  }
  const usage = {
    invocations,
    writeUnits: 0,
    readUnits: 0,
    dynamoCalls: 0,
    catalogScans: 0,
    refusedWrites: 0,
    sqsRequests: 0,
    websocketMessages: 0,
    emails: 0,
    byFunction: {} as Record<string, { writeUnits: number; readUnits: number; calls: number }>,
    byCommand: {} as Record<string, { writeUnits: number; readUnits: number; calls: number }>,
  };
  for (const [key, entry] of Object.entries(after.calls)) {
    const old = before.calls[key] ?? { calls: 0, readUnits: 0, writeUnits: 0, zeroReads: 0, transactionUnits: 0 };
    const calls = entry.calls - old.calls;
    // Two corrections from DynamoDB Local's report to AWS's bill: Local reports 4 units per table of a
    // TransactWriteItems whatever its items (AWS: 2 per started KB of each item: the meter counts them
    // from the request), and 0 for a read that finds nothing (AWS: 0.5 at least).
    const writeUnits = key.endsWith('|TransactWriteItems')
      ? entry.transactionUnits - old.transactionUnits
      : entry.writeUnits - old.writeUnits;
    const readUnits = entry.readUnits - old.readUnits + 0.5 * (entry.zeroReads - old.zeroReads);
    if (calls === 0) continue;
    const [fn = '', service, command = ''] = key.split('|');
    if (SCHEDULED.has(fn)) continue;
    if (service === 'dynamodb') {
      if (command === 'Scan') {
        usage.catalogScans += calls;
        continue;
      }
      if (command.endsWith('!failed')) {
        usage.refusedWrites += calls;
        continue;
      }
      usage.dynamoCalls += calls;
      usage.writeUnits += writeUnits;
      usage.readUnits += readUnits;
      usage.byFunction[fn] ??= { writeUnits: 0, readUnits: 0, calls: 0 };
      usage.byCommand[`${fn}|${command}`] ??= { writeUnits: 0, readUnits: 0, calls: 0 };
      for (const f of [usage.byFunction[fn], usage.byCommand[`${fn}|${command}`]]) {
        if (!f) continue;
        f.writeUnits += writeUnits;
        f.readUnits += readUnits;
        f.calls += calls;
      }
    } else if (service === 'sqs') {
      if (command.endsWith('!failed')) continue;
      // A message an event source delivers costs a receive and a delete (one message per batch at low traffic).
      usage.sqsRequests += command === 'event source (messages)' ? 2 * calls : calls;
    } else if (service === 'apigateway' && command === 'PostToConnection') usage.websocketMessages += calls;
    else if (service === 'ses' && command === 'SendEmail') usage.emails += calls;
  }
  return usage;
}

function scale(usage: Usage, by: number): Usage {
  const s = (n: number) => n / by;
  return {
    invocations: Object.fromEntries(Object.entries(usage.invocations).map(([k, v]) => [k, s(v)])),
    writeUnits: s(usage.writeUnits),
    readUnits: s(usage.readUnits),
    dynamoCalls: s(usage.dynamoCalls),
    catalogScans: s(usage.catalogScans),
    refusedWrites: s(usage.refusedWrites),
    sqsRequests: s(usage.sqsRequests),
    websocketMessages: s(usage.websocketMessages),
    emails: s(usage.emails),
    byFunction: scaleUnits(usage.byFunction, by),
    byCommand: scaleUnits(usage.byCommand, by),
  };
}

type Units = Record<string, { writeUnits: number; readUnits: number; calls: number }>;
function scaleUnits(map: Units, by: number): Units {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [
      k,
      { writeUnits: v.writeUnits / by, readUnits: v.readUnits / by, calls: v.calls / by },
    ]),
  );
}
function sumUnits(a: Units, b: Units): Units {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k] ?? { writeUnits: 0, readUnits: 0, calls: 0 };
    out[k] = {
      writeUnits: old.writeUnits + v.writeUnits,
      readUnits: old.readUnits + v.readUnits,
      calls: old.calls + v.calls,
    };
  }
  return out;
}

function sum(a: Usage, b: Usage): Usage {
  const merge = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    invocations: merge(a.invocations, b.invocations),
    writeUnits: a.writeUnits + b.writeUnits,
    readUnits: a.readUnits + b.readUnits,
    dynamoCalls: a.dynamoCalls + b.dynamoCalls,
    catalogScans: a.catalogScans + b.catalogScans,
    refusedWrites: a.refusedWrites + b.refusedWrites,
    sqsRequests: a.sqsRequests + b.sqsRequests,
    websocketMessages: a.websocketMessages + b.websocketMessages,
    emails: a.emails + b.emails,
    byFunction: sumUnits(a.byFunction, b.byFunction),
    byCommand: sumUnits(a.byCommand, b.byCommand),
  };
}

/**
 * Dollars per million of an operation: each HTTP request through CloudFront and the HTTP API, every
 * invocation (request, assumed duration, ~1 KB of logs), units, SQS requests, messages, emails.
 * A refused conditional write is billed as 1 write unit (the items it refuses here are under 1 KB).
 */
export function dollarsPerMillion(usage: Usage, httpRequests: number): number {
  let dollars = httpRequests * (PRICES.cloudFrontRequest + PRICES.httpApiRequest);
  for (const [fn, n] of Object.entries(usage.invocations)) {
    const seconds = (ASSUMED_MS[fn] ?? WORKER_MS) / 1000;
    dollars += n * (PRICES.lambdaRequest + seconds * MEMORY_GB * PRICES.lambdaGbSecond + PRICES.logsPerInvocation);
  }
  dollars += (usage.writeUnits + usage.refusedWrites) * PRICES.writeUnit + usage.readUnits * PRICES.readUnit;
  dollars += usage.sqsRequests * PRICES.sqsRequest + usage.websocketMessages * PRICES.websocketMessage;
  dollars += usage.emails * PRICES.email;
  return Math.round(dollars * 1e6 * 100) / 100;
}

/** A catalog with enough products for a 50-line cart: the demo catalog plus bench products, all in stock. */
function benchCatalog(): { path: string; skus: string[] } {
  const demo = JSON.parse(
    readFileSync(new URL('../../packages/backend/data/catalog.json', import.meta.url), 'utf8'),
  ) as {
    sku: string;
    stock: number;
  }[];
  const extra = Array.from({ length: 40 }, (_, i) => ({
    sku: `BENCH-ITEM-${String(i + 1).padStart(2, '0')}`,
    name: `Bench item ${i + 1}`,
    description: 'A product the cost bench needs for carts of 50 lines.',
    unitPrice: 1000 + i,
    currency: 'USD',
    image: '/assets/products/STICKERS.svg',
    stock: 1_000_000,
  }));
  const products = [...demo.map((p) => ({ ...p, stock: Math.max(p.stock, 0) === 0 ? 0 : 1_000_000 })), ...extra];
  const dir = mkdtempSync(join(tmpdir(), 'cartkit-bench-catalog-'));
  const path = join(dir, 'catalog.json');
  writeFileSync(path, JSON.stringify(products));
  return { path, skus: products.filter((p) => p.stock > 0).map((p) => p.sku) };
}

export async function costSection(options: { samples: number; log: (line: string) => void }): Promise<CostResult> {
  const { log } = options;
  const catalog = benchCatalog();
  log('cost: starting a metered local stack (CARTKIT_METER=1)');
  const stack = await startRemoteStack({ streams: true, meter: true, catalogPath: catalog.path });
  try {
    return await run(stack, catalog.skus, options.samples, log);
  } finally {
    await stack.stop();
  }
}

async function run(
  stack: RemoteStack,
  skus: readonly string[],
  samples: number,
  log: (line: string) => void,
): Promise<CostResult> {
  const http = httpClient(stack.apiUrl, 4);
  const ddb = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const cartsTable = stack.env.CARTS_TABLE ?? '';
  const ordersTable = stack.env.ORDERS_TABLE ?? '';
  const rows: CostRow[] = [];
  const KEYED_BEFORE = 40;

  async function settle(): Promise<MeterSnapshot> {
    for (;;) {
      const { snapshot, idleMs } = await stack.meter();
      if (snapshot.inFlight === 0 && idleMs >= 400) return snapshot;
      await sleep(50);
    }
  }
  /** Runs `act` between two settled meter readings: everything it set off, with nothing else going on. */
  async function metered(act: () => Promise<void>): Promise<Usage> {
    const before = await settle();
    await act();
    return diff(before, await settle());
  }
  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const res = await http.call(
      method,
      path,
      body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body === undefined ? undefined : JSON.stringify(body),
    );
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body || '{}') as Record<string, unknown>;
  }
  const keyed = (headers: Record<string, string>) => ({ ...headers, 'idempotency-key': randomUUID() });
  async function cartItemBytes(pk: string): Promise<number> {
    const { Item } = await ddb.send(
      new GetItemCommand({ TableName: cartsTable, Key: { pk: { S: pk } }, ConsistentRead: true }),
    );
    return Item ? itemSize(Item) : 0;
  }
  async function newAnonymousCart() {
    const issued = await call('POST', '/cart/anonymous', {});
    const cartToken = String(issued.cartToken);
    return { cartToken, pk: `anon#${cartToken.split('.')[0]}`, auth: { 'x-cart-token': cartToken } };
  }
  /** A new account's cart (empty), signed in with a bearer token. */
  async function newSignedInCart() {
    const accessToken = await signUp(stack);
    const sub = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()).sub as string;
    return { cartToken: '', pk: `user#${sub}`, auth: { authorization: `Bearer ${accessToken}` } };
  }
  /** A cart of `lines` lines that has seen `KEYED_BEFORE` keyed requests (full key memory), as the SDK sends them. */
  async function filledCart(lines: number, auth: Record<string, string>, offset = 0) {
    for (let i = 0; i < lines; i++)
      await call('POST', '/cart/items', keyed(auth), { sku: skus[offset + i], quantity: 1 });
    for (let i = lines; i < KEYED_BEFORE; i++) {
      const sku = skus[offset + (i % Math.max(1, lines))] ?? '';
      if (lines === 0) await call('DELETE', `/cart/items/${sku}`, keyed(auth));
      else await call('PUT', `/cart/items/${sku}`, keyed(auth), { quantity: (i % 3) + 1 });
    }
  }
  function row(
    operation: string,
    lines: number,
    sockets: number,
    total: Usage,
    n: number,
    itemBytes: number,
    httpPerOp: number,
  ): CostRow {
    const usage = scale(total, n);
    const r = {
      operation,
      lines,
      sockets,
      samples: n,
      usage,
      itemBytes,
      httpRequests: httpPerOp,
      dollarsPerMillion: dollarsPerMillion(usage, httpPerOp),
    };
    rows.push(r);
    return r;
  }
  async function openSockets(cartToken: string, count: number): Promise<WebSocket[]> {
    const sockets: WebSocket[] = [];
    for (let i = 0; i < count; i++) {
      const socket = new WebSocket(`${stack.wsUrl}?cartToken=${encodeURIComponent(cartToken)}`);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      sockets.push(socket);
    }
    await sleep(300); // $connect has stored the connection
    return sockets;
  }

  // Warm every handler once (imports, JIT, catalog cache), outside any measurement.
  {
    const warm = await newAnonymousCart();
    await call('POST', '/cart/items', keyed(warm.auth), { sku: skus[0], quantity: 1 });
    await call('GET', '/cart', warm.auth);
  }
  const issued = await metered(async () => {
    await newAnonymousCart();
  });
  row('new anonymous cart (token)', 0, 0, issued, 1, 0, 1);

  // Cart mutations and reads: a cart at `lines - 1` lines with full key memory; add a line (-> lines),
  // set its quantity, read the cart, remove the line again. Sockets: that many open on the cart.
  // `email`: the cart also carries an abandoned-cart reminder (a guest who reached the contact step),
  // so its bookkeeping is measured with it: within 1 KB (1 write unit) per mutation at 6 lines?
  // `signedIn`: a signed-in shopper's cart (bearer token), whose reminder is armed by the account, not a quote.
  const cases: { lines: number; sockets: number; email?: boolean; signedIn?: boolean }[] = [
    { lines: 1, sockets: 0 },
    { lines: 5, sockets: 0 },
    { lines: 20, sockets: 0 },
    { lines: 50, sockets: 0 },
    { lines: 5, sockets: 1 },
    { lines: 5, sockets: 3 },
    { lines: 6, sockets: 0, email: true },
    { lines: 6, sockets: 0, signedIn: true },
  ];
  for (const { lines, sockets, email, signedIn } of cases) {
    const cart = signedIn ? await newSignedInCart() : await newAnonymousCart();
    await filledCart(lines - 1, cart.auth);
    if (email) {
      const shippingAddress = {
        name: 'Ada Shopper',
        line1: '1 Market St',
        city: 'San Francisco',
        region: 'CA',
        postalCode: '94105',
        country: 'US',
      };
      await call('POST', '/checkout/quote', cart.auth, { email: 'ada.shopper.reminders@example.com', shippingAddress });
    }
    const open = cart.cartToken ? await openSockets(cart.cartToken, sockets) : [];
    const totals = { add: emptyUsage(), set: emptyUsage(), get: emptyUsage(), remove: emptyUsage() };
    const bytes = { add: 0, set: 0, get: 0, remove: 0 };
    for (let s = 0; s < samples; s++) {
      const sku = skus[skus.length - 1 - s] ?? '';
      totals.add = sum(
        totals.add,
        await metered(async () => void (await call('POST', '/cart/items', keyed(cart.auth), { sku, quantity: 1 }))),
      );
      bytes.add = await cartItemBytes(cart.pk);
      totals.set = sum(
        totals.set,
        await metered(async () => void (await call('PUT', `/cart/items/${sku}`, keyed(cart.auth), { quantity: 3 }))),
      );
      bytes.set = await cartItemBytes(cart.pk);
      totals.get = sum(totals.get, await metered(async () => void (await call('GET', '/cart', cart.auth))));
      bytes.get = bytes.set;
      totals.remove = sum(
        totals.remove,
        await metered(async () => void (await call('DELETE', `/cart/items/${sku}`, keyed(cart.auth)))),
      );
      bytes.remove = await cartItemBytes(cart.pk);
    }
    for (const socket of open) socket.close();
    const tag = email ? ' (with reminder email)' : signedIn ? ' (signed in)' : '';
    row(`add (new line)${tag}`, lines, sockets, totals.add, samples, bytes.add, 1);
    row(`set quantity${tag}`, lines, sockets, totals.set, samples, bytes.set, 1);
    row(`get cart${tag}`, lines, sockets, totals.get, samples, bytes.get, 1);
    row(`remove line${tag}`, lines, sockets - 0, totals.remove, samples, bytes.remove, 1);
    log(`cost: ${lines} lines, ${sockets} sockets measured`);
  }

  // A signed-in shopper's first line, into an empty account cart (in a shop with abandoned-cart
  // reminders, the write that starts an abandonment is where the account's reminder is armed).
  {
    let total = emptyUsage();
    let bytes = 0;
    for (let s = 0; s < samples; s++) {
      const cart = await newSignedInCart();
      total = sum(
        total,
        await metered(
          async () => void (await call('POST', '/cart/items', keyed(cart.auth), { sku: skus[0], quantity: 1 })),
        ),
      );
      bytes = await cartItemBytes(cart.pk);
    }
    row('first add (signed in, empty cart)', 1, 0, total, samples, bytes, 1);
  }

  // Merge at sign-in: an anonymous cart of `lines` lines into an empty user cart.
  for (const lines of [1, 5, 20, 50]) {
    const user = await signUp(stack);
    const cart = await newAnonymousCart();
    await filledCart(lines, cart.auth);
    const auth = { authorization: `Bearer ${user}`, 'x-cart-token': cart.cartToken };
    const usage = await metered(async () => void (await call('POST', '/cart/merge', keyed(auth))));
    const me = (await call('GET', '/cart', { authorization: `Bearer ${user}` })) as { items: unknown[] };
    if (me.items.length !== lines) throw new Error(`merge: ${me.items.length} lines, expected ${lines}`);
    row('merge at sign-in', lines, 0, usage, 1, 0, 1);
  }

  // Checkout through to PAID, as a guest with the Stripe stand-in: quote, place (202 PENDING),
  // AWAITING_PAYMENT, pay on the hosted page, PAID (receipt sent, lines out of the cart).
  for (const lines of [1, 5, 20]) {
    const cart = await newAnonymousCart();
    await filledCart(lines, cart.auth);
    let orderId = '';
    // The SDK holds the cart's version already (If-Match): read outside the measurement.
    const current = (await call('GET', '/cart', cart.auth)) as { version: number };
    const usage = await metered(async () => {
      const address = {
        name: 'Ada Shopper',
        line1: '1 Market St',
        city: 'San Francisco',
        region: 'CA',
        postalCode: '94105',
        country: 'US',
      };
      const quote = (await call('POST', '/checkout/quote', cart.auth, { shippingAddress: address })) as {
        total: number;
        shippingOptionId?: string;
      };
      const placed = await call(
        'POST',
        '/cart/checkout',
        { ...keyed(cart.auth), 'if-match': `"${current.version}"` },
        {
          email: 'bench@example.com',
          shippingAddress: address,
          shippingOptionId: quote.shippingOptionId ?? 'us-standard',
          expectedTotal: quote.total,
        },
      );
      orderId = String(placed.orderId);
      const awaiting = await storedOrderIn(ddb, ordersTable, orderId, 'AWAITING_PAYMENT');
      const url = (awaiting.payment as { url: string }).url;
      const paid = await fetch(`${url}/pay`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      if (paid.status !== 303) throw new Error(`hosted page pay answered ${paid.status}`);
      await storedOrderIn(ddb, ordersTable, orderId, 'PAID');
    });
    // 3 requests to the API: quote, checkout, the Stripe webhook (the hosted page is Stripe's).
    row('checkout -> PAID (guest, Stripe)', lines, 0, usage, 1, 0, 3);
    log(`cost: checkout of ${lines} lines measured (order ${orderId.slice(0, 8)}...)`);
  }
  http.close();
  ddb.destroy();
  return { rows, keyedRequestsBeforeMeasuring: KEYED_BEFORE };
}

function emptyUsage(): Usage {
  return {
    invocations: {},
    writeUnits: 0,
    readUnits: 0,
    dynamoCalls: 0,
    catalogScans: 0,
    refusedWrites: 0,
    sqsRequests: 0,
    websocketMessages: 0,
    emails: 0,
    byFunction: {},
    byCommand: {},
  };
}

async function storedOrderIn(
  ddb: DynamoDBClient,
  table: string,
  orderId: string,
  status: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { Item } = await DynamoDBDocumentClient.from(ddb).send(
      new GetCommand({ TableName: table, Key: { orderId }, ConsistentRead: true }),
    );
    const order = Item ?? {};
    if (order.status === status) return order;
    if (order.status === 'FAILED') throw new Error(`order ${orderId} FAILED: ${String(order.reason)}`);
    if (Date.now() > deadline) throw new Error(`order ${orderId} not ${status} in 20 s (is ${String(order.status)})`);
    await sleep(50);
  }
}

/** A confirmed cognito-local user signed in with the password flow; returns the access token. */
async function signUp(stack: RemoteStack): Promise<string> {
  const endpoint = stack.env.COGNITO_ENDPOINT ?? '';
  const clientId = stack.env.USER_POOL_CLIENT_ID ?? '';
  const target = async (action: string, body: unknown) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`cognito ${action}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const email = `bench-${randomUUID()}@example.com`;
  const password = 'Correct-horse-9';
  await target('SignUp', {
    ClientId: clientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  await target('AdminConfirmSignUp', { UserPoolId: stack.env.USER_POOL_ID, Username: email });
  const auth = await target('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  return String((auth.AuthenticationResult as { AccessToken: string }).AccessToken);
}
