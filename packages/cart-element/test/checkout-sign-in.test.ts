import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { $, authPanel, checkoutFlow, drawerWith, inFlow, onStep, submitStep, testAddress } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

type Updating = HTMLElement & { updateComplete: Promise<unknown> };

// Issue 14: "signing in merges the carts and returns to the review, never places an order".

/** Clicks the flow's "Have an account? Sign in", signs in on the panel, and returns the flow shown after. */
async function signInFromFlow(el: ShoppingCart, flow: Updating): Promise<Updating> {
  inFlow(flow, '[part="sign-in"]').click();
  await el.updateComplete;
  expect($(el, '.body').textContent).to.contain('Sign in to check out.');
  const panel = await authPanel(el);
  panel.shadowRoot!.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ada@example.com';
  panel.shadowRoot!.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'correct horse';
  panel.shadowRoot!.querySelector('form')!.requestSubmit();
  const back = await checkoutFlow(el);
  await onStep(back, 'Review and pay');
  await waitUntil(() => back.shadowRoot!.querySelector('[part="pay"]'), 'the review never got its fresh quote');
  await back.updateComplete;
  return back;
}

const text = (flow: HTMLElement) => flow.shadowRoot!.textContent!.replace(/\s+/g, ' ');

async function guestToStep(fake: FakeClient, email: string): Promise<{ el: ShoppingCart; flow: Updating }> {
  const el = await drawerWith(fake);
  $(el, '[part="checkout"]').click();
  const flow = await checkoutFlow(el);
  await onStep(flow, 'Contact');
  await submitStep(flow, { email });
  await onStep(flow, 'Shipping address');
  await waitUntil(() => flow.shadowRoot!.querySelector('select[name="country"] option'), 'no countries');
  return { el, flow };
}

describe('sign-in at checkout', () => {
  it('from the review: lands on the review again with the merged cart, address and shipping kept, the account email, nothing placed', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    fake.accountCart = makeCart({ MUG: 1, TEE: 2 });
    const { el, flow } = await guestToStep(fake, 'guest@example.com');
    inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
    await submitStep(flow, testAddress);
    await onStep(flow, 'Shipping');
    inFlow<HTMLInputElement>(flow, 'input[value="express"]').click();
    await submitStep(flow);
    await onStep(flow, 'Review and pay');
    expect(inFlow(flow, '[part="pay"]').textContent).to.contain('€27.50'); // 12.50 + 15.00 express
    expect(text(flow)).to.contain('guest@example.com');

    const back = await signInFromFlow(el, flow);
    const review = text(back);
    // The merged cart, quoted again with the kept address and option: 12.50 + 2 × 19.99 + 15.00.
    expect(review).to.contain('T-shirt');
    expect(inFlow(back, '[part="pay"]').textContent).to.contain('€67.48');
    expect(review).to.contain('Shipping (Express)');
    expect(review).to.contain('Ada Lovelace, 12 St James Sq, London, United Kingdom');
    expect(review).to.contain('Your cart changed');
    // The receipt goes to the account's email, and there is no more "Sign in" to offer.
    expect(review).to.contain('We will send the receipt to ada@example.com.');
    expect(review).to.not.contain('guest@example.com');
    expect(back.shadowRoot!.querySelector('[part="sign-in"]')).to.equal(null);
    expect(fake.calls.filter((c) => c.startsWith('quote')).at(-1)).to.equal('quote GB express');
    expect(fake.calls.some((c) => c.startsWith('checkout'))).to.equal(false);
    await executeServerCommand('screenshot', { name: 'checkout-sign-in-review' });
    await expect(el).to.be.accessible();

    // Pay charges the merged total shown, to the account's email.
    await submitStep(back);
    await waitUntil(() => fake.calls.some((c) => c.startsWith('checkout {')), 'did not check out');
    const sent = JSON.parse(fake.calls.find((c) => c.startsWith('checkout {'))!.slice(9));
    expect(sent).to.deep.equal({
      email: 'ada@example.com',
      shippingAddress: { ...testAddress, country: 'GB' },
      shippingOptionId: 'express',
      expectedTotal: 6748,
    });
  });

  it('from the address step: the address typed but not yet submitted is kept', async () => {
    const fake = new FakeClient(makeCart({ MUG: 2 }));
    const { el, flow } = await guestToStep(fake, 'guest@example.com');
    inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
    for (const [name, value] of Object.entries(testAddress))
      inFlow<HTMLInputElement>(flow, `[name="${name}"]`).value = value;
    const back = await signInFromFlow(el, flow);
    expect(text(back)).to.contain('Ada Lovelace, 12 St James Sq, London, United Kingdom');
    expect(text(back)).to.contain('Shipping (Standard)'); // the server's default option for the address
    expect(text(back)).to.not.contain('Your cart changed');
    expect(fake.calls.some((c) => c.startsWith('checkout'))).to.equal(false);
    // "Change" goes back to the address, with what was typed in its fields.
    [...back.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Change')!.click();
    await onStep(back, 'Shipping address');
    expect(inFlow<HTMLInputElement>(back, '[name="line1"]').value).to.equal('12 St James Sq');
    expect(inFlow<HTMLSelectElement>(back, 'select[name="country"]').value).to.equal('GB');
  });

  it('from the shipping step: the option chosen is kept', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const { el, flow } = await guestToStep(fake, 'guest@example.com');
    inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
    await submitStep(flow, testAddress);
    await onStep(flow, 'Shipping');
    inFlow<HTMLInputElement>(flow, 'input[value="express"]').click();
    const back = await signInFromFlow(el, flow);
    expect(text(back)).to.contain('Shipping (Express)');
    expect(fake.calls.some((c) => c.startsWith('checkout'))).to.equal(false);
  });

  it('an address the server refuses after sign-in goes back to the address step with its error', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const { el, flow } = await guestToStep(fake, 'guest@example.com');
    inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
    for (const [name, value] of Object.entries(testAddress))
      inFlow<HTMLInputElement>(flow, `[name="${name}"]`).value = value;
    const base = await fake.asClient().quote({ shippingAddress: { ...testAddress, country: 'GB' } });
    fake.calls.length = 0;
    fake.quotes.push({
      ...base,
      problems: [{ code: 'COUNTRY_NOT_SHIPPED', country: 'GB', message: 'We do not ship to the United Kingdom.' }],
    } as never);
    inFlow(flow, '[part="sign-in"]').click();
    await el.updateComplete;
    const panel = await authPanel(el);
    panel.shadowRoot!.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ada@example.com';
    panel.shadowRoot!.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'correct horse';
    panel.shadowRoot!.querySelector('form')!.requestSubmit();
    const back = await checkoutFlow(el);
    await onStep(back, 'Shipping address');
    await waitUntil(() => back.shadowRoot!.querySelector('#country-error'), 'no country error');
    expect(inFlow(back, '#country-error').textContent).to.contain('We do not ship to the United Kingdom.');
    expect(back.shadowRoot!.querySelector('[part="pay"]')).to.equal(null);
    expect(fake.calls).to.deep.equal(['signIn ada@example.com', 'quote GB -']);
  });
});
