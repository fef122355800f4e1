import type { Cart, CartLine, Product } from '@cartkit/contract';
import { delay, HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { cartLine, cartTotals } from '../../../contract/test/support/fake-cart.mjs';

/** A tiny in-memory cart API speaking the wire contract, served by msw. */
export interface MockApi {
  readonly apiUrl: string;
  cart: Cart;
  /** Delay every cart response by this many ms. */
  latency: number;
  /** The next mutation fails with this problem instead. */
  failNext: { status: number; code: string; detail: string; sku?: string } | undefined;
  /** `GET /cart` fails with 500 while set. */
  failLoad: boolean;
  /** Mutations fail as a refused connection (a network error) while set: the API is down. */
  unreachable: boolean;
  /** Mutation requests seen, e.g. `POST /cart/items`. */
  readonly calls: string[];
  /** Lines `seedCart` adds through the SDK (a fresh device has no cart token, so nothing to load). */
  readonly seed: readonly CartLine[];
  /** Carts `GET /cart` answers by the request's `x-cart-token` (a restored or a device's own cart); else `cart`. */
  readonly tokenCarts: Record<string, Cart>;
  /**
   * The abandoned cart a reminder email links to: `POST /cart/restore` with `cart` and `restoreToken`
   * adds its `lines` into the caller's cart (`x-cart-token`, in `tokenCarts`; quantities add, once per
   * token) and answers that cart; `POST /cart/reminders/unsubscribe` with `unsubscribeToken` answers 204.
   * Another cart id answers 404, another token 403, no `x-cart-token` on a restore 401.
   */
  reminder: { cart: string; restoreToken: string; unsubscribeToken: string; lines: Cart } | undefined;
}

function problem(status: number, code: string, detail: string): Response {
  return HttpResponse.json(
    { type: 'about:blank', title: code, status, code, detail },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/** `POST /cart/restore` and `POST /cart/reminders/unsubscribe` as the API judges a link. */
async function reminderLink(request: Request, kind: 'restore' | 'unsubscribe'): Promise<Response | undefined> {
  const api = find(request);
  if (!api) return undefined;
  const body = (await request.json()) as { cart: string; token: string };
  api.calls.push(`POST /cart/${kind === 'restore' ? 'restore' : 'reminders/unsubscribe'} ${body.cart} ${body.token}`);
  const link = api.reminder;
  if (!body.cart) return problem(400, 'VALIDATION_FAILED', 'The link does not name a cart.');
  if (!link || body.cart !== link.cart) return problem(404, 'NOT_FOUND', 'That cart no longer exists.');
  if (body.token !== (kind === 'restore' ? link.restoreToken : link.unsubscribeToken)) {
    return problem(403, 'FORBIDDEN', 'This link is not valid for that cart.');
  }
  if (kind === 'unsubscribe') return new HttpResponse(null, { status: 204 });
  const caller = request.headers.get('x-cart-token');
  if (!caller) return problem(401, 'UNAUTHORIZED', 'A cart token is required.');
  const own = api.tokenCarts[caller] ?? makeCart({}, link.lines.currency, 0);
  const once = `${api.apiUrl} ${caller} ${link.cart}`;
  if (restoredInto.has(once)) return HttpResponse.json(own);
  restoredInto.add(once);
  const quantities: Record<string, number> = {};
  for (const item of [...own.items, ...link.lines.items])
    quantities[item.sku] = (quantities[item.sku] ?? 0) + item.quantity;
  const copied = makeCart(quantities, own.currency, own.version + 1);
  api.tokenCarts[caller] = copied;
  return HttpResponse.json(copied, { headers: { ETag: `"${copied.version}"` } });
}

/** The (token, reminder cart) pairs a restore already added: the link adds once. */
const restoredInto = new Set<string>();

export const catalog: Record<string, Product> = {
  MUG: { sku: 'MUG', name: 'Coffee mug', description: '', unitPrice: 1250, currency: 'EUR', image: '', stock: 10 },
  TEE: { sku: 'TEE', name: 'T-shirt', description: '', unitPrice: 1999, currency: 'EUR', image: '', stock: 10 },
  // A variant (issue 16): sold under its own SKU, its line carries the chosen options.
  'TEE-M-RED': {
    sku: 'TEE-M-RED',
    name: 'T-shirt',
    description: '',
    unitPrice: 2199,
    currency: 'EUR',
    image: '',
    stock: 4,
    productSku: 'TEE',
    optionValues: { size: 'M', colour: 'red' },
  },
  RTL: {
    sku: 'RTL',
    // A right-to-left override that would flip the price next to it if it leaked out of the name.
    name: '\u202Eשלום mug',
    description: '',
    unitPrice: 700,
    currency: 'EUR',
    image: '',
    stock: 10,
  },
  LONG: {
    sku: 'LONG',
    name: `Very${'long'.repeat(120)}name`,
    description: '',
    unitPrice: 800,
    currency: 'EUR',
    image: '',
    stock: 10,
  },
  // Two left: the stepper stops there, and three of it is a line beyond stock.
  LAST: { sku: 'LAST', name: 'Last lamp', description: '', unitPrice: 3000, currency: 'EUR', image: '', stock: 2 },
  XSS: {
    sku: 'XSS',
    name: '<img src=x onerror="window.__pwned=1"><b>Bold</b>',
    description: '',
    unitPrice: 500,
    currency: 'EUR',
    image: '',
    stock: 10,
  },
};

let counter = 0;
const apis = new Map<string, MockApi>();

/** A line as the API prices it, with the product's stock (issue 14). */
function line(sku: string, quantity: number): CartLine {
  const product = catalog[sku]!;
  return {
    ...cartLine(product, quantity),
    stock: product.stock,
    ...(product.optionValues ? { options: { ...product.optionValues } } : {}),
  };
}

/** A cart in `currency` with `lines` (sku → quantity). */
export function makeCart(lines: Record<string, number> = {}, currency = 'EUR', version = 1): Cart {
  const items = Object.entries(lines).map(([sku, q]) => line(sku, q));
  return {
    owner: 'anonymous',
    version,
    currency,
    items,
    ...cartTotals(items),
    updatedAt: null,
    expiresAt: null,
  };
}

function write(api: MockApi, items: CartLine[]): Cart {
  api.cart = {
    ...api.cart,
    version: api.cart.version + 1,
    items,
    ...cartTotals(items),
    updatedAt: new Date().toISOString(),
  };
  return api.cart;
}

function find(request: Request): MockApi | undefined {
  const url = new URL(request.url);
  for (const api of apis.values()) if (url.href.startsWith(api.apiUrl)) return api;
  return undefined;
}

async function reply(api: MockApi, mutate?: () => Cart): Promise<Response> {
  if (api.latency) await delay(api.latency);
  if (!mutate && api.failLoad) {
    return HttpResponse.json(
      { type: 'about:blank', title: 'Internal error', status: 500, code: 'INTERNAL' },
      { status: 500, headers: { 'Content-Type': 'application/problem+json' } },
    );
  }
  if (mutate && api.unreachable) return HttpResponse.error();
  if (mutate && api.failNext) {
    const { status, code, detail, sku } = api.failNext;
    api.failNext = undefined;
    return HttpResponse.json(
      { type: 'about:blank', title: code, status, code, detail, ...(sku ? { sku } : {}) },
      { status, headers: { 'Content-Type': 'application/problem+json' } },
    );
  }
  const cart = mutate ? mutate() : api.cart;
  return HttpResponse.json(cart, { headers: { ETag: `"${cart.version}"` } });
}

const base = '*/api';
const handlers = [
  http.get(`${base}/config`, ({ request }) => {
    const api = find(request);
    if (!api) return undefined;
    if (api.failLoad) return reply(api);
    return HttpResponse.json({
      region: 'local',
      userPoolId: 'local_pool',
      userPoolClientId: 'client',
      cognitoEndpoint: null,
      realtimeUrl: 'ws://127.0.0.1:9/ws',
      currency: api.cart.currency,
    });
  }),
  http.post(`${base}/cart/anonymous`, () =>
    HttpResponse.json({ cartToken: `tok-${++counter}`, expiresAt: '2099-01-01T00:00:00.000Z' }, { status: 201 }),
  ),
  http.get(`${base}/cart`, ({ request }) => {
    const api = find(request);
    const own = api?.tokenCarts[request.headers.get('x-cart-token') ?? ''];
    if (own) return HttpResponse.json(own, { headers: { ETag: `"${own.version}"` } });
    return api ? reply(api) : undefined;
  }),
  http.post(`${base}/cart/restore`, ({ request }) => reminderLink(request, 'restore')),
  http.post(`${base}/cart/reminders/unsubscribe`, ({ request }) => reminderLink(request, 'unsubscribe')),
  http.post(`${base}/cart/items`, async ({ request }) => {
    const api = find(request);
    if (!api) return undefined;
    const { sku, quantity } = (await request.json()) as { sku: string; quantity: number };
    api.calls.push(`POST /cart/items ${sku} ${quantity}`);
    return reply(api, () => {
      const items = api.cart.items.map((l) => (l.sku === sku ? line(sku, l.quantity + quantity) : l));
      if (!items.some((l) => l.sku === sku)) items.push(line(sku, quantity));
      return write(api, items);
    });
  }),
  http.put(`${base}/cart/items/:sku`, async ({ request, params }) => {
    const api = find(request);
    if (!api) return undefined;
    const sku = String(params.sku);
    const { quantity } = (await request.json()) as { quantity: number };
    api.calls.push(`PUT /cart/items/${sku} ${quantity}`);
    return reply(api, () =>
      write(
        api,
        quantity === 0
          ? api.cart.items.filter((l) => l.sku !== sku)
          : api.cart.items.map((l) => (l.sku === sku ? line(sku, quantity) : l)),
      ),
    );
  }),
  http.delete(`${base}/cart/items/:sku`, ({ request, params }) => {
    const api = find(request);
    if (!api) return undefined;
    api.calls.push(`DELETE /cart/items/${params.sku}`);
    return reply(api, () =>
      write(
        api,
        api.cart.items.filter((l) => l.sku !== params.sku),
      ),
    );
  }),
  http.get(`${base}/products/:sku`, ({ params }) => {
    const product = catalog[String(params.sku)];
    return product ? HttpResponse.json(product) : HttpResponse.json({ code: 'NOT_FOUND' }, { status: 404 });
  }),
];

let started: Promise<unknown> | undefined;

/** Starts msw once per test file and returns a fresh API (its own URL, so its own client and storage). */
export async function mockApi(initial: Cart = makeCart()): Promise<MockApi> {
  started ??= setupWorker(...handlers).start({ quiet: true, onUnhandledRequest: 'bypass' });
  await started;
  const apiUrl = `https://cart.test/t${++counter}-${Date.now()}/api`;
  const api: MockApi = {
    apiUrl,
    cart: makeCart({}, initial.currency, 0),
    latency: 0,
    failNext: undefined,
    failLoad: false,
    unreachable: false,
    calls: [],
    seed: initial.items,
    tokenCarts: {},
    reminder: undefined,
  };
  apis.set(apiUrl, api);
  return api;
}

/** Puts `api.seed` into the cart through the element's SDK client, as a shopper would, then forgets those calls. */
export async function seedCart(
  cart: { client: { add(sku: string, q: number): Promise<unknown> } | undefined },
  api: MockApi,
): Promise<void> {
  for (const line of api.seed) await cart.client!.add(line.sku, line.quantity);
  api.calls.length = 0;
}
