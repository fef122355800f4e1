import { IdempotencyKeySchema, LIMITS } from '@cartkit/contract';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as v from 'valibot';
import { type FieldIssue, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../domain/errors.js';

/** The parts of an API Gateway v2 event that routes use. */
export interface HttpRequest {
  readonly method: string;
  readonly routeKey: string;
  readonly path: string;
  /** Lowercased names, as API Gateway v2 delivers them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string | undefined;
  readonly requestId: string;
  readonly sourceIp: string;
  /** The origin this request was addressed to (`https://api.example`), from `Host` and `X-Forwarded-Proto`. */
  readonly selfOrigin: string;
}

/** Reads an API Gateway HTTP API (payload v2.0) event. */
export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const rawBody =
    event.body === undefined || event.body === null
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    routeKey: event.routeKey,
    path: event.rawPath,
    headers,
    query: event.queryStringParameters ?? {},
    pathParameters: event.pathParameters ?? {},
    rawBody,
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
    selfOrigin: selfOrigin(headers, event.requestContext.domainName),
  };
}

const HOST = /^(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](?::\d{1,5})?$/;
const LOOPBACK = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/;

/**
 * API Gateway v2 passes the `Host` the client used and sets `X-Forwarded-Proto`;
 * a malformed `Host` falls back to the API's own domain name.
 */
function selfOrigin(headers: Record<string, string | undefined>, domainName: string): string {
  const given = headers.host?.trim() ?? '';
  const host = HOST.test(given) ? given : domainName;
  const forwarded = headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase();
  const proto = forwarded === 'http' || forwarded === 'https' ? forwarded : LOOPBACK.test(host) ? 'http' : 'https';
  return `${proto}://${host}`;
}

/** Turns valibot issues into `{ path, message }` pairs for the problem document. */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path?.map((item) => String(item.key)).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Parses and validates a JSON body against one of the contract's schemas.
 * Too large → 413, empty → 400, no or another Content-Type → 415, not JSON → 400,
 * wrong shape → 400 with field issues.
 *
 * @example
 * ```ts
 * const body = readJson(request, AddItemBodySchema);
 * ```
 */
export function readJson<TSchema extends v.GenericSchema>(
  request: HttpRequest,
  schema: TSchema,
): v.InferOutput<TSchema> {
  const raw = request.rawBody ?? '';
  if (Buffer.byteLength(raw, 'utf8') > LIMITS.maxBodyBytes) throw new PayloadTooLargeError(LIMITS.maxBodyBytes);
  if (raw.trim() === '') throw new ValidationError('The request needs a JSON body.');
  // A body must say it is JSON: one without Content-Type is refused, not guessed at (docs/API.md).
  const contentType = request.headers['content-type'];
  if (contentType === undefined || !/^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim())) {
    throw new UnsupportedMediaTypeError();
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new ValidationError('The body is not valid JSON.');
  }
  const result = v.safeParse(schema, data);
  if (!result.success)
    throw new ValidationError('The body does not match the expected shape.', toFieldIssues(result.issues));
  return result.output;
}

/** Validates a single value (path parameter, query, header) against a schema. */
export function readValue<TSchema extends v.GenericSchema>(
  value: unknown,
  schema: TSchema,
  name: string,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value);
  if (!result.success) {
    throw new ValidationError(
      `${name} is invalid.`,
      toFieldIssues(result.issues).map((issue) => ({ ...issue, path: name })),
    );
  }
  return result.output;
}

/** Refuses a body where none is expected only when it is over the size limit. */
export function assertBodySize(request: HttpRequest): void {
  if (request.rawBody !== undefined && Buffer.byteLength(request.rawBody, 'utf8') > LIMITS.maxBodyBytes) {
    throw new PayloadTooLargeError(LIMITS.maxBodyBytes);
  }
}

/** Parses `If-Match: "<version>"` (weak `W/` accepted); undefined when absent. */
export function readIfMatch(request: HttpRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,12})"\s*$/.exec(header);
  if (!match?.[1]) throw new ValidationError('If-Match must be a quoted cart version, e.g. "3".');
  return Number(match[1]);
}

/** Reads `Idempotency-Key` (1..64 printable characters); undefined when absent. */
export function readIdempotencyKey(request: HttpRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  return header === undefined ? undefined : readValue(header, IdempotencyKeySchema, 'Idempotency-Key');
}
