import type { CheckoutRequest, Order, Quote, QuoteProblem, QuoteRequest } from '@cartkit/contract';
import { blocksCheckout } from '@cartkit/contract/quote-rules';
import type { OrderPage } from '../types.js';
import { CartError, type CartErrorInit } from '../errors/errors.js';
import type { Api } from './api.js';

// The checkout routes, a lazy chunk of the SDK: a page that never checks out
// never downloads them (the cart and its badge load without).

type Request = Pick<Api, 'request'>['request'];

/**
 * 409 `QUOTE_CHANGED`: the total sent as `expectedTotal` is not what the cart
 * costs now (a price, the shipping or the tax moved). Nothing was placed or
 * charged; show {@link QuoteChangedError.quote} and ask the shopper again.
 *
 * @example
 * ```ts
 * try { await cart.checkout({ email, shippingAddress, shippingOptionId, expectedTotal: quote.total }); }
 * catch (error) { if (isQuoteChangedError(error)) showReview(error.quote); }
 * ```
 */
export class QuoteChangedError extends CartError {
  override name = 'QuoteChangedError' as const;
  declare readonly code: 'QUOTE_CHANGED';
  /** The fresh quote: what checkout would charge now. */
  readonly quote: Quote;
  constructor(init: Omit<CartErrorInit, 'code'> & { quote: Quote }) {
    super({ ...init, code: 'QUOTE_CHANGED' });
    this.quote = init.quote;
  }
}

/**
 * 422 `CHECKOUT_BLOCKED`: the quote has problems that stop checkout (a line over
 * stock, a country not shipped to, …). {@link CheckoutBlockedError.problems}
 * say which, each with a `message`; fix them and quote again.
 *
 * @example
 * ```ts
 * if (isCheckoutBlockedError(error)) error.problems.forEach((p) => console.log(p.message));
 * ```
 */
export class CheckoutBlockedError extends CartError {
  override name = 'CheckoutBlockedError' as const;
  declare readonly code: 'CHECKOUT_BLOCKED';
  /** The fresh quote, when the server sent it. */
  readonly quote: Quote | undefined;
  /** The problems that block checkout (`blocksCheckout()` of `@cartkit/contract/values`). */
  readonly problems: readonly QuoteProblem[];
  constructor(init: Omit<CartErrorInit, 'code'> & { quote?: Quote }) {
    super({ ...init, code: 'CHECKOUT_BLOCKED' });
    this.quote = init.quote;
    this.problems = (init.quote?.problems ?? []).filter(blocksCheckout);
  }
}

/** A `CartError` from the checkout routes as its typed subclass. */
export function toCheckoutError(error: unknown): unknown {
  if (!(error instanceof CartError) || !error.problem) return error;
  const { problem, status } = error;
  const quote = problem.quote as Quote | undefined;
  const init = { problem, cause: error, ...(status === undefined ? {} : { status }) };
  if (error.code === 'QUOTE_CHANGED' && quote) return new QuoteChangedError({ ...init, quote });
  if (error.code === 'CHECKOUT_BLOCKED') return new CheckoutBlockedError({ ...init, ...(quote ? { quote } : {}) });
  return error;
}

async function typed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toCheckoutError(error);
  }
}

/** `POST /checkout/quote` with the cart's credentials (a guest's cart token, or the bearer). */
export function quote(request: Request, input: QuoteRequest, signal?: AbortSignal): Promise<Quote> {
  return typed(
    async () =>
      (
        await request<Quote>({
          method: 'post',
          path: 'checkout/quote',
          auth: 'cart',
          json: input,
          ...(signal ? { signal } : {}),
        })
      ).data,
  );
}

/**
 * The page to come back to after payment, by default: this page's URL
 * without its fragment, in a browser on an http(s) page; none elsewhere
 * (Node, a `file:` page), where the server falls back to the shop's order page.
 */
export function currentPageUrl(): string | undefined {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof href !== 'string' || !/^https?:/i.test(href)) return undefined;
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

/**
 * `POST /cart/checkout` with a body: guests too. `If-Match` pins the cart version
 * the quote was made from; one Idempotency-Key per call, reused by every retry.
 * Without `input.returnUrl`, the payment page returns to this page ({@link currentPageUrl}).
 */
export function placeOrder(
  request: Request,
  input: CheckoutRequest,
  version: number | undefined,
  signal: AbortSignal,
): Promise<Order> {
  const headers: Record<string, string> = version ? { 'if-match': `"${version}"` } : {};
  const returnUrl = input.returnUrl ?? currentPageUrl();
  const body: CheckoutRequest = returnUrl === undefined ? input : { ...input, returnUrl };
  return typed(
    async () =>
      (
        await request<Order>({
          method: 'post',
          path: 'cart/checkout',
          auth: 'cart',
          json: body,
          headers,
          idempotencyKey: `checkout-${globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`}`,
          signal,
        })
      ).data,
  );
}

/** `GET /orders`: the signed-in shopper's orders, newest first. */
export async function listOrders(request: Request, cursor: string | undefined): Promise<OrderPage> {
  return (
    await request<OrderPage>({
      method: 'get',
      path: 'orders',
      auth: 'user',
      ...(cursor ? { searchParams: { cursor } } : {}),
    })
  ).data;
}
