import type { StoredOrder } from '../domain/order.js';

/** What a payment provider needs to open a hosted payment page for one order. */
export interface CheckoutRequest {
  readonly order: StoredOrder;
  /** The amount to charge, in minor units: the order's confirmed total, exactly. */
  readonly amount: number;
  /** When the page stops taking payment (epoch ms): the order's reservation window. */
  readonly expiresAt: number;
  /** Where the shopper lands after paying (the host page, with `#cartkit-order=<id>`). */
  readonly successUrl: string;
  /** Where "back" or "cancel" on the provider's page goes. */
  readonly cancelUrl: string;
}

/** An open hosted payment page. */
export interface CheckoutSession {
  readonly sessionId: string;
  readonly url: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** A verified provider event, reduced to what the payment worker acts on. */
export interface PaymentEvent {
  readonly eventId: string;
  /** `checkout.session.completed`, `checkout.session.expired`, or anything else (ignored). */
  readonly eventType: string;
  readonly sessionId: string;
  /** The order the session was opened for (`client_reference_id`). */
  readonly orderId: string | null;
}

/** A refund of (part of) an order's payment. */
export interface RefundRequest {
  readonly sessionId: string;
  /** Minor units, at least 1. */
  readonly amount: number;
  readonly orderId: string;
  readonly idempotencyKey: string;
}

/** A refund the provider made. */
export interface RefundResult {
  readonly refundId: string;
  readonly amount: number;
}

/** The provider refused a refund (nothing was refunded): answer 409 with its reason. */
export class RefundRefusedError extends Error {
  override name = 'RefundRefusedError';
}

/** The provider's signature did not verify (or the body is not one of its events): answer 400, change nothing. */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/**
 * An online payment provider behind a small interface, so another one can be
 * added later (Stripe Checkout is the one built: `StripePayments`).
 */
export interface PaymentProvider {
  /** Opens a hosted payment page; the same order always opens the same one (idempotent per order). */
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * Closes a page that has not been paid. Answers `complete` when it was paid
   * (the order must not be expired: its paid event is on its way), else `expired`.
   */
  expire(sessionId: string): Promise<'expired' | 'complete'>;
  /**
   * Refunds `amount` of the payment taken through `sessionId`. The same
   * `idempotencyKey` always answers the same refund, never a second one.
   * Throws {@link RefundRefusedError} when the provider refuses it (refunded
   * already, more than is left).
   */
  refund(request: RefundRequest): Promise<RefundResult>;
  /** Verifies a webhook delivery on its raw body; throws {@link WebhookSignatureError}. */
  verifyWebhook(rawBody: string, signature: string | undefined): PaymentEvent;
}
