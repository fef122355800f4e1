import { createHash } from 'node:crypto';

/**
 * One shopper's email as a key: trimmed, lower-cased, hashed (SHA-256,
 * base64url, 22 characters). Indexes and counters keyed by it hold no email
 * in clear, and two spellings of one address (`Ada@Example.com`,
 * `ada@example.com`) are one key.
 *
 * @example
 * ```ts
 * emailKey(' Ada@Example.com ') === emailKey('ada@example.com'); // true
 * ```
 */
export function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
}
