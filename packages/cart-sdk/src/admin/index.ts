/**
 * @packageDocumentation
 * `@cartkit/cart-sdk/admin`: a typed client for the cartkit admin API (`/api/admin/*`).
 * A separate entry, so the shopper entry never loads it.
 *
 * @example
 * ```ts
 * const cart = createCartClient({ apiUrl });
 * await cart.auth.signIn({ email, password }); // an account in the Cognito group `admin`
 * const admin = createAdminClient({ apiUrl, getAccessToken: () => cart.auth.getAccessToken() });
 * const { items } = await admin.products.list();
 * ```
 */
import type {
  AdminOrder,
  AdminOrderPage,
  AdminProduct,
  AdminProductPage,
  Discount,
  DiscountDefinition,
  DiscountList,
  FulfilRequest,
  OrderStatus,
  ProductInput,
  ProductPatch,
  RefundRequest,
  Visibility,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpointList,
  WebhookEndpointsInput,
} from '@cartkit/contract';
import { AuthError } from '../errors/errors.js';
import { Api, type RequestOptions } from '../http/api.js';
import type { RetryOptions } from '../types.js';

export { AuthError, CartError, type CartErrorCode, NetworkError, TimeoutError } from '../errors/errors.js';
export { isAuthError, isCartError, isNetworkError, isTimeoutError } from '../errors/guards.js';
export type {
  AdminOrder,
  AdminOrderPage,
  AdminProduct,
  AdminProductPage,
  AdminVariant,
  Discount,
  DiscountDefinition,
  DiscountList,
  FulfilRequest,
  OrderRefund,
  ProductInput,
  ProductPatch,
  RefundRequest,
  Visibility,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointsInput,
  WebhookEventType,
} from '@cartkit/contract';

/** Options of {@link createAdminClient}. */
export interface AdminClientOptions {
  /** The API's base URL, e.g. `https://d123.cloudfront.net/api`. */
  apiUrl: string;
  /**
   * A valid access token of an admin (a member of the Cognito group `admin`), or null when
   * signed out; e.g. `() => cart.auth.getAccessToken()`. Called before every request, and once
   * more after a 401 (a token that expired meanwhile is refreshed there).
   */
  getAccessToken(): Promise<string | null>;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Per attempt, in ms (default 15 000). */
  timeout?: number;
}

/** A page query: `limit` 1..100, `cursor` from the previous page's `nextCursor`. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/**
 * The filters of the order list and its CSV export: `status`; `from` (inclusive) and `to`
 * (exclusive; a day alone, `2026-12-01`, means up to its end) on the order's creation time;
 * and a search by order `number` (exact, any case) or by `email` (exact, any case), not both.
 */
export interface OrderFilter {
  status?: OrderStatus;
  from?: string;
  to?: string;
  number?: string;
  email?: string;
}

/** One page of the orders CSV: a header record then one record per order; `nextCursor` absent on the last. */
export interface OrderCsvPage {
  csv: string;
  nextCursor?: string;
}

/** The admin API, one group of methods per resource. Every failure is a typed `CartError`. */
export interface AdminClient {
  readonly products: {
    list(query?: PageQuery & { visibility?: Visibility }): Promise<AdminProductPage>;
    get(sku: string): Promise<AdminProduct>;
    /** Create or replace the whole product with its variants. */
    put(sku: string, input: ProductInput): Promise<{ product: AdminProduct; created: boolean }>;
    patch(sku: string, patch: ProductPatch): Promise<AdminProduct>;
    /** Only an archived product (409 `CATALOG_CONFLICT` before). */
    delete(sku: string): Promise<void>;
    /** Atomic increment of a product's or a variant's stock; never below zero (409). */
    adjustStock(sku: string, delta: number): Promise<{ sku: string; stock: number }>;
  };
  readonly discounts: {
    list(): Promise<DiscountList>;
    get(code: string): Promise<Discount>;
    put(code: string, definition: DiscountDefinition): Promise<{ discount: Discount; created: boolean }>;
    delete(code: string): Promise<void>;
  };
  readonly orders: {
    /** A page of orders (a filtered page may be short, even empty, and still have `nextCursor`). */
    list(query?: PageQuery & OrderFilter): Promise<AdminOrderPage>;
    /** One page of the CSV export (`limit` 1..1000 orders, default 500). */
    exportPage(query?: OrderFilter & { limit?: number; cursor?: string }): Promise<OrderCsvPage>;
    /**
     * The whole CSV export of `filter`, page by page (each page one bounded request), as one
     * RFC 4180 text with one header record. `onPage` hears the progress (pages read so far).
     */
    exportCsv(filter?: OrderFilter, options?: { pageSize?: number; onPage?: (pages: number) => void }): Promise<string>;
    get(orderId: string): Promise<AdminOrder>;
    fulfil(orderId: string, request?: FulfilRequest): Promise<AdminOrder>;
    /** Full (no `amount`) or partial; `idempotencyKey` makes a retry refund once. */
    refund(orderId: string, request?: RefundRequest, options?: { idempotencyKey?: string }): Promise<AdminOrder>;
  };
  readonly webhooks: {
    list(): Promise<WebhookEndpointList>;
    /** Replace the whole set of endpoints. */
    put(input: WebhookEndpointsInput): Promise<WebhookEndpointList>;
    deliveries(query?: PageQuery & { status?: WebhookDelivery['status'] }): Promise<WebhookDeliveryPage>;
    replay(deliveryId: string): Promise<WebhookDelivery>;
  };
}

function query(input: object | undefined): Record<string, string> | undefined {
  if (!input) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input as Record<string, string | number | undefined>))
    if (value !== undefined) out[key] = String(value);
  return Object.keys(out).length ? out : undefined;
}

const seg = encodeURIComponent;

/**
 * `fetch` as the SDK's HTTP edge expects it (JSON replies) for the CSV export too: a successful
 * `text/csv` reply is handed on as `{ csv, nextCursor }` (its `X-Next-Cursor`), so the export
 * gets the same retries, timeouts, 401 renewal and typed errors as every other call; any other
 * reply (problems included) passes unchanged.
 */
function csvAsJson(base: typeof fetch | undefined): typeof fetch {
  return async (input, init) => {
    const response = await (base ?? globalThis.fetch)(input, init);
    if (!response.ok || !/^text\/csv/.test(response.headers.get('content-type') ?? '')) return response;
    const nextCursor = response.headers.get('x-next-cursor');
    const page: OrderCsvPage = { csv: await response.text(), ...(nextCursor ? { nextCursor } : {}) };
    return new Response(JSON.stringify(page), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** A typed client for the admin API, on the SDK's HTTP edge (retries, timeouts, typed errors). */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  if (!options.apiUrl) throw new TypeError('createAdminClient: apiUrl is required');
  if (typeof options.getAccessToken !== 'function') {
    throw new TypeError('createAdminClient: getAccessToken is required');
  }
  const api = new Api({
    apiUrl: options.apiUrl,
    fetch: csvAsJson(options.fetch),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeout ? { timeout: options.timeout } : {}),
    async credentials() {
      const token = await options.getAccessToken();
      if (!token) throw new AuthError({ code: 'UNAUTHORIZED', message: 'Sign in as an admin first' });
      return { authorization: `Bearer ${token}` };
    },
    // After a 401 the token is asked for again: the source refreshes an expired one.
    renew: async () => (await options.getAccessToken()) !== null,
  });
  const send = async <T>(request: Omit<RequestOptions, 'auth'>) =>
    api.request<T>({ ...request, path: `admin/${request.path}`, auth: 'user' });
  const data = async <T>(request: Omit<RequestOptions, 'auth'>) => (await send<T>(request)).data;

  return {
    products: {
      list: (q) => data({ method: 'get', path: 'products', searchParams: query(q) }),
      get: (sku) => data({ method: 'get', path: `products/${seg(sku)}` }),
      async put(sku, input) {
        const reply = await send<AdminProduct>({ method: 'put', path: `products/${seg(sku)}`, json: input });
        return { product: reply.data, created: reply.status === 201 };
      },
      patch: (sku, patch) => data({ method: 'patch', path: `products/${seg(sku)}`, json: patch }),
      delete: async (sku) => void (await send({ method: 'delete', path: `products/${seg(sku)}` })),
      adjustStock: (sku, delta) => data({ method: 'post', path: `products/${seg(sku)}/stock`, json: { delta } }),
    },
    discounts: {
      list: () => data({ method: 'get', path: 'discounts' }),
      get: (code) => data({ method: 'get', path: `discounts/${seg(code)}` }),
      async put(code, definition) {
        const reply = await send<Discount>({ method: 'put', path: `discounts/${seg(code)}`, json: definition });
        return { discount: reply.data, created: reply.status === 201 };
      },
      delete: async (code) => void (await send({ method: 'delete', path: `discounts/${seg(code)}` })),
    },
    orders: {
      list: (q) => data({ method: 'get', path: 'orders', searchParams: query(q) }),
      exportPage: (q) => data({ method: 'get', path: 'orders/export', searchParams: query(q) }),
      async exportCsv(filter, opts) {
        let text = '';
        let pages = 0;
        let cursor: string | undefined;
        do {
          const page: OrderCsvPage = await data({
            method: 'get',
            path: 'orders/export',
            searchParams: query({ ...filter, limit: opts?.pageSize, cursor }),
          });
          // Every page starts with the same header record (no line break inside it): keep the first only.
          const body = text === '' ? page.csv : page.csv.slice(page.csv.indexOf('\r\n') + 2);
          text += body;
          opts?.onPage?.(++pages);
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        return text;
      },
      get: (id) => data({ method: 'get', path: `orders/${seg(id)}` }),
      fulfil: (id, request) => data({ method: 'post', path: `orders/${seg(id)}/fulfil`, json: request ?? {} }),
      refund: (id, request, opts) =>
        data({
          method: 'post',
          path: `orders/${seg(id)}/refund`,
          json: request ?? {},
          ...(opts?.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
        }),
    },
    webhooks: {
      list: () => data({ method: 'get', path: 'webhooks' }),
      put: (input) => data({ method: 'put', path: 'webhooks', json: input }),
      deliveries: (q) => data({ method: 'get', path: 'webhooks/deliveries', searchParams: query(q) }),
      replay: (id) => data({ method: 'post', path: `webhooks/deliveries/${seg(id)}/replay` }),
    },
  };
}
