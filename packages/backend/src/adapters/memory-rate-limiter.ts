import { RateLimitedError } from '../domain/errors.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * A token bucket per key in this instance's memory: no store round trip, so
 * it can sit on every cart mutation. Limits per Lambda instance; API
 * Gateway's stage throttling is the global cap.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  async hit(key: string, limitPerMinute: number, now: number): Promise<void> {
    if (limitPerMinute <= 0) return;
    const ratePerMs = limitPerMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: limitPerMinute, at: now };
    bucket.tokens = Math.min(limitPerMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)));
    }
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#evict(now);
  }

  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) if (now - bucket.at > 60_000) this.#buckets.delete(key);
  }
}
