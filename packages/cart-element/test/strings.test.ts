import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

describe('el.strings and the lazy views', () => {
  it("reads every lazy view's default once the drawer's chunk has loaded; a host's own strings win", async () => {
    const el = await fixture<ShoppingCart>(
      html`<shopping-cart locale="en-US" .client=${new FakeClient(makeCart({ MUG: 1 })).asClient()}></shopping-cart>`,
    );
    el.setStrings({ pay: 'Bezahlen {amount}' });
    el.show();
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelector('[part="checkout"]'), 'drawer chunk never loaded');
    expect(el.strings.title).to.equal('Your cart'); // core
    expect(el.strings.subtotal).to.equal('Subtotal'); // drawer
    expect(el.strings.addressTitle).to.equal('Shipping address'); // checkout
    expect(el.strings.errorSignIn).to.be.a('string'); // sign-in
    expect(el.strings.pay).to.equal('Bezahlen {amount}');
  });
});
