import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { handler as account } from '../../../src/handlers/account.js';
import { handler as adminApi } from '../../../src/handlers/admin-api.js';
import { handler as cartApi } from '../../../src/handlers/cart-api.js';
import { handler as checkoutApi } from '../../../src/handlers/checkout-api.js';
import { handler as shopAdmin } from '../../../src/handlers/shop-admin.js';
import { matchRoute, routeKey } from '../../../src/topology/http-routes.js';

// In-process calls of the HTTP Lambda exports with API Gateway (payload v2)
// events built by hand: the same code path the gateway and AWS take, minus the
// socket, so thousands of cases fit in a test run.

/** A Lambda context good enough for the handlers (they read none of it). */
export const lambdaContext = {
  functionName: 'hardening',
  awsRequestId: 'hardening',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** What a handler answered, with the body parsed when it is JSON. */
export interface LambdaAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly json: unknown;
}

export interface LambdaRequest {
  readonly method: string;
  /** Path under `/api`, e.g. `/cart/items/TEE-CLASSIC` (sent raw, not decoded). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly sourceIp?: string;
  readonly isBase64Encoded?: boolean;
}

/** The API Gateway v2 event for a request, with the route key and path parameters the gateway would give. */
export function httpEvent(request: LambdaRequest): APIGatewayProxyEventV2 {
  const method = request.method.toUpperCase();
  const rawPath = `/api${request.path}`;
  const match = matchRoute(method, rawPath);
  const key = match.route ? routeKey(match.route) : '$default';
  const pathParameters = match.route && 'pathParameters' in match ? match.pathParameters : undefined;
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString,
    headers: { ...request.headers },
    ...(request.query ? { queryStringParameters: { ...request.query } } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    body: request.body,
    isBase64Encoded: request.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'hardening',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '198.51.100.20',
        userAgent: 'hardening',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

function answer(result: APIGatewayProxyStructuredResultV2): LambdaAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const text = result.body ?? '';
  let json: unknown;
  if (/json/.test(headers['content-type'] ?? '') && text !== '') json = JSON.parse(text);
  return { status: result.statusCode ?? 200, headers, text, json };
}

/** The HTTP Lambdas these tests call (the Stripe webhook has tests of its own). */
const HTTP_LAMBDAS = {
  'cart-api': cartApi,
  'checkout-api': checkoutApi,
  'admin-api': adminApi,
  'shop-admin': shopAdmin,
  account,
} as const;

/** Calls the Lambda that owns the route (its `ROUTES` handler; `$default` is cart-api's) in this process. */
export async function invoke(request: LambdaRequest): Promise<LambdaAnswer> {
  const event = httpEvent(request);
  const match = matchRoute(request.method.toUpperCase(), `/api${request.path.split('?')[0]}`);
  const owner = match.route?.handler ?? 'cart-api';
  if (owner === 'stripe-webhook') throw new Error('invoke() does not call the Stripe webhook');
  const lambda = HTTP_LAMBDAS[owner];
  return answer(await lambda(event, lambdaContext));
}

/** An SQS record as the event source mapping delivers it. */
export function sqsRecord(body: string, messageId: string = randomUUID(), receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'hardening',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:orders',
    awsRegion: 'us-east-1',
  };
}

/** An SQS event of these records. */
export function sqsEvent(records: readonly SQSRecord[]): SQSEvent {
  return { Records: [...records] };
}
