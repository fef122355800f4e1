import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { part, parts } from './support/dom.js';
import { checkoutFlow } from './support/drawer.js';
import { makeCart, type MockApi, mockApi, seedCart } from './support/mock-api.js';

/** The drawer against the msw API (the real SDK), open, with `lines` added. */
async function openCartWith(lines: Record<string, number>): Promise<{ el: ShoppingCart; api: MockApi }> {
  const api = await mockApi(makeCart(lines));
  const el = await fixture<ShoppingCart>(html`<shopping-cart api=${api.apiUrl} locale="en-US"></shopping-cart>`);
  await waitUntil(() => el.cart !== null, 'cart never loaded', { timeout: 5000 });
  await seedCart(el, api);
  el.show();
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot!.querySelector('[part="line"]'), 'no lines');
  return { el, api };
}

const lineOf = (el: ShoppingCart, sku: string) => part(el, `[part="line"][data-sku="${sku}"]`);

afterEach(() => localStorage.clear());

describe('stock in the cart (issue 14)', () => {
  it('the stepper cannot go past the stock', async () => {
    const { el, api } = await openCartWith({ LAST: 2, MUG: 2 });
    expect(el.cart!.items.find((l) => l.sku === 'LAST')!.stock).to.equal(2); // through the SDK
    const plus = lineOf(el, 'LAST').querySelector<HTMLElement>('[part="increment"]')!;
    expect(plus.getAttribute('aria-disabled')).to.equal('true');
    const before = api.calls.length;
    plus.click();
    await el.updateComplete;
    expect(api.calls.length).to.equal(before);
    expect(lineOf(el, 'LAST').querySelector('[part="quantity"]')!.textContent!.trim()).to.equal('2');
    // A line below its stock still steps up.
    expect(lineOf(el, 'MUG').querySelector('[part="increment"]')!.hasAttribute('aria-disabled')).to.equal(false);
  });

  it('a line beyond stock is flagged by product name and blocks checkout until fixed', async () => {
    const { el } = await openCartWith({ LAST: 3, MUG: 1 });
    expect(lineOf(el, 'LAST').textContent).to.contain('Only 2 of Last lamp in stock');
    expect(lineOf(el, 'MUG').querySelector('[part="line-stock"]')).to.equal(null);
    expect(part(el, '[part="stock-notice"]').textContent).to.contain('Lower the quantity of Last lamp to check out.');
    const checkout = part(el, '[part="checkout"]');
    expect(checkout.getAttribute('aria-disabled')).to.equal('true');
    expect(checkout.getAttribute('aria-describedby')).to.equal('stock-notice');
    await expect(el).to.be.accessible();
    checkout.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('cart-checkout')).to.equal(null);
    // Fix it: one fewer.
    lineOf(el, 'LAST').querySelector<HTMLElement>('[part="decrement"]')!.click();
    await waitUntil(() => parts(el, '[part="line-stock"]').length === 0, 'flag stayed after the fix');
    await waitUntil(() => el.cart!.items.every((l) => !(l as { pending?: boolean }).pending), 'change never confirmed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="stock-notice"]')).to.equal(null);
    expect(part(el, '[part="checkout"]').getAttribute('aria-disabled')).to.equal('false');
    part(el, '[part="checkout"]').click();
    await checkoutFlow(el);
  });
});
