import { invalidParam, StripeApiError } from './api-error.js';
import { stripeId } from './ids.js';
import type { CreateSessionParams } from './session-params.js';

/** Stripe's `checkout.session` object, the fields this stand-in fills. */
export interface CheckoutSessionObject {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer_details: { email: string | null } | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: 'payment';
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: 'unpaid' | 'paid';
  shipping_cost: { amount_subtotal: number; amount_tax: number; amount_total: number; shipping_rate: string } | null;
  status: 'open' | 'complete' | 'expired';
  success_url: string;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  ui_mode: 'hosted';
  url: string | null;
}

/** A session with what only the stand-in keeps: its lines and shipping label for the hosted page. */
export interface StoredSession {
  readonly params: CreateSessionParams;
  readonly hostedUrl: string;
  readonly shippingRateId: string | null;
  object: CheckoutSessionObject;
}

/** Why a session left `open`: the event Stripe sends for it. */
export type SessionTransition = 'checkout.session.completed' | 'checkout.session.expired';

/**
 * The stand-in's Checkout Sessions, in memory. Every change of status goes through
 * {@link SessionStore.complete} or {@link SessionStore.expire}, which report it once
 * through `onTransition` (the webhook sender).
 *
 * @example
 * ```ts
 * const store = new SessionStore((id) => `http://127.0.0.1:4242/c/pay/${id}`, (type, s) => send(type, s));
 * const session = store.create(params, now);
 * ```
 */
export class SessionStore {
  readonly #sessions = new Map<string, StoredSession>();

  constructor(
    private readonly hostedUrl: (id: string) => string,
    private readonly onTransition: (type: SessionTransition, session: CheckoutSessionObject) => void,
  ) {}

  /** `discount`: what the session's coupon takes off its line items (Stripe: never off shipping). */
  create(params: CreateSessionParams, now: number, discount = 0): StoredSession {
    const id = stripeId('cs_test_', 58);
    const subtotal = params.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
    if (!Number.isInteger(discount) || discount < 0 || discount > subtotal) {
      throw new Error(`A discount of ${discount} on line items worth ${subtotal}`);
    }
    const shippingAmount = params.shipping?.amount ?? 0;
    const shippingRateId = params.shipping ? stripeId('shr_', 24) : null;
    const hostedUrl = this.hostedUrl(id);
    const object: CheckoutSessionObject = {
      id,
      object: 'checkout.session',
      amount_subtotal: subtotal,
      amount_total: subtotal - discount + shippingAmount,
      cancel_url: params.cancelUrl,
      client_reference_id: params.clientReferenceId,
      created: now,
      currency: params.currency,
      customer_details: null,
      customer_email: params.customerEmail,
      expires_at: params.expiresAt,
      livemode: false,
      metadata: { ...params.metadata },
      mode: 'payment',
      payment_intent: null,
      payment_method_types: [...params.paymentMethodTypes],
      payment_status: 'unpaid',
      shipping_cost:
        shippingRateId === null
          ? null
          : {
              amount_subtotal: shippingAmount,
              amount_tax: 0,
              amount_total: shippingAmount,
              shipping_rate: shippingRateId,
            },
      status: 'open',
      success_url: params.successUrl,
      total_details: { amount_discount: discount, amount_shipping: shippingAmount, amount_tax: 0 },
      ui_mode: 'hosted',
      url: hostedUrl,
    };
    const stored: StoredSession = { params, hostedUrl, shippingRateId, object };
    this.#sessions.set(id, stored);
    return stored;
  }

  /** The paid session whose payment is `paymentIntent` (refunds), or undefined. */
  paidWith(paymentIntent: string): CheckoutSessionObject | undefined {
    for (const session of this.#sessions.values()) {
      if (session.object.status === 'complete' && session.object.payment_intent === paymentIntent)
        return session.object;
    }
    return undefined;
  }

  /** The session, or undefined for an unknown id. */
  find(id: string): StoredSession | undefined {
    return this.#sessions.get(id);
  }

  /** The session, or Stripe's 404 `resource_missing`. */
  get(id: string): StoredSession {
    const found = this.#sessions.get(id);
    if (!found) {
      throw new StripeApiError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, {
        param: 'session',
        code: 'resource_missing',
      });
    }
    return found;
  }

  /** Pays an open session (the hosted page's "Pay"). Returns false when it is not open. */
  complete(id: string): boolean {
    const session = this.get(id);
    if (session.object.status !== 'open') return false;
    session.object = {
      ...session.object,
      status: 'complete',
      payment_status: 'paid',
      payment_intent: stripeId('pi_', 24),
      customer_details: { email: session.params.customerEmail },
      url: null,
    };
    this.onTransition('checkout.session.completed', session.object);
    return true;
  }

  /**
   * Expires an open session (`POST .../expire`, or its `expires_at` passing).
   * Stripe refuses to expire a session that is not open.
   */
  expire(id: string): StoredSession {
    const session = this.get(id);
    if (session.object.status !== 'open') {
      throw invalidParam(
        'session',
        'Only Checkout Sessions with a status in ["open"] can be expired.',
        'checkout_session_not_open',
      );
    }
    session.object = { ...session.object, status: 'expired', url: null };
    this.onTransition('checkout.session.expired', session.object);
    return session;
  }

  /** Expires every open session whose `expires_at` is at or before `now` (seconds). */
  expireDue(now: number): number {
    let count = 0;
    for (const [id, session] of this.#sessions) {
      if (session.object.status === 'open' && session.object.expires_at <= now) {
        this.expire(id);
        count += 1;
      }
    }
    return count;
  }
}
