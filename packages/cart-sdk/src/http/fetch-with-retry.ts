/**
 * The SDK's whole HTTP transport: `fetch` with a per-attempt timeout and the
 * contract's retry rules. It replaced ky, of which the SDK used only this much
 * (ky was 5 KB of the element's 25 KB gzip first-load budget); the behaviour is
 * ky's: full-jitter exponential backoff, `Retry-After` honoured and capped,
 * timeouts not retried, aborts never retried.
 */

/** A response with a non-2xx status (after any retries). */
export class HttpStatusError extends Error {
  override name = 'HTTPError';
  constructor(readonly response: Response) {
    super(`Request failed with status ${response.status}`);
  }
}

/** The attempt got no response within the timeout. */
export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
  constructor() {
    super('Request timed out');
  }
}

/** When and how often to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** Statuses worth retrying (429, 503); their `Retry-After` is honoured. */
  statusCodes: readonly number[];
  /** Longest `Retry-After` wait in ms; a longer one is capped to this. */
  maxRetryAfter: number;
  /** Longest backoff in ms. */
  backoffLimit: number;
  /** Backoff before retry `attempt` (1-based), before jitter. */
  delay(attempt: number): number;
}

/** One request. */
export interface FetchOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  fetch: typeof fetch;
  /** Per attempt, in ms. */
  timeout: number;
  retry: RetryPolicy;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` (seconds or an HTTP date) in ms, or undefined. */
function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isNaN(seconds) ? Date.parse(header) - Date.now() : seconds * 1000;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

async function attempt(url: string, options: FetchOptions): Promise<Response> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout);
  try {
    return await options.fetch(url, {
      method: options.method.toUpperCase(),
      headers: options.headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      signal: controller.signal,
    });
  } catch (error) {
    if (timedOut) throw new RequestTimeoutError();
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Fetch `url`, retrying network errors and the policy's statuses; resolves with
 * a 2xx response, rejects with {@link HttpStatusError}, {@link RequestTimeoutError},
 * the abort reason, or the last network error.
 *
 * @example
 * ```ts
 * const res = await fetchWithRetry(`${api}/cart`, { method: 'get', headers: {}, fetch, timeout: 15_000, retry });
 * ```
 */
export async function fetchWithRetry(url: string, options: FetchOptions): Promise<Response> {
  const { retry } = options;
  for (let retries = 0; ; retries += 1) {
    let response: Response | undefined;
    try {
      response = await attempt(url, options);
    } catch (error) {
      const aborted = options.signal?.aborted || (error instanceof Error && error.name === 'AbortError');
      if (aborted || error instanceof RequestTimeoutError || retries >= retry.limit) throw error;
    }
    let wait: number;
    if (response) {
      if (response.ok) return response;
      if (retries >= retry.limit || !retry.statusCodes.includes(response.status)) throw new HttpStatusError(response);
      const after = retryAfter(response);
      void response.body?.cancel().catch(() => undefined);
      wait = after === undefined ? -1 : Math.min(after, retry.maxRetryAfter);
    } else wait = -1;
    if (wait < 0) wait = Math.min(retry.backoffLimit, Math.random() * retry.delay(retries + 1));
    await sleep(wait, options.signal);
  }
}
