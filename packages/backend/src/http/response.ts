import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../domain/errors.js';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** A response with no body. */
export function empty(statusCode: number, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers, body: '' };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An RFC 9457 problem document. Only deliberate `AppError`s carry detail;
 * anything else is a bare 500, so no internal name or stack can leak.
 */
export function problem(error: unknown, requestId: string): HttpResponse {
  if (!(error instanceof AppError)) {
    return json(
      500,
      {
        type: 'https://cartkit.dev/problems/internal',
        title: TITLES[500],
        status: 500,
        code: 'INTERNAL',
        detail: 'Something went wrong on our side.',
        requestId,
      },
      { 'Content-Type': 'application/problem+json' },
    );
  }
  return json(
    error.status,
    {
      type: `https://cartkit.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      code: error.code,
      detail: error.message,
      requestId,
      ...error.extra,
    },
    { 'Content-Type': 'application/problem+json', ...error.headers },
  );
}
