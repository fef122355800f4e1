import { createHmac } from 'node:crypto';
import { stripeId } from './ids.js';
import type { Logger } from '../../support/log.js';

/** A Stripe event object as delivered to a webhook endpoint. */
export interface StripeEvent<T = unknown> {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: T };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** How deliveries are retried: `attempts` in all, waiting `baseDelayMs * 2^(n-1)` after the n-th failure. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long one attempt may take before it counts as failed. */
  readonly timeoutMs: number;
}

/** Short local delays: 5 attempts over about 3 s. Stripe retries for up to 3 days. */
export const LOCAL_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000, timeoutMs: 5_000 };

/**
 * The `Stripe-Signature` header Stripe sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<payload>" keyed with the endpoint's whsec_ secret>`. `stripe.webhooks.constructEvent`
 * verifies it.
 *
 * @example
 * ```ts
 * const header = signStripePayload(JSON.stringify(event), 'whsec_abc', Math.floor(Date.now() / 1000));
 * ```
 */
export function signStripePayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** One delivery's outcome, for tests and the log. */
export interface DeliveryResult {
  readonly eventId: string;
  readonly type: string;
  readonly delivered: boolean;
  readonly attempts: number;
}

/**
 * Sends events to one webhook URL as Stripe does: JSON body, `Stripe-Signature` made afresh
 * (new timestamp) for every attempt, retried with exponential backoff on a non-2xx answer,
 * a timeout or a network error, so each event arrives at least once. Events are sent
 * independently, in no guaranteed order (as on Stripe).
 *
 * @example
 * ```ts
 * const sender = new WebhookSender({ url, secret, apiVersion, retry: LOCAL_RETRY_POLICY, log });
 * sender.send('checkout.session.completed', session, { id: null, idempotency_key: null });
 * ```
 */
export class WebhookSender {
  readonly #inFlight = new Set<Promise<DeliveryResult>>();
  readonly #abort = new AbortController();
  readonly #events: StripeEvent[] = [];

  constructor(
    private readonly options: {
      url: string;
      secret: string;
      apiVersion: string;
      retry: RetryPolicy;
      log: Logger;
      onResult?: (result: DeliveryResult) => void;
    },
  ) {}

  /** Builds the event and starts its delivery; returns the event at once. */
  send<T>(type: string, object: T, request: StripeEvent['request']): StripeEvent<T> {
    const event: StripeEvent<T> = {
      id: stripeId('evt_', 24),
      object: 'event',
      api_version: this.options.apiVersion,
      created: Math.floor(Date.now() / 1000),
      // A snapshot: later changes to the session do not alter an event already sent.
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request,
      type,
    };
    this.#events.push(event);
    const delivery = this.#deliver(event).then((result) => {
      this.options.onResult?.(result);
      return result;
    });
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
    return event;
  }

  /** Every event created so far, oldest first. */
  events(): readonly StripeEvent[] {
    return this.#events;
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Abandons pending retries and in-flight requests. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#inFlight);
  }

  async #deliver(event: StripeEvent): Promise<DeliveryResult> {
    const { retry, log } = this.options;
    const payload = JSON.stringify(event, null, 2);
    let attempt = 0;
    while (attempt < retry.attempts && !this.#abort.signal.aborted) {
      attempt += 1;
      const outcome = await this.#attempt(payload);
      if (outcome === 'ok') {
        log.info('stripe', 'webhook delivered', { event: event.id, type: event.type, attempt });
        return { eventId: event.id, type: event.type, delivered: true, attempts: attempt };
      }
      const last = attempt === retry.attempts;
      log.warn('stripe', last ? 'webhook delivery failed, giving up' : 'webhook delivery failed, will retry', {
        event: event.id,
        type: event.type,
        attempt,
        outcome,
      });
      if (!last) await this.#sleep(Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs));
    }
    return { eventId: event.id, type: event.type, delivered: false, attempts: attempt };
  }

  async #attempt(payload: string): Promise<string> {
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.options.retry.timeoutMs)]);
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signStripePayload(payload, this.options.secret, Math.floor(Date.now() / 1000)),
        },
        body: payload,
        redirect: 'manual',
        signal,
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300 ? 'ok' : `status ${response.status}`;
    } catch (error) {
      return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network error';
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
