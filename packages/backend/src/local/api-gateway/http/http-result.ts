/** A handler's HTTP result, checked and ready to write. */
export interface HttpResponseParts {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

/** The handler returned something API Gateway could not turn into a response. */
export class MalformedResultError extends Error {
  override name = 'MalformedResultError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerValues(headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (!isRecord(headers)) throw new MalformedResultError('headers must be an object');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new MalformedResultError(`header ${name} must be a string, number or boolean`);
    }
    out[name.toLowerCase()] = String(value);
  }
  return out;
}

/**
 * Interprets a handler's return value as API Gateway's HTTP API does with
 * payload format 2.0: an object with `statusCode` is a response (`headers`,
 * `cookies`, `body` string, `isBase64Encoded`); any other JSON value becomes a
 * 200 `application/json` body. Throws {@link MalformedResultError} for what
 * API Gateway answers with a 500 (and, locally, for `undefined`, which
 * is always a handler bug here).
 *
 * @example
 * ```ts
 * const parts = fromHandlerResult({ statusCode: 204 });
 * ```
 */
export function fromHandlerResult(result: unknown): HttpResponseParts {
  if (result === undefined || result === null) throw new MalformedResultError('handler returned no result');
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = JSON.stringify(result);
    if (body === undefined) throw new MalformedResultError('result is not JSON-serialisable');
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body) };
  }
  const { statusCode, body, isBase64Encoded, cookies } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedResultError('statusCode must be an integer from 100 to 599');
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedResultError('body must be a string');
  }
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    throw new MalformedResultError('isBase64Encoded must be a boolean');
  }
  if (cookies !== undefined && !(Array.isArray(cookies) && cookies.every((c) => typeof c === 'string'))) {
    throw new MalformedResultError('cookies must be an array of strings');
  }
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode,
    headers: headerValues(result.headers),
    cookies: (cookies as string[] | undefined) ?? [],
    body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
