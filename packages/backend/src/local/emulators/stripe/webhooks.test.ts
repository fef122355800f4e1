import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signStripePayload } from './webhooks.js';

const stripe = new Stripe('sk_test_unit');
const secret = 'whsec_unit_test_secret';
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed' }, null, 2);

describe('signStripePayload', () => {
  it('signs as Stripe does: the official constructEvent verifies it', () => {
    const header = signStripePayload(payload, secret, Math.floor(Date.now() / 1000));

    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(stripe.webhooks.constructEvent(payload, header, secret).id).toBe('evt_1');
  });

  it('matches the header stripe-node generates for the same timestamp', () => {
    const timestamp = 1_700_000_000;

    expect(signStripePayload(payload, secret, timestamp)).toBe(
      stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    );
  });

  it('does not verify a changed body, another secret, or a stale timestamp', () => {
    const header = signStripePayload(payload, secret, Math.floor(Date.now() / 1000));
    const stale = signStripePayload(payload, secret, Math.floor(Date.now() / 1000) - 600);

    expect(() => stripe.webhooks.constructEvent(payload.replace('evt_1', 'evt_2'), header, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(payload, stale, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
