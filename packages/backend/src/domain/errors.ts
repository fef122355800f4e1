import type { Cart, ErrorCode, Quote } from '@cartkit/contract';
import { blocksCheckout, ERROR_STATUS } from '@cartkit/contract';

/**
 * Base of every error the API answers on purpose. The HTTP layer turns it
 * into an RFC 9457 problem with `code`; anything else becomes a bare 500.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra fields that go into the problem document. */
  readonly extra: Record<string, unknown>;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: {
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
      status?: number;
    } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

/** One failed field of a request. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(detail: string, errors: readonly FieldIssue[] = []) {
    super('VALIDATION_FAILED', detail, errors.length > 0 ? { extra: { errors } } : {});
  }
}

/** The same `Idempotency-Key` came back with a different request: 422, as the contract says. */
export class IdempotencyKeyReuseError extends AppError {
  override name = 'IdempotencyKeyReuseError';
  constructor() {
    super('VALIDATION_FAILED', 'This Idempotency-Key was already used with a different request.', { status: 422 });
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(detail = 'Missing or invalid credentials.') {
    super('UNAUTHORIZED', detail);
  }
}

/** An anonymous cart (or a token that never wrote one) past its 30 days: 401, decided by `domain/cart-liveness.ts`. */
export class CartExpiredError extends UnauthorizedError {
  override name = 'CartExpiredError';
  constructor() {
    super('The cart token has expired.');
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(detail: string) {
    super('FORBIDDEN', detail);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(detail: string) {
    super('NOT_FOUND', detail);
  }
}

export class MethodNotAllowedError extends AppError {
  override name = 'MethodNotAllowedError';
  constructor(detail: string) {
    super('METHOD_NOT_ALLOWED', detail);
  }
}

export class VersionConflictError extends AppError {
  override name = 'VersionConflictError';
  constructor(cart: Cart) {
    super('VERSION_CONFLICT', `The cart is at version ${cart.version}.`, { extra: { cart } });
  }
}

export class PayloadTooLargeError extends AppError {
  override name = 'PayloadTooLargeError';
  constructor(limit: number) {
    super('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${limit} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override name = 'UnsupportedMediaTypeError';
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
}

export class UnknownSkuError extends AppError {
  override name = 'UnknownSkuError';
  constructor(sku: string) {
    super('UNKNOWN_SKU', `No product has the SKU "${sku}".`, { extra: { sku } });
  }
}

export class OutOfStockError extends AppError {
  override name = 'OutOfStockError';
  constructor(sku: string) {
    super('OUT_OF_STOCK', `"${sku}" is out of stock.`, { extra: { sku } });
  }
}

export class QuantityLimitError extends AppError {
  override name = 'QuantityLimitError';
  constructor(sku: string, max: number) {
    super('QUANTITY_LIMIT', `A line holds at most ${max} of "${sku}".`, { extra: { sku, max } });
  }
}

export class CartFullError extends AppError {
  override name = 'CartFullError';
  constructor(max: number) {
    super('CART_FULL', `A cart holds at most ${max} different products.`, { extra: { max } });
  }
}

/**
 * A checkout while an earlier order of the same cart is still being
 * processed: its lines are in the cart until the worker takes them out, so
 * a second order now would buy them twice. Retry once that order is final.
 */
export class CheckoutInProgressError extends AppError {
  override name = 'CheckoutInProgressError';
  constructor(orderId: string, retryAfterSeconds: number) {
    super('CHECKOUT_IN_PROGRESS', 'An earlier checkout of this cart is still being processed; try again shortly.', {
      extra: { orderId },
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class RateLimitedError extends AppError {
  override name = 'RateLimitedError';
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; try again later.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class UnavailableError extends AppError {
  override name = 'UnavailableError';
  constructor(retryAfterSeconds: number, cause?: unknown) {
    super('UNAVAILABLE', 'The cart service is briefly unavailable; try again shortly.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      cause,
    });
  }
}

/**
 * `POST /cart/checkout` whose `expectedTotal` is not the total the cart costs
 * now (a price, stock, shipping or tax rule moved): 409 with the fresh quote,
 * so the shopper reviews it and nothing is charged at a total they have not seen.
 */
export class QuoteChangedError extends AppError {
  override name = 'QuoteChangedError';
  constructor(quote: Quote, expectedTotal: number) {
    super(
      'QUOTE_CHANGED',
      `The total is now ${quote.total} (minor units), not ${expectedTotal}; review the order and pay again.`,
      { extra: { quote } },
    );
  }
}

/** `POST /cart/checkout` while the quote has a problem that blocks it (`blocksCheckout`): 422 with the quote. */
export class CheckoutBlockedError extends AppError {
  override name = 'CheckoutBlockedError';
  constructor(quote: Quote) {
    const blocking = quote.problems.filter((problem) => blocksCheckout(problem));
    super('CHECKOUT_BLOCKED', blocking.map((problem) => problem.message).join(' ') || 'Checkout is blocked.', {
      extra: { quote },
    });
  }
}

/**
 * An admin move the order's state does not allow (fulfil an unpaid order,
 * refund more than is left): 409 with the order's status and why.
 */
export class OrderStateConflictError extends AppError {
  override name = 'OrderStateConflictError';
  constructor(detail: string, status: string) {
    super('ORDER_STATE_CONFLICT', detail, { extra: { orderStatus: status } });
  }
}

/** One bad field of the shop's configuration file. */
export interface ShopConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The shop's configuration file is not valid: raised at start (cold start on
 * AWS, `pnpm start` locally), never answered to a client. The message lists
 * every bad field, one per line.
 */
export class ShopConfigError extends Error {
  override name = 'ShopConfigError';
  readonly issues: readonly ShopConfigIssue[];
  constructor(source: string, issues: readonly ShopConfigIssue[]) {
    super(
      `${source} is not a valid shop configuration:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/** An admin catalog write that cannot apply to the catalog as it is now (409): stock moved, SKU taken, not archived. */
export class CatalogConflictError extends AppError {
  override name = 'CatalogConflictError';
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super('CATALOG_CONFLICT', detail, { extra });
  }
}
