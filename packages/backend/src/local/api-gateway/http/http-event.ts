import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from '../../support/aws-config.js';
import { apiGatewayTime } from '../api-gateway-ids.js';

/** What the gateway knows about one HTTP request. */
export interface IncomingHttpRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/api/products?limit=2`. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value... */
  readonly rawHeaders: readonly string[];
  readonly httpVersion: string;
  readonly sourceIp: string;
  readonly body: Buffer;
  readonly requestId: string;
  readonly receivedAt: Date;
}

// Bodies API Gateway passes as text; everything else arrives base64-encoded.
const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)\b/,
  /^application\/[\w.+-]+\+(json|xml)\b/,
];

/** Whether a body with this `Content-Type` reaches the handler as plain text. */
export function isTextContentType(contentType: string | undefined): boolean {
  const type = contentType?.trim().toLowerCase();
  return type !== undefined && type !== '' && TEXT_TYPES.some((pattern) => pattern.test(type));
}

/** Lower-cased names; repeated headers joined with commas, as payload v2.0 does. */
function joinHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    const previous = headers[name];
    // Several Cookie headers are one cookie list, not a comma list.
    const separator = name === 'cookie' ? '; ' : ',';
    headers[name] = previous === undefined ? value : `${previous}${separator}${value}`;
  }
  return headers;
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '));
  } catch {
    return component;
  }
}

/** Decoded query parameters, repeated names joined with commas; undefined when there are none. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const params: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const previous = params[name];
    params[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

/**
 * Builds the event API Gateway's HTTP API sends with payload format 2.0:
 * cookies moved out of the headers into `cookies`, the body as text or
 * base64, `pathParameters` only when the route has some.
 *
 * @example
 * ```ts
 * const event = toHttpApiEvent(request, { routeKey: 'GET /api/products/{sku}', pathParameters: { sku: 'TEE-1' } });
 * ```
 */
export function toHttpApiEvent(
  request: IncomingHttpRequest,
  route: { routeKey: string; pathParameters: Record<string, string> | undefined },
): APIGatewayProxyEventV2 {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  const headers = joinHeaders(request.rawHeaders);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const cookies = cookieHeader
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const domainName = headers.host ?? 'localhost';
  const text = isTextContentType(headers['content-type']);
  const hasBody = request.body.length > 0;
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    queryStringParameters: queryParameters(rawQueryString),
    pathParameters: route.pathParameters,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0]?.split(':')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: apiGatewayTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    body: hasBody ? request.body.toString(text ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: hasBody && !text,
  };
}
