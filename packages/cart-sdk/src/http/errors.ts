import type { Cart, Problem } from '@cartkit/contract';
import { isErrorCode } from '@cartkit/contract/values';
import { CancelledError, CartError, NetworkError, TimeoutError, VersionConflictError } from '../errors/errors.js';
import { isCartError } from '../errors/guards.js';
import { HttpStatusError, RequestTimeoutError } from './fetch-with-retry.js';

const CODE_BY_STATUS: Record<number, CartError['code']> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  412: 'VERSION_CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

async function readProblem(response: Response): Promise<Problem | undefined> {
  try {
    const body = (await response.clone().json()) as unknown;
    if (typeof body === 'object' && body !== null && isErrorCode((body as { code?: unknown }).code)) {
      return body as Problem;
    }
  } catch {
    // not JSON: a proxy's error page
  }
  return undefined;
}

/** Turn whatever fetch threw into a typed {@link CartError}. */
export async function toCartError(error: unknown): Promise<CartError> {
  if (isCartError(error)) return error;
  if (error instanceof HttpStatusError) {
    const { response } = error;
    const problem = await readProblem(response);
    const status = response.status;
    if (status === 412 && problem?.cart) {
      return new VersionConflictError({ status, problem, cart: problem.cart as Cart, cause: error });
    }
    const code = problem?.code ?? CODE_BY_STATUS[status] ?? 'INTERNAL';
    return new CartError({ code, status, ...(problem ? { problem } : {}), cause: error });
  }
  if (error instanceof RequestTimeoutError) return new TimeoutError(error);
  if (error instanceof Error && error.name === 'AbortError') return new CancelledError('The request was aborted');
  return new NetworkError(error);
}
