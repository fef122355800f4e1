import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { AddToCart } from '../src/add-to-cart.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { announced, badge } from './support/dom.js';
import { makeCart, mockApi } from './support/mock-api.js';

async function loaded(...carts: ShoppingCart[]): Promise<void> {
  await waitUntil(() => carts.every((c) => c.cart), 'cart never loaded', { timeout: 5000 });
  await Promise.all(carts.map((c) => c.updateComplete));
}

/** Keeps the drawer closed on add, as a host may. */
function stayClosed(e: Event): void {
  if ((e as CustomEvent).detail.trigger === 'add') e.preventDefault();
}

afterEach(() => {
  localStorage.clear();
  document.removeEventListener('cart:open', stayClosed);
});

describe('<add-to-cart>', () => {
  it('adds at once, opens the drawer, announces it and shows feedback', async () => {
    const api = await mockApi(makeCart());
    api.latency = 300;
    const wrap = await fixture(html`<div>
      <shopping-cart api=${api.apiUrl}></shopping-cart>
      <add-to-cart sku="MUG" quantity="2">Add mug</add-to-cart>
    </div>`);
    const cart = wrap.querySelector('shopping-cart')!;
    const button = wrap.querySelector<AddToCart>('add-to-cart')!;
    await loaded(cart);
    const open = oneEvent(cart, 'cart:open');
    button.shadowRoot!.querySelector('button')!.click();
    expect((await open).detail).to.deep.equal({ trigger: 'add', sku: 'MUG' });
    await cart.updateComplete;
    await button.updateComplete;
    expect(badge(cart)).to.equal('2');
    expect(cart.open).to.equal(true);
    expect(button.getAttribute('status')).to.equal('added');
    expect(announced(cart)).to.contain('to your cart');
    await waitUntil(() => api.calls.includes('POST /cart/items MUG 2'));
  });

  it('talks to the cart named by `cart`', async () => {
    const [a, b] = [await mockApi(makeCart()), await mockApi(makeCart())];
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div>
      <shopping-cart id="first" api=${a.apiUrl}></shopping-cart>
      <shopping-cart id="second" api=${b.apiUrl}></shopping-cart>
      <add-to-cart sku="TEE" cart="second"></add-to-cart>
    </div>`);
    const [first, second] = [...wrap.querySelectorAll('shopping-cart')] as [ShoppingCart, ShoppingCart];
    await loaded(first, second);
    const button = wrap.querySelector('add-to-cart')!;
    button.shadowRoot!.querySelector('button')!.click();
    await second.updateComplete;
    expect([badge(first), badge(second)]).to.deep.equal(['0', '1']);
  });

  it('works from inside another shadow root', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div><shopping-cart api=${api.apiUrl}></shopping-cart><section></section></div>`);
    const cart = wrap.querySelector('shopping-cart')!;
    await loaded(cart);
    const root = wrap.querySelector('section')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<add-to-cart sku="MUG"></add-to-cart>';
    const button = root.querySelector<AddToCart>('add-to-cart')!;
    await button.updateComplete;
    button.shadowRoot!.querySelector('button')!.click();
    await cart.updateComplete;
    expect(badge(cart)).to.equal('1');
  });

  it('shows error feedback after a rollback', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    api.failNext = { status: 422, code: 'UNKNOWN_SKU', detail: 'No such product.' };
    const wrap = await fixture(
      html`<div><shopping-cart api=${api.apiUrl}></shopping-cart><add-to-cart sku="NOPE"></add-to-cart></div>`,
    );
    const cart = wrap.querySelector('shopping-cart')!;
    await loaded(cart);
    const button = wrap.querySelector('add-to-cart')!;
    button.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => button.getAttribute('status') === 'error', 'no error feedback', { timeout: 5000 });
    await cart.updateComplete;
    expect(badge(cart)).to.equal('0');
  });
});

describe('<add-to-cart disabled>', () => {
  it('reflects `disabled`, disables the inner button (aria-disabled too) and adds nothing', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(
      html`<div><shopping-cart api=${api.apiUrl}></shopping-cart><add-to-cart sku="MUG" disabled>Sold out</add-to-cart></div>`,
    );
    const cart = wrap.querySelector('shopping-cart')!;
    await loaded(cart);
    const el = wrap.querySelector<AddToCart>('add-to-cart')!;
    const inner = el.shadowRoot!.querySelector('button')!;

    expect(el.disabled).to.equal(true);
    expect(inner.disabled).to.equal(true);
    expect(inner.getAttribute('aria-disabled')).to.equal('true');
    inner.click();
    await el.add().catch(() => undefined);
    await cart.updateComplete;
    expect(badge(cart)).to.equal('0');
    expect(api.calls).to.deep.equal([]);

    el.disabled = false;
    await el.updateComplete;
    expect(el.hasAttribute('disabled')).to.equal(false);
    expect(inner.disabled).to.equal(false);
    expect(inner.hasAttribute('aria-disabled')).to.equal(false);
    inner.click();
    await cart.updateComplete;
    expect(badge(cart)).to.equal('1');
  });

  it('reflects the property to the attribute', async () => {
    const el = await fixture<AddToCart>(html`<add-to-cart sku="MUG"></add-to-cart>`);
    el.disabled = true;
    await el.updateComplete;
    expect(el.hasAttribute('disabled')).to.equal(true);
  });
});

describe('data-cart-add', () => {
  it('does nothing on an element marked aria-disabled="true"', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div>
      <shopping-cart api=${api.apiUrl}></shopping-cart>
      <a href="#nowhere" data-cart-add="TEE" aria-disabled="true">Sold out</a>
    </div>`);
    const cart = wrap.querySelector('shopping-cart')!;
    await loaded(cart);
    wrap.querySelector('a')!.click();
    await cart.updateComplete;
    expect(badge(cart)).to.equal('0');
    expect(location.hash).to.equal('');
  });

  it('turns any element into an add button, with quantity, without following its link', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div>
      <shopping-cart api=${api.apiUrl}></shopping-cart>
      <a href="#nowhere" data-cart-add="TEE" data-cart-quantity="3"><span>Buy three</span></a>
    </div>`);
    const cart = wrap.querySelector('shopping-cart')!;
    await loaded(cart);
    wrap.querySelector('span')!.click();
    await cart.updateComplete;
    expect(badge(cart)).to.equal('3');
    expect(location.hash).to.equal('');
    expect(wrap.querySelector('a')!.getAttribute('data-cart-state')).to.be.oneOf(['added', 'adding']);
    await waitUntil(() => api.calls.includes('POST /cart/items TEE 3'));
  });

  it('honours data-cart to pick a cart', async () => {
    const [a, b] = [await mockApi(makeCart()), await mockApi(makeCart())];
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div>
      <shopping-cart api=${a.apiUrl}></shopping-cart>
      <shopping-cart id="other" api=${b.apiUrl}></shopping-cart>
      <button data-cart-add="MUG" data-cart="other">Add</button>
    </div>`);
    const [first, second] = [...wrap.querySelectorAll('shopping-cart')] as [ShoppingCart, ShoppingCart];
    await loaded(first, second);
    wrap.querySelector('button')!.click();
    await second.updateComplete;
    expect([badge(first), badge(second)]).to.deep.equal(['0', '1']);
  });
});

describe('both add buttons: one behaviour', () => {
  /** Each kind of add button, with how to click it and how to read its feedback ('' when idle). */
  const kinds = [
    {
      name: '<add-to-cart>',
      markup: (sku: string) => html`<add-to-cart sku=${sku}></add-to-cart>`,
      click: (el: Element) => el.shadowRoot!.querySelector('button')!.click(),
      feedback: (el: Element) => (el.getAttribute('status') === 'idle' ? '' : (el.getAttribute('status') ?? '')),
      selector: 'add-to-cart',
    },
    {
      name: 'data-cart-add',
      markup: (sku: string) => html`<button data-cart-add=${sku}>Add</button>`,
      click: (el: Element) => (el as HTMLElement).click(),
      feedback: (el: Element) => el.getAttribute('data-cart-state') ?? '',
      selector: '[data-cart-add]',
    },
  ];

  for (const kind of kinds) {
    it(`${kind.name}: shows "error" after a refusal, and keeps "added" for 2 s after the latest click`, async () => {
      // Prepare
      const api = await mockApi(makeCart());
      document.addEventListener('cart:open', stayClosed);
      const wrap = await fixture(
        html`<div><shopping-cart api=${api.apiUrl}></shopping-cart>${kind.markup('MUG')}</div>`,
      );
      const cart = wrap.querySelector('shopping-cart')!;
      await loaded(cart);
      const button = wrap.querySelector(kind.selector)!;
      // Act / Assess: a refusal shows "error".
      api.failNext = { status: 422, code: 'UNKNOWN_SKU', detail: 'No such product.' };
      kind.click(button);
      await waitUntil(() => kind.feedback(button) === 'error', 'no error feedback', { timeout: 5000 });
      // Act: two adds a second apart.
      kind.click(button);
      await waitUntil(() => api.calls.filter((call) => call.startsWith('POST /cart/items MUG')).length === 2);
      await aTimeout(1000);
      kind.click(button);
      await waitUntil(() => api.calls.filter((call) => call.startsWith('POST /cart/items MUG')).length === 3);
      await aTimeout(1500);
      // Assess: 2.5 s after the first add, 1.5 s after the latest, the feedback still shows; then it clears.
      expect(kind.feedback(button)).to.equal('added');
      await waitUntil(() => kind.feedback(button) === '', 'feedback never cleared', { timeout: 3000 });
      await cart.updateComplete;
      expect(badge(cart)).to.equal('2');
    });
  }
});
