import { type CartError, CancelledError } from '../errors/errors.js';
import type { RetryOptions } from '../types.js';
import { toCartError } from './errors.js';
import { type FetchOptions, fetchWithRetry, type RetryPolicy } from './fetch-with-retry.js';

/** Which credentials a route needs. `cart`: the current identity; `merge`: both. */
export type AuthMode = 'none' | 'cart' | 'user' | 'merge';

/** One request. */
export interface RequestOptions {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Relative to the API URL, no leading slash. */
  path: string;
  auth: AuthMode;
  json?: unknown;
  /** Sent as `Idempotency-Key` on every attempt (retries, the 401 retry). */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  searchParams?: Record<string, string>;
  signal?: AbortSignal;
}

/** What the API needs from the client: credentials, and a way to renew them. */
export interface ApiDeps {
  apiUrl: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  timeout?: number;
  /** Headers for the credentials of `auth` (may create an anonymous token first). */
  credentials(auth: AuthMode): Promise<Record<string, string>>;
  /** After a 401: renew the credential (refresh the session, or a new anonymous token). False: give up. */
  renew(auth: AuthMode, error: CartError): Promise<boolean>;
  /** Observe requests starting and ending (for `status: 'syncing'`). */
  onActivity?(delta: 1 | -1): void;
  /** A request got a reply: the server is reachable (a waiting offline queue can replay now). */
  onReachable?(): void;
  /** Aborted when the client is destroyed: every request in flight stops, none starts after. */
  lifetime?: AbortSignal;
}

/** The retry policy's defaults: 2 retries, each wait at most 1.5 s (Retry-After included). */
export const DEFAULT_RETRY = { limit: 2, backoffLimit: 1_500, maxRetryAfter: 1_500 } as const;

/** A parsed reply. */
export interface Reply<T> {
  data: T;
  status: number;
}

/**
 * The HTTP edge: fetch with the contract's retry rules (network errors, 429, 503,
 * `Retry-After`; never other 4xx), idempotency keys, typed errors, and one
 * credential renewal after a 401.
 */
export class Api {
  readonly #deps: ApiDeps;
  readonly #base: string;
  readonly #retry: RetryPolicy;

  constructor(deps: ApiDeps) {
    this.#deps = deps;
    this.#base = deps.apiUrl.replace(/\/+$/, '');
    const retry = deps.retry ?? {};
    this.#retry = {
      // Short by default (two retries, about 3 s at most): a shopper waits on a
      // rollback while the server is unreachable, so fail fast rather than hang.
      // Every method is retried: the Idempotency-Key makes a retried POST safe.
      limit: retry.limit ?? DEFAULT_RETRY.limit,
      statusCodes: [429, 503],
      maxRetryAfter: retry.maxRetryAfter ?? DEFAULT_RETRY.maxRetryAfter,
      backoffLimit: retry.backoffLimit ?? DEFAULT_RETRY.backoffLimit,
      delay: retry.delay ?? ((attempt) => 300 * 2 ** (attempt - 1)),
    };
  }

  /** Send a request and parse the JSON reply, renewing credentials once on 401. */
  async request<T>(options: RequestOptions): Promise<Reply<T>> {
    if (this.#deps.lifetime?.aborted) throw new CancelledError('The client was destroyed');
    this.#deps.onActivity?.(1);
    try {
      try {
        const reply = await this.#send<T>(options);
        this.#deps.onReachable?.();
        return reply;
      } catch (thrown) {
        const error = await toCartError(thrown);
        if (error.status !== 401 || options.auth === 'none') throw error;
        if (!(await this.#deps.renew(options.auth, error))) throw error;
        try {
          return await this.#send<T>(options);
        } catch (again) {
          throw await toCartError(again);
        }
      }
    } finally {
      this.#deps.onActivity?.(-1);
    }
  }

  async #send<T>(options: RequestOptions): Promise<Reply<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(options.auth === 'none' ? {} : await this.#deps.credentials(options.auth)),
      ...options.headers,
    };
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const query = options.searchParams ? new URLSearchParams(options.searchParams).toString() : '';
    const init: FetchOptions = {
      // Upper case: fetch normalises GET/POST/PUT/DELETE but sends `patch` as written.
      method: options.method.toUpperCase(),
      headers,
      fetch: this.#deps.fetch ?? ((input, request) => globalThis.fetch(input, request)),
      timeout: this.#deps.timeout ?? 15_000,
      retry: this.#retry,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    };
    // The request's own signal and the client's lifetime (where AbortSignal.any is missing,
    // Safari < 17.4, a destroy stops what starts after it, not what is in flight).
    const { signal } = options;
    const lifetime = this.#deps.lifetime;
    const either = signal && lifetime && AbortSignal.any ? AbortSignal.any([signal, lifetime]) : (signal ?? lifetime);
    if (either) init.signal = either;
    const response = await fetchWithRetry(`${this.#base}/${options.path}${query ? `?${query}` : ''}`, init);
    const text = await response.text();
    return { data: (text ? JSON.parse(text) : undefined) as T, status: response.status };
  }
}
