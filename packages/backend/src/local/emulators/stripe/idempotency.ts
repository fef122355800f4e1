import { StripeApiError } from './api-error.js';

/** A response as the API first sent it, replayed for the same key. */
export interface SavedResponse {
  readonly status: number;
  readonly body: string;
}

interface Entry extends SavedResponse {
  readonly endpoint: string;
  readonly params: string;
  readonly savedAt: number;
}

/** Stripe keeps keys for 24 hours. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * `Idempotency-Key` as Stripe honours it: per API key, a repeated POST with the same
 * key and the same parameters gets the first response again (`Idempotent-Replayed: true`);
 * the same key with other parameters, or on another endpoint, is a 400 `idempotency_error`.
 * Only requests that ran are saved, so a request refused by validation may be retried
 * with the same key once fixed (as on Stripe).
 *
 * @example
 * ```ts
 * const keys = new IdempotencyKeys();
 * const replay = keys.lookup(apiKey, key, 'POST /v1/checkout/sessions', canonicalParams);
 * ```
 */
export class IdempotencyKeys {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The saved response for this key, undefined when it is new; throws when it was used differently. */
  lookup(apiKey: string, key: string, endpoint: string, params: string): SavedResponse | undefined {
    if (key.length > 255) {
      throw new StripeApiError(400, 'invalid_request_error', 'Idempotency-Key must be at most 255 characters.', {
        param: 'Idempotency-Key',
      });
    }
    this.#prune();
    const entry = this.#entries.get(`${apiKey}\n${key}`);
    if (!entry) return undefined;
    if (entry.endpoint !== endpoint) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (entry.params !== params) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry;
  }

  save(apiKey: string, key: string, endpoint: string, params: string, response: SavedResponse): void {
    this.#entries.set(`${apiKey}\n${key}`, { ...response, endpoint, params, savedAt: this.now() });
  }

  #prune(): void {
    const cutoff = this.now() - KEEP_MS;
    for (const [k, entry] of this.#entries) {
      if (entry.savedAt >= cutoff) break; // insertion order is save order
      this.#entries.delete(k);
    }
  }
}
