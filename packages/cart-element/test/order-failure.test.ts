import type { Order } from '@cartkit/contract';
import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { parts } from './support/dom.js';
import { $, drawerWith, payThroughFlow } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

// Issue 14: a FAILED order says why in the element's own (translatable) words, from its
// `reasonCode`; the server's English `reason` is only the fallback for a code it does not know.

async function failedWith(patch: Partial<Order>, strings: Record<string, string> = {}) {
  const fake = new FakeClient(makeCart({ MUG: 1 }), { userId: 'u1', email: 'ada@example.com' });
  const el = await drawerWith(fake);
  el.setStrings(strings);
  await payThroughFlow(el);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="order"]'), 'no order view');
  fake.setOrder({ ...fake.snapshot.orders['ord-1']!, status: 'FAILED', ...patch });
  await waitUntil(() => $(el, '[part="order"]').dataset['status'] === 'FAILED', 'not FAILED');
  await el.updateComplete;
  const status = $(el, '[part="order-status"]').textContent!.trim();
  // The screen-reader announcement (the drawer's own live region) says the same.
  await waitUntil(
    () => parts(el, '.visually-hidden[role="status"]').some((r) => r.textContent!.trim() === status),
    `"${status}" was not announced`,
  );
  return { el, status };
}

const ENGLISH = 'Out of stock: only 0 of "Coffee mug" left, 1 requested.';

describe('failed orders', () => {
  for (const [code, text] of [
    ['OUT_OF_STOCK', 'Your order failed: part of it sold out before we could reserve it.'],
    ['PRICE_CHANGED', 'Your order failed: a price changed since you checked out.'],
    ['NO_LONGER_SOLD', 'Your order failed: something in it is no longer sold.'],
    ['NOT_PROCESSED', 'Your order failed: we could not process it.'],
  ] as const) {
    it(`${code}: the element's own words, not the server's reason`, async () => {
      const { el, status } = await failedWith({ reasonCode: code, reason: ENGLISH });
      expect(status).to.contain(text);
      expect(status).to.contain('Nothing was charged');
      expect(status).to.not.contain('requested');
      await expect(el).to.be.accessible();
    });
  }

  it('a code this version does not know falls back to the server reason', async () => {
    const { status } = await failedWith({ reasonCode: 'CARD_LIMIT', reason: 'The card limit was reached.' });
    expect(status).to.equal('Your order failed: The card limit was reached.');
  });

  it('no reason at all: a generic message', async () => {
    const { status } = await failedWith({ reasonCode: undefined, reason: undefined });
    expect(status).to.equal('Your order failed: Something went wrong. Please try again.');
  });

  it('the strings translate like any other', async () => {
    const { status } = await failedWith(
      { reasonCode: 'OUT_OF_STOCK', reason: ENGLISH },
      { orderFailed: 'Bestellung fehlgeschlagen: {reason}', failedOutOfStock: 'ausverkauft, nichts wurde berechnet.' },
    );
    expect(status).to.equal('Bestellung fehlgeschlagen: ausverkauft, nichts wurde berechnet.');
  });
});

// Issue 16: the shop fulfils or refunds an order from the admin API; the shopper's order view says so.
describe('orders the shop moved on', () => {
  for (const [status, text] of [
    ['FULFILLED', 'Your order is on its way.'],
    ['PARTIALLY_REFUNDED', 'Part of your payment was refunded.'],
    ['REFUNDED', 'Your payment was refunded.'],
  ] as const) {
    it(`${status}: says so in words, and announces it`, async () => {
      const fake = new FakeClient(makeCart({ MUG: 1 }), { userId: 'u1', email: 'ada@example.com' });
      const el = await drawerWith(fake);
      await payThroughFlow(el);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="order"]'), 'no order view');
      fake.setOrder({ ...fake.snapshot.orders['ord-1']!, status });
      await waitUntil(() => $(el, '[part="order"]').dataset['status'] === status, `not ${status}`);
      await el.updateComplete;
      expect($(el, '[part="order-status"]').textContent!.trim()).to.equal(text);
      await waitUntil(
        () => parts(el, '.visually-hidden[role="status"]').some((r) => r.textContent!.trim() === text),
        `"${text}" was not announced`,
      );
    });
  }
});
