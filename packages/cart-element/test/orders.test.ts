import type { Order } from '@cartkit/contract';
import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { deepActive } from './support/dom.js';
import { $, drawerWith } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

type Updating = HTMLElement & { updateComplete: Promise<unknown> };
const signedIn = { userId: 'u1', email: 'ada@example.com' };

function order(n: number, status: Order['status'] = 'PAID'): Order {
  return {
    orderId: `ord-${n}`,
    number: `CK-0000-000${n}`,
    status,
    items: [{ sku: 'MUG', name: 'Coffee mug', unitPrice: 1250, quantity: n, lineTotal: 1250 * n, image: '' }],
    subtotal: 1250 * n,
    currency: 'EUR',
    createdAt: `2030-01-0${n}T00:00:00.000Z`,
    updatedAt: `2030-01-0${n}T00:00:00.000Z`,
    totals: { subtotal: 1250 * n, discount: 0, shipping: 495, tax: 0, taxIncluded: true, total: 1250 * n + 495 },
  };
}

async function openOrders(el: ShoppingCart): Promise<Updating> {
  $(el, '[part="your-orders"]').click();
  await waitUntil(() => el.shadowRoot!.querySelector('cart-orders'), 'no orders view');
  const list = $(el, 'cart-orders') as Updating;
  await waitUntil(() => list.shadowRoot!.querySelector('[part="orders-item"], p'), 'orders never rendered');
  await list.updateComplete;
  return list;
}

const items = (list: HTMLElement) => [...list.shadowRoot!.querySelectorAll<HTMLElement>('[part="orders-item"]')];

afterEach(() => localStorage.clear());

describe('Your orders', () => {
  it('is offered to signed-in shoppers only', async () => {
    const guest = await drawerWith(new FakeClient(makeCart({ MUG: 1 })));
    expect(guest.shadowRoot!.querySelector('[part="your-orders"]')).to.equal(null);
    const el = await drawerWith(new FakeClient(makeCart({ MUG: 1 }), signedIn));
    expect($(el, '[part="your-orders"]').textContent!.trim()).to.equal('Your orders');
  });

  it('lists orders newest first, pages with Show more, and opens an order', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }), signedIn);
    fake.history.push(order(3), order(2, 'CONFIRMED'), order(1, 'FAILED'));
    const el = await drawerWith(fake);
    const list = await openOrders(el);
    await waitUntil(() => deepActive() === list.shadowRoot!.querySelector('h3'), 'focus is not on the heading');
    expect(items(list).map((i) => i.dataset['order'])).to.deep.equal(['ord-3', 'ord-2']);
    expect(items(list)[0]!.textContent!.replace(/\s+/g, ' ')).to.contain('View order CK-0000-0003');
    expect(items(list)[0]!.textContent).to.contain('€42.45');
    await expect(el).to.be.accessible();
    list.shadowRoot!.querySelector<HTMLElement>('[part="orders-more"]')!.click();
    await waitUntil(() => items(list).length === 3, 'no second page');
    expect(items(list).map((i) => i.dataset['order'])).to.deep.equal(['ord-3', 'ord-2', 'ord-1']);
    expect(list.shadowRoot!.querySelector('[part="orders-more"]')).to.equal(null);
    await waitUntil(
      () => deepActive() === items(list)[2]!.querySelector('button'),
      'focus did not move to the new page',
    );
    expect(fake.calls).to.deep.equal(['listOrders -', 'listOrders 2']);
    items(list)[1]!.querySelector('button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="order"]'), 'no order view');
    await el.updateComplete;
    expect($(el, '[part="order-number"]').textContent).to.contain('CK-0000-0002');
    expect($(el, '[part="order-status"]').textContent).to.contain('Order confirmed');
    await waitUntil(
      () => deepActive() === el.shadowRoot!.querySelector('[part="order"] button'),
      'focus not on the order',
    );
    await expect(el).to.be.accessible();
  });

  it('says so when there are none, and Back to cart returns', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }), signedIn);
    const el = await drawerWith(fake);
    const list = await openOrders(el);
    await waitUntil(() => list.shadowRoot!.textContent!.includes('You have no orders yet.'));
    await expect(el).to.be.accessible();
    [...list.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Back to cart'))!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="line"]'), 'not back on the cart');
  });
});
