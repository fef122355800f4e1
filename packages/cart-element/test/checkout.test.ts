import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { FakeClient } from './support/fake-client.js';
import { checkoutFlow, inFlow, onStep, payThroughFlow, submitStep, testAddress } from './support/drawer.js';
import { makeCart } from './support/mock-api.js';

async function cartWith(fake: FakeClient): Promise<ShoppingCart> {
  const el = await fixture<ShoppingCart>(
    html`<shopping-cart locale="en-US" .client=${fake.asClient()}></shopping-cart>`,
  );
  el.show();
  await el.updateComplete;
  return el;
}

function $(el: ShoppingCart, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

async function authPanel(el: ShoppingCart): Promise<HTMLElement> {
  await waitUntil(() => customElements.get('cart-auth-panel'), 'auth chunk never loaded');
  const panel = $(el, 'cart-auth-panel');
  await (panel as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return panel;
}

function fillForm(panel: HTMLElement, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    panel.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.value = value;
  }
  panel.shadowRoot!.querySelector('form')!.requestSubmit();
}

describe('checkout', () => {
  // Issue 14: a guest checks out without an account; "Sign in" stays offered, and
  // signing in from checkout merges the carts and returns to the flow: it never places an order.
  it('a signed-out shopper checks out as a guest; signing in from checkout returns to the flow, then pays', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const el = await cartWith(fake);
    $(el, '[part="checkout"]').click();
    const flow = await checkoutFlow(el);
    await onStep(flow, 'Contact');
    // A guest needs no account: Check out shows the contact step, not sign-in.
    expect(customElements.get('cart-auth-panel')).to.equal(undefined);
    expect(flow.shadowRoot!.querySelector('input[name="email"]')).to.not.equal(null);
    expect(flow.shadowRoot!.textContent).to.contain('No account needed');
    // "Sign in" is still offered, and says why it shows.
    [...flow.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Sign in'))!.click();
    await el.updateComplete;
    expect($(el, '.body').textContent).to.contain('Sign in to check out.');
    const panel = await authPanel(el);
    fillForm(panel, { email: 'ada@example.com', password: 'correct horse' });
    const back = await checkoutFlow(el);
    await onStep(back, 'Shipping address');
    expect(fake.calls).to.deep.equal(['signIn ada@example.com']); // signed in, no order placed
    // The rest of the flow with the signed-in email fixed; Pay places the order.
    await waitUntil(() => back.shadowRoot!.querySelector('select[name="country"] option'), 'no countries');
    inFlow<HTMLSelectElement>(back, 'select[name="country"]').value = 'GB';
    await submitStep(back, testAddress);
    await onStep(back, 'Shipping');
    await submitStep(back);
    await onStep(back, 'Review and pay');
    await submitStep(back);
    await waitUntil(() => fake.calls.some((c) => c.startsWith('checkout {')), 'did not continue to checkout');
    expect(fake.calls[0]).to.equal('signIn ada@example.com');
    expect(JSON.parse(fake.calls.find((c) => c.startsWith('checkout {'))!.slice(9)).email).to.equal('ada@example.com');
  });

  it('shows order progress live and fires cart:checkout', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }), { userId: 'u1', email: 'ada@example.com' });
    const el = await cartWith(fake);
    const first = oneEvent(el, 'cart:checkout');
    await payThroughFlow(el);
    expect((await first).detail.order.status).to.equal('PENDING');
    await el.updateComplete;
    expect($(el, '[part="order-status"]').textContent).to.contain('Placing your order');
    expect($(el, '[part="order-number"]').textContent).to.contain('CK-4827-1930');
    const second = oneEvent(el, 'cart:checkout');
    fake.setOrder({ ...fake.snapshot.orders['ord-1']!, status: 'FAILED', reason: 'MUG is out of stock' });
    expect((await second).detail.order.status).to.equal('FAILED');
    await el.updateComplete;
    expect($(el, '[part="order-status"]').textContent).to.contain('Your order failed: MUG is out of stock');
    const third = oneEvent(el, 'cart:checkout');
    fake.setOrder({ ...fake.snapshot.orders['ord-1']!, status: 'CONFIRMED', reason: undefined });
    expect((await third).detail.order.status).to.equal('CONFIRMED');
    await el.updateComplete;
    expect($(el, '[part="order-status"]').textContent).to.contain('Order confirmed');
  });
});

describe('account', () => {
  it('signs up with a code, then is signed in', async () => {
    const fake = new FakeClient(makeCart());
    const el = await cartWith(fake);
    $(el, '[part="account"] button').click();
    await el.updateComplete;
    const panel = await authPanel(el);
    const toSignUp = [...panel.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Create'))!;
    toSignUp.click();
    await (panel as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    fillForm(panel, { email: 'ada@example.com', password: 'correct horse' });
    await waitUntil(() => panel.shadowRoot!.querySelector('input[name="code"]'), 'no code form');
    fillForm(panel, { code: '123456' });
    await waitUntil(() => fake.snapshot.user, 'not signed in');
    expect(fake.calls).to.deep.equal([
      'signUp ada@example.com',
      'confirmSignUp ada@example.com 123456',
      'signIn ada@example.com',
    ]);
    await el.updateComplete;
    expect($(el, '[part="account"]').textContent).to.contain('Signed in as ada@example.com');
  });

  it('signs out', async () => {
    const fake = new FakeClient(makeCart(), { userId: 'u1', email: 'ada@example.com' });
    const el = await cartWith(fake);
    $(el, '[part="account"] button').click();
    await waitUntil(() => fake.calls.includes('signOut'));
    await el.updateComplete;
    expect($(el, '[part="account"]').textContent).to.contain('Sign in');
  });

  it('the open sign-in panel passes axe', async () => {
    const el = await cartWith(new FakeClient(makeCart()));
    $(el, '[part="account"] button').click();
    await el.updateComplete;
    await authPanel(el);
    await expect(el).to.be.accessible();
  });
});
