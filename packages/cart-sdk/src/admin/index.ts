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
    list(query?: PageQuery & { status?: OrderStatus }): Promise<AdminOrderPage>;
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

/** A typed client for the admin API, on the SDK's HTTP edge (retries, timeouts, typed errors). */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  if (!options.apiUrl) throw new TypeError('createAdminClient: apiUrl is required');
  if (typeof options.getAccessToken !== 'function') {
    throw new TypeError('createAdminClient: getAccessToken is required');
  }
  const api = new Api({
    apiUrl: options.apiUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
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
