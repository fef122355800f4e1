import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An order access token as sent: 22 base64url characters (128 bits). */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** The purpose the order access key is derived for from the deployment's secret (`CartTokenSigner.derivedKey`). */
export const ORDER_ACCESS_PURPOSE = 'order-access';

/**
 * An order's access token, derived from the order id with the deployment's
 * order access key: the first 128 bits of HMAC-SHA256(key, `order-access:<orderId>`),
 * base64url. Whoever holds the key (the checkout, the order worker building
 * the payment return links, the mail worker building the receipt link) gets
 * the same token for the same order, so it is never stored in clear: the
 * order keeps only its SHA-256 ({@link hashOrderAccessToken}). Without the key
 * no one can compute a token from an order id, and the Orders table alone
 * (hashes) opens no order.
 *
 * @example
 * ```ts
 * const token = deriveOrderAccessToken(signer.derivedKey(ORDER_ACCESS_PURPOSE), order.orderId);
 * ```
 */
export function deriveOrderAccessToken(key: Uint8Array, orderId: string): string {
  if (key.length < 32) throw new RangeError('The order access key must be at least 256 bits');
  return createHmac('sha256', key)
    .update(`order-access:${orderId}`, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * A random order access token and its hash: the form orders placed before
 * tokens were derived ({@link deriveOrderAccessToken}) carry; their hashes
 * still open them, as every token is checked against the stored hash.
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

/**
 * A link to the host page's order view: the order id and its access token
 * in the fragment (the keys the element reads, `cartkit-order` and `token`),
 * plus any `extra` keys (`payment=cancelled`). Browsers never send the
 * fragment to a server, so the token stays out of access logs and `Referer`
 * headers. The page's own fragment is replaced; its query is kept.
 *
 * @example
 * ```ts
 * orderPageUrl('https://shop.example/orders', 'ord_1', 'tok'); // 'https://shop.example/orders#cartkit-order=ord_1&token=tok'
 * ```
 */
export function orderPageUrl(
  pageUrl: string,
  orderId: string,
  accessToken: string,
  extra: Readonly<Record<string, string>> = {},
): string {
  const url = new URL(pageUrl);
  url.hash = new URLSearchParams({ 'cartkit-order': orderId, token: accessToken, ...extra }).toString();
  return url.href;
}
