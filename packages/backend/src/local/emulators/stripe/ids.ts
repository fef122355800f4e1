import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A Stripe-looking object id: `prefix` then `length` random base62 characters,
 * e.g. `cs_test_a1B2...`. Unguessable: a session's hosted page is reached by id alone.
 *
 * @example
 * ```ts
 * stripeId('evt_', 24); // 'evt_3fQ...'
 * ```
 */
export function stripeId(prefix: string, length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps every character equally likely (248 = 4 * 62).
  for (const byte of bytes) {
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === length) return `${prefix}${out}`;
  }
  return `${prefix}${out}${stripeId('', length - out.length)}`;
}
