import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The parts of a received request a Signature Version 4 check needs. */
export interface SignedRequest {
  readonly method: string;
  /** Path and query exactly as received (`req.url`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Hex SHA-256 of the whole body (the body itself may be too large to keep). */
  readonly bodySha256: string;
}

/** How far `X-Amz-Date` may be from this machine's clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as the AWS SDK's signer does it (`escapeUri`). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The signer's canonical path: segments normalised, then the wire path encoded once more. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=', 2);
      return [escapeUri(decode(key)), escapeUri(decode(value))] as const;
    })
    .filter(([key]) => key !== 'X-Amz-Signature')
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** `20240501T120000Z` to epoch milliseconds, or NaN. */
function amzDateMs(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/**
 * Checks a request's AWS Signature Version 4 `Authorization` header against
 * one key pair, as AWS does for a signed API call: same access key id, a
 * signature over the method, path, query, the signed headers (which must
 * include `host` and `x-amz-date`) and the body's SHA-256 (a declared
 * `X-Amz-Content-SHA256` must be the body's real one), and an
 * `X-Amz-Date` within 5 minutes. Returns undefined when it holds, else why not
 * (never echoing a secret).
 *
 * @example
 * ```ts
 * const refused = verifySigV4({ method: req.method, url: req.url, headers: req.headers, bodySha256 }, credentials);
 * if (refused) return forbid(res, refused);
 * ```
 */
export function verifySigV4(
  request: SignedRequest,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  now: number = Date.now(),
): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? AUTHORIZATION.exec(header) : null;
  if (!match) return 'no SigV4 Authorization header';
  const [, credential = '', signedHeaderList = '', signature = ''] = match;
  const [accessKeyId, date, region, service, terminator, ...extra] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) return 'unknown access key';
  if (!date || !region || !service || terminator !== 'aws4_request' || extra.length > 0)
    return 'malformed credential scope';
  const amzDate = request.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !amzDate.startsWith(date)) return 'missing or mismatched X-Amz-Date';
  const signedAt = amzDateMs(amzDate);
  if (!(Math.abs(now - signedAt) <= MAX_SKEW_MS)) return 'signature expired or from the future';
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date'))
    return 'host and x-amz-date must be signed';
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  // The body is always part of the signature: a declared hash (or UNSIGNED-PAYLOAD) must be the real one.
  const declaredHash = request.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== request.bodySha256) return 'body does not match its signed hash';
  const payloadHash = request.bodySha256;
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const canonicalRequest = [
    request.method,
    canonicalPath(path),
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : 'signature does not match';
}
