import { UnavailableError } from '../domain/errors.js';

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const NETWORK = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|socket hang up|connect ENETUNREACH/;

/** The AWS error's name, if it has one. */
export function awsErrorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/**
 * Maps store outages (throttling, 5xx, connection refused) to a 503
 * `UNAVAILABLE` with `Retry-After`; everything else passes through.
 */
export function toUnavailable(error: unknown): unknown {
  const name = awsErrorName(error);
  const message = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? '')}` : '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if ((name !== undefined && TRANSIENT.has(name)) || NETWORK.test(message) || (status !== undefined && status >= 500)) {
    return new UnavailableError(1, error);
  }
  return error;
}

/** Runs a store call, turning outages into `UnavailableError`. */
export async function guardStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toUnavailable(error);
  }
}
