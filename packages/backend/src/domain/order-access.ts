import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An order access token as sent: 22 base64url characters (128 random bits). */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/**
 * A new order access token and the hash the order stores. The token is 128
 * random bits (base64url); the order keeps only its SHA-256, so a leak of the
 * Orders table gives no one the orders' pages. The token itself is answered
 * once, to the checkout that placed the order (and the receipt link).
 *
 * @example
 * ```ts
 * const { token, hash } = newOrderAccessToken();
 * ```
 */
export function newOrderAccessToken(): { token: string; hash: string } {
  const token = randomBytes(16).toString('base64url');
  return { token, hash: hashOrderAccessToken(token) };
}

/** The stored form of an access token: SHA-256, base64url. */
export function hashOrderAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * Does `presented` open the order whose stored hash is `storedHash`? Compared
 * in constant time (hash against hash, so the lengths always match); a
 * malformed token or an order with no hash (placed before tokens existed) never does.
 *
 * @example
 * ```ts
 * if (!orderAccessAllowed(order.accessTokenHash, request.query.token)) throw new NotFoundError('No such order.');
 * ```
 */
export function orderAccessAllowed(storedHash: string | undefined, presented: string | undefined): boolean {
  if (storedHash === undefined || presented === undefined || !TOKEN.test(presented)) return false;
  const expected = Buffer.from(storedHash, 'base64url');
  const given = Buffer.from(hashOrderAccessToken(presented), 'base64url');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
