import Stripe from 'stripe';
import { UnavailableError } from '../domain/errors.js';
import type { StoredOrder } from '../domain/order.js';
import {
  type CheckoutRequest,
  type CheckoutSession,
  type PaymentEvent,
  type PaymentProvider,
  RefundRefusedError,
  type RefundRequest,
  type RefundResult,
  WebhookSignatureError,
} from './payment-provider.js';

/** Where the client talks to: Stripe itself (nothing), or the local stand-in. */
export interface StripeEndpoint {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

/**
 * The line items, shipping rate and amount that charge an order exactly its
 * confirmed total: each line at its frozen unit price, exclusive tax as one
 * more line, shipping as the one fixed-amount rate (Stripe's own tax and
 * several shipping options would let the total move), and the order's discount
 * as `discount` (minor units) for a one-off coupon on the session: Stripe takes a
 * coupon off the line items, never off shipping, so `discount` may not exceed
 * them. Throws when lines − discount + shipping do not add up to `amount` (a bug):
 * nothing is charged at a total the shopper has not seen.
 */
export function checkoutLines(order: StoredOrder, amount: number) {
  const currency = order.currency.toLowerCase();
  const totals = order.totals;
  const lineItems: {
    price_data: { currency: string; unit_amount: number; product_data: { name: string } };
    quantity: number;
  }[] = order.items.map((item) => ({
    price_data: { currency, unit_amount: item.unitPrice, product_data: { name: item.name } },
    quantity: item.quantity,
  }));
  if (totals && !totals.taxIncluded && totals.tax > 0) {
    lineItems.push({ price_data: { currency, unit_amount: totals.tax, product_data: { name: 'Tax' } }, quantity: 1 });
  }
  const shipping = totals?.shipping ?? 0;
  const label = order.shippingOption?.label ?? 'Shipping';
  const discount = totals?.discount ?? 0;
  const linesTotal = lineItems.reduce((sum, line) => sum + line.price_data.unit_amount * line.quantity, 0);
  const charged = linesTotal - discount + shipping;
  if (!Number.isInteger(discount) || discount < 0 || discount > linesTotal || charged !== amount) {
    throw new Error(`The order's lines add up to ${charged}, not its total ${amount}: not opening a payment page`);
  }
  return {
    lineItems,
    discount,
    shippingOptions:
      totals === undefined
        ? []
        : [
            {
              shipping_rate_data: {
                type: 'fixed_amount' as const,
                display_name: label,
                fixed_amount: { amount: shipping, currency },
              },
            },
          ],
  };
}

/**
 * {@link PaymentProvider} on Stripe Checkout with the official `stripe` SDK
 * (unchanged against the local stand-in: `endpoint` is its host and port).
 */
export class StripePayments implements PaymentProvider {
  readonly #stripe: Stripe;
  readonly #webhookSecret: string;

  constructor(keys: { secretKey: string; webhookSecret: string }, endpoint?: StripeEndpoint) {
    this.#stripe = new Stripe(
      keys.secretKey,
      endpoint
        ? { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol, maxNetworkRetries: 1 }
        : { maxNetworkRetries: 1 },
    );
    this.#webhookSecret = keys.webhookSecret;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const { order } = request;
    const { lineItems, shippingOptions, discount } = checkoutLines(order, request.amount);
    try {
      // The discount as a one-off coupon for this order only (one redemption); the same key on a
      // redelivery answers the first coupon, so a retried message never makes a second one.
      const coupon =
        discount > 0
          ? await this.#stripe.coupons.create(
              {
                amount_off: discount,
                currency: order.currency.toLowerCase(),
                duration: 'once',
                max_redemptions: 1,
                ...(order.discountCode ? { name: order.discountCode.slice(0, 40) } : {}),
                metadata: { orderId: order.orderId },
              },
              { idempotencyKey: `coupon-${order.orderId}` },
            )
          : undefined;
      const session = await this.#stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: lineItems,
          ...(shippingOptions.length > 0 ? { shipping_options: shippingOptions } : {}),
          ...(coupon ? { discounts: [{ coupon: coupon.id }] } : {}),
          client_reference_id: order.orderId,
          ...(order.email ? { customer_email: order.email } : {}),
          expires_at: Math.floor(request.expiresAt / 1000),
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          metadata: { orderId: order.orderId },
        },
        // One session per order, whatever the redeliveries: Stripe answers a repeat with the first.
        { idempotencyKey: `checkout-${order.orderId}` },
      );
      if (!session.url) throw new Error('Stripe answered a Checkout Session without a url');
      if (session.amount_total !== request.amount) {
        // Never leave a page open at another amount.
        await this.expire(session.id);
        throw new Error(`Stripe would charge ${session.amount_total}, not ${request.amount}`);
      }
      return { sessionId: session.id, url: session.url, expiresAt: session.expires_at * 1000 };
    } catch (error) {
      throw toProviderError(error);
    }
  }

  async expire(sessionId: string): Promise<'expired' | 'complete'> {
    try {
      const session = await this.#stripe.checkout.sessions.retrieve(sessionId);
      if (session.status === 'complete') return 'complete';
      if (session.status === 'open') await this.#stripe.checkout.sessions.expire(sessionId);
      return 'expired';
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) {
        // Paid or expired in between: ask again which.
        const session = await this.#stripe.checkout.sessions.retrieve(sessionId).catch(() => undefined);
        return session?.status === 'complete' ? 'complete' : 'expired';
      }
      throw toProviderError(error);
    }
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    try {
      const session = await this.#stripe.checkout.sessions.retrieve(request.sessionId);
      const paymentIntent =
        typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
      if (session.status !== 'complete' || !paymentIntent) {
        throw new RefundRefusedError('The order has no payment to refund.');
      }
      const refund = await this.#stripe.refunds.create(
        { payment_intent: paymentIntent, amount: request.amount, metadata: { orderId: request.orderId } },
        { idempotencyKey: request.idempotencyKey },
      );
      return { refundId: refund.id, amount: refund.amount };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) {
        throw new RefundRefusedError(`Stripe refused the refund: ${error.message}`);
      }
      throw toProviderError(error);
    }
  }

  verifyWebhook(rawBody: string, signature: string | undefined): PaymentEvent {
    if (!signature) throw new WebhookSignatureError('No Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = this.#stripe.webhooks.constructEvent(rawBody, signature, this.#webhookSecret);
    } catch {
      throw new WebhookSignatureError('The Stripe-Signature does not verify');
    }
    const object = event.data.object as { object?: string; id?: string; client_reference_id?: string | null };
    if (object.object !== 'checkout.session' || typeof object.id !== 'string') {
      return { eventId: event.id, eventType: event.type, sessionId: '', orderId: null };
    }
    return {
      eventId: event.id,
      eventType: event.type,
      sessionId: object.id,
      orderId: object.client_reference_id ?? null,
    };
  }
}

/** A Stripe outage (connection, rate limit, 5xx) as `UnavailableError`, so the message is retried; the rest as is. */
function toProviderError(error: unknown): unknown {
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError
  ) {
    return new UnavailableError(2, error);
  }
  return error;
}
