/** The `type` of a Stripe API error, as the `stripe` client maps it to an error class. */
export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error';

/** Stripe's error body: `{ error: { type, message, param?, code? } }`. */
export interface StripeErrorBody {
  readonly error: {
    readonly type: StripeErrorType;
    readonly message: string;
    readonly param?: string;
    readonly code?: string;
  };
}

/**
 * An API error with the HTTP status Stripe gives it. The `stripe` client turns
 * 400/404 into `StripeInvalidRequestError` (or `StripeIdempotencyError` by
 * type), 401 into `StripeAuthenticationError`.
 *
 * @example
 * ```ts
 * throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: mode.', { param: 'mode' });
 * ```
 */
export class StripeApiError extends Error {
  override name = 'StripeApiError';
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly extra: { param?: string; code?: string } = {},
  ) {
    super(message);
  }

  /** The JSON body Stripe would send. */
  toBody(): StripeErrorBody {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

/**
 * A 400 `invalid_request_error` about one parameter.
 *
 * @example
 * ```ts
 * throw invalidParam('line_items[0][quantity]', 'Invalid integer: two');
 * ```
 */
export function invalidParam(param: string, message: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { param, code });
}
