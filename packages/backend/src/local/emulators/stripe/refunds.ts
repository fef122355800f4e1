import { invalidParam, StripeApiError } from './api-error.js';
import type { FormObject } from './form-params.js';
import { stripeId } from './ids.js';
import type { CheckoutSessionObject } from './sessions.js';

/** Stripe's `refund` object, the fields this stand-in fills. */
export interface RefundObject {
  id: string;
  object: 'refund';
  amount: number;
  charge: string | null;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  status: 'succeeded';
}

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

/**
 * The stand-in's refunds, in memory: `POST /v1/refunds` with `payment_intent`
 * (of a paid Checkout Session), an optional `amount` (default: what is left),
 * `reason` and `metadata`, checked as Stripe checks them (a payment refunded
 * in full, or an amount past what is left, is `charge_already_refunded` /
 * `amount_too_large`). Refunds succeed at once.
 *
 * @example
 * ```ts
 * const refunds = new RefundStore((pi) => sessions.paidWith(pi));
 * const refund = refunds.create(form, nowSeconds());
 * ```
 */
export class RefundStore {
  readonly #refunds = new Map<string, RefundObject>();

  constructor(private readonly paidSession: (paymentIntent: string) => CheckoutSessionObject | undefined) {}

  create(form: FormObject, now: number): RefundObject {
    const known = new Set(['payment_intent', 'amount', 'reason', 'metadata']);
    for (const key of Object.keys(form)) {
      if (!known.has(key)) {
        throw new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${key}`, {
          param: key,
          code: 'parameter_unknown',
        });
      }
    }
    const paymentIntent = form.payment_intent;
    if (typeof paymentIntent !== 'string' || paymentIntent === '') {
      throw invalidParam(
        'payment_intent',
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    }
    const session = this.paidSession(paymentIntent);
    if (!session) {
      throw new StripeApiError(404, 'invalid_request_error', `No such payment_intent: '${paymentIntent}'`, {
        param: 'payment_intent',
        code: 'resource_missing',
      });
    }
    const refunded = [...this.#refunds.values()]
      .filter((refund) => refund.payment_intent === paymentIntent)
      .reduce((sum, refund) => sum + refund.amount, 0);
    const left = session.amount_total - refunded;
    if (left <= 0) {
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Charge for payment_intent ${paymentIntent} has already been refunded.`,
        {
          code: 'charge_already_refunded',
        },
      );
    }
    let amount = left;
    if (form.amount !== undefined) {
      const raw = form.amount;
      amount = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(amount) || amount < 1) throw invalidParam('amount', `Invalid positive integer`);
      if (amount > left) {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
          { param: 'amount', code: 'amount_too_large' },
        );
      }
    }
    const reason = form.reason;
    if (reason !== undefined && !(typeof reason === 'string' && (REASONS as readonly string[]).includes(reason))) {
      throw invalidParam('reason', `Invalid reason: must be one of ${REASONS.join(', ')}`);
    }
    const metadata = form.metadata;
    if (metadata !== undefined && (typeof metadata !== 'object' || Array.isArray(metadata))) {
      throw invalidParam('metadata', 'Invalid object');
    }
    const refund: RefundObject = {
      id: stripeId('re_', 24),
      object: 'refund',
      amount,
      charge: null,
      created: now,
      currency: session.currency,
      metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, String(v)])),
      payment_intent: paymentIntent,
      reason: (reason as RefundObject['reason'] | undefined) ?? null,
      status: 'succeeded',
    };
    this.#refunds.set(refund.id, refund);
    return refund;
  }

  /** The refund, or Stripe's 404 `resource_missing`. */
  get(id: string): RefundObject {
    const found = this.#refunds.get(id);
    if (!found) {
      throw new StripeApiError(404, 'invalid_request_error', `No such refund: '${id}'`, {
        param: 'id',
        code: 'resource_missing',
      });
    }
    return found;
  }
}
