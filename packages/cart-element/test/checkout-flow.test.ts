import type { Order, Quote } from '@cartkit/contract';
import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { deepActive } from './support/dom.js';
import { $, drawerWith } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

type Updating = HTMLElement & { updateComplete: Promise<unknown> };

async function flow(el: ShoppingCart): Promise<Updating> {
  await waitUntil(() => el.shadowRoot!.querySelector('cart-checkout'), 'no checkout view');
  const flow = $(el, 'cart-checkout') as Updating;
  await flow.updateComplete;
  return flow;
}

function q<E extends HTMLElement = HTMLElement>(flow: HTMLElement, selector: string): E {
  const found = flow.shadowRoot!.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in: ${flow.shadowRoot!.textContent!.replace(/\s+/g, ' ')}`);
  return found;
}

async function onStep(flow: Updating, title: string): Promise<void> {
  await waitUntil(() => flow.shadowRoot!.querySelector('h3')?.textContent?.trim() === title, `not on "${title}"`, {
    timeout: 3000,
  });
  await flow.updateComplete;
  await waitUntil(() => deepActive() === q(flow, 'h3'), `focus is not on the "${title}" heading`);
}

async function submit(flow: Updating, values: Record<string, string> = {}): Promise<void> {
  for (const [name, value] of Object.entries(values)) q<HTMLInputElement>(flow, `[name="${name}"]`).value = value;
  q<HTMLFormElement>(flow, 'form').requestSubmit();
  await flow.updateComplete;
}

const address = { name: 'Ada Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH' };

async function toReview(fake: FakeClient): Promise<{ el: ShoppingCart; flow: Updating }> {
  const el = await drawerWith(fake);
  $(el, '[part="checkout"]').click();
  const f = await flow(el);
  await onStep(f, 'Contact');
  await expect(el).to.be.accessible();
  await submit(f, { email: 'ada@example.com' });
  await onStep(f, 'Shipping address');
  await waitUntil(() => f.shadowRoot!.querySelector('select[name="country"] option'), 'no countries');
  q<HTMLSelectElement>(f, 'select[name="country"]').value = 'GB';
  await expect(el).to.be.accessible();
  await submit(f, address);
  await onStep(f, 'Shipping');
  await expect(el).to.be.accessible();
  q<HTMLInputElement>(f, 'input[value="express"]').click();
  await submit(f);
  await onStep(f, 'Review and pay');
  await expect(el).to.be.accessible();
  return { el, flow: f };
}

afterEach(() => localStorage.clear());

describe('checkout flow', () => {
  it('a guest goes contact → address → shipping → review and pays the total shown', async () => {
    const fake = new FakeClient(makeCart({ MUG: 2 }));
    const { el, flow: f } = await toReview(fake);
    expect(fake.calls).to.include('quote GB -');
    expect(fake.calls).to.include('quote GB express');
    const text = f.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Coffee mug');
    expect(text).to.contain('€25.00'); // 2 × 12.50
    expect(text).to.contain('Shipping (Express)');
    expect(text).to.contain('Total');
    expect(q(f, '[part="pay"]').textContent).to.contain('€40.00');
    await submit(f);
    await waitUntil(() => fake.calls.some((c) => c.startsWith('checkout {')), 'did not check out');
    const sent = JSON.parse(fake.calls.find((c) => c.startsWith('checkout {'))!.slice(9));
    expect(sent).to.deep.equal({
      email: 'ada@example.com',
      shippingAddress: { ...address, country: 'GB' },
      shippingOptionId: 'express',
      expectedTotal: 4000,
    });
    await waitUntil(() => el.shadowRoot!.querySelector('[part="order"]'), 'no order view');
    expect(fake.calls.some((c) => c.startsWith('signIn'))).to.equal(false);
  });

  it('shows inline errors a shopper understands, on the fields, and focuses the first', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const el = await drawerWith(fake);
    $(el, '[part="checkout"]').click();
    const f = await flow(el);
    await submit(f, { email: 'not-an-email' });
    expect(q(f, '#email-error').textContent).to.contain('Enter an email address like name@example.com.');
    await submit(f, { email: 'ada@example.com' });
    await onStep(f, 'Shipping address');
    await submit(f, { name: 'Ada' });
    await waitUntil(() => deepActive() === q(f, '[name="line1"]'), 'focus is not on the first invalid field');
    expect(q(f, '#line1-error').textContent).to.equal('Enter the street address.');
    expect(q(f, '#postalCode-error').textContent).to.equal('Enter the postal code.');
    expect(q(f, '[name="line1"]').getAttribute('aria-invalid')).to.equal('true');
    for (const [name, token] of [
      ['name', 'name'],
      ['line1', 'address-line1'],
      ['line2', 'address-line2'],
      ['city', 'address-level2'],
      ['region', 'address-level1'],
      ['postalCode', 'postal-code'],
      ['country', 'country'],
    ]) {
      expect(q(f, `[name="${name}"]`).getAttribute('autocomplete'), name).to.equal(token);
    }
    await expect(el).to.be.accessible();
    expect(fake.calls.filter((c) => c.startsWith('quote'))).to.deep.equal([]);
  });

  it('QUOTE_CHANGED: shows the new quote and asks again, then pays the new total', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const { flow: f } = await toReview(fake);
    const first = q(f, '[part="pay"]').textContent!;
    expect(first).to.contain('€27.50');
    const fresh: Quote = {
      items: [{ sku: 'MUG', name: 'Coffee mug', unitPrice: 1400, quantity: 1, lineTotal: 1400, image: '' }],
      subtotal: 1400,
      discount: 0,
      shipping: 1500,
      tax: 200,
      taxIncluded: true,
      total: 2900,
      currency: 'EUR',
      shippingOptions: [{ id: 'express', label: 'Express', amount: 1500 }],
      shippingOptionId: 'express',
      problems: [
        {
          code: 'PRICE_CHANGED',
          sku: 'MUG',
          name: 'Coffee mug',
          oldUnitPrice: 1250,
          newUnitPrice: 1400,
          message: 'x',
        },
      ],
    };
    fake.checkoutFailures.push(
      Object.assign(new Error('changed'), { name: 'QuoteChangedError', code: 'QUOTE_CHANGED', quote: fresh }),
    );
    await submit(f);
    await waitUntil(() => q(f, '[part="pay"]').textContent!.includes('€29.00'), 'new total not shown');
    const text = f.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('The total changed since you looked');
    expect(text).to.contain('The price of Coffee mug changed from €12.50 to €14.00.');
    expect(fake.calls.filter((c) => c.startsWith('checkout {'))).to.have.length(1);
    await submit(f);
    await waitUntil(() => fake.calls.filter((c) => c.startsWith('checkout {')).length === 2, 'no second checkout');
    expect(JSON.parse(fake.calls.filter((c) => c.startsWith('checkout {'))[1]!.slice(9)).expectedTotal).to.equal(2900);
  });

  it('a line over stock is named and blocks Pay', async () => {
    const fake = new FakeClient(makeCart({ MUG: 3 }));
    const el = await drawerWith(fake);
    $(el, '[part="checkout"]').click();
    const f = await flow(el);
    await submit(f, { email: 'ada@example.com' });
    await onStep(f, 'Shipping address');
    await waitUntil(() => f.shadowRoot!.querySelector('select[name="country"] option'));
    await submit(f, address);
    await onStep(f, 'Shipping');
    const base = await fake.asClient().quote({ shippingAddress: { ...address, country: 'DE' } });
    fake.quotes.push({
      ...base,
      problems: [{ code: 'OVER_STOCK', sku: 'MUG', name: 'Coffee mug', quantity: 3, stock: 1, message: 'x' }],
    });
    await submit(f);
    await onStep(f, 'Review and pay');
    expect(f.shadowRoot!.textContent).to.contain('Only 1 of Coffee mug left');
    expect(q(f, '[part="pay"]').getAttribute('aria-disabled')).to.equal('true');
    await submit(f);
    expect(fake.calls.some((c) => c.startsWith('checkout {'))).to.equal(false);
  });

  it('signing in from checkout returns to checkout and never places an order', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const el = await drawerWith(fake);
    $(el, '[part="checkout"]').click();
    const f = await flow(el);
    [...f.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Sign in'))!.click();
    await waitUntil(() => customElements.get('cart-auth-panel') && el.shadowRoot!.querySelector('cart-auth-panel'));
    const panel = $(el, 'cart-auth-panel') as Updating;
    await panel.updateComplete;
    panel.shadowRoot!.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ada@example.com';
    panel.shadowRoot!.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'correct horse';
    panel.shadowRoot!.querySelector('form')!.requestSubmit();
    const back = await flow(el);
    await onStep(back, 'Shipping address');
    expect(fake.calls).to.deep.equal(['signIn ada@example.com']);
  });

  it('goes to the payment page when the order awaits payment', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    fake.placed = {
      status: 'AWAITING_PAYMENT',
      payment: { url: '#paid-here', expiresAt: '2030-01-01T01:00:00.000Z' },
    };
    const { flow: f } = await toReview(fake);
    await submit(f);
    await waitUntil(() => location.hash === '#paid-here', 'did not go to the payment page');
    history.replaceState(null, '', location.pathname + location.search);
  });
});

describe('payment page opened after placement', () => {
  it('goes to the payment page once the placed order turns AWAITING_PAYMENT, and not for another order', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const { el, flow: f } = await toReview(fake);
    await submit(f);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="order"]'), 'no order view');
    const placed = fake.snapshot.orders['ord-1']!;
    expect(placed.status).to.equal('PENDING');
    // Another order in the snapshot turning AWAITING_PAYMENT moves nothing.
    fake.setOrder({
      ...placed,
      orderId: 'ord-other',
      status: 'AWAITING_PAYMENT',
      payment: { url: '#not-this', expiresAt: '2030-01-01T01:00:00.000Z' },
    });
    await el.updateComplete;
    expect(location.hash).to.equal('');
    // The worker opens the payment page: the snapshot's order now has its URL.
    fake.setOrder({
      ...placed,
      status: 'AWAITING_PAYMENT',
      payment: { url: '#pay-later', expiresAt: '2030-01-01T01:00:00.000Z' },
    });
    await waitUntil(() => location.hash === '#pay-later', 'did not go to the payment page');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('an order awaiting payment opened later offers "Continue to payment"', async () => {
    const fake = new FakeClient(makeCart());
    fake.orders.set('ord-9', {
      orderId: 'ord-9',
      number: 'CK-4827-1930',
      status: 'AWAITING_PAYMENT',
      payment: { url: 'https://pay.example/c/pay/cs_1', expiresAt: '2030-01-01T01:00:00.000Z' },
      items: [{ sku: 'MUG', name: 'Coffee mug', unitPrice: 1250, quantity: 1, lineTotal: 1250, image: '' }],
      subtotal: 1250,
      currency: 'EUR',
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:01:00.000Z',
    });
    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}#cartkit-order=ord-9&token=t&payment=cancelled`,
    );
    const { fixture, html } = await import('@open-wc/testing');
    const el = await fixture<ShoppingCart>(
      html`<shopping-cart locale="en-US" .client=${fake.asClient()}></shopping-cart>`,
    );
    await waitUntil(() => el.open && el.shadowRoot!.querySelector('[part="order-pay"]'), 'no Continue to payment');
    const link = $(el, '[part="order-pay"]') as HTMLAnchorElement;
    expect(link.textContent!.trim()).to.equal('Continue to payment');
    expect(link.href).to.equal('https://pay.example/c/pay/cs_1');
    expect(location.hash).to.equal('', 'it never redirects by itself: the shopper chose to cancel');
    await expect(el).to.be.accessible();
  });
});

describe('return from payment', () => {
  it('reads #cartkit-order, removes it from the URL and opens the order view', async () => {
    const fake = new FakeClient(makeCart());
    const order: Order = {
      orderId: 'ord-7',
      number: 'CK-4827-1930',
      status: 'PAID',
      items: [{ sku: 'MUG', name: 'Coffee mug', unitPrice: 1250, quantity: 2, lineTotal: 2500, image: '' }],
      subtotal: 2500,
      currency: 'EUR',
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:01:00.000Z',
      shippingAddress: { ...address, country: 'GB' },
      totals: { subtotal: 2500, discount: 0, shipping: 495, tax: 400, taxIncluded: true, total: 2995 },
    };
    fake.orders.set('ord-7', order);
    history.replaceState(null, '', `${location.pathname}${location.search}#cartkit-order=ord-7&token=tok-abc`);
    const { fixture, html } = await import('@open-wc/testing');
    const el = await fixture<ShoppingCart>(
      html`<shopping-cart locale="en-US" .client=${fake.asClient()}></shopping-cart>`,
    );
    expect(location.hash).to.equal('');
    await waitUntil(() => el.open && el.shadowRoot!.querySelector('[part="order"]'), 'order view not opened');
    await el.updateComplete;
    expect(fake.calls).to.include('getOrder ord-7 tok-abc');
    const text = $(el, '[part="order"]').textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('CK-4827-1930');
    expect(text).to.contain('Payment received');
    await expect(el).to.be.accessible();
  });
});
