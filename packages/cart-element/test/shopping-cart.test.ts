import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { CartErrorDetail } from '../src/events.js';
import { ShoppingCart } from '../src/shopping-cart.js';
import { announced, badge, deepActive, part, parts } from './support/dom.js';
import { makeCart, type MockApi, mockApi, seedCart } from './support/mock-api.js';

async function cartFor(api: MockApi, locale = 'en-US'): Promise<ShoppingCart> {
  const el = await fixture<ShoppingCart>(html`<shopping-cart api=${api.apiUrl} locale=${locale}></shopping-cart>`);
  await waitUntil(() => el.cart !== null, 'cart never loaded', { timeout: 5000 });
  await seedCart(el, api);
  await el.updateComplete;
  return el;
}

async function opened(el: ShoppingCart): Promise<ShoppingCart> {
  el.show();
  await el.updateComplete;
  return el;
}

afterEach(() => localStorage.clear());

describe('<shopping-cart> rendering', () => {
  it('shows the item count on the badge and in the toggle label', async () => {
    const el = await cartFor(await mockApi(makeCart({ MUG: 2, TEE: 1 })));
    expect(badge(el)).to.equal('3');
    expect(part(el, '[part="toggle"]').getAttribute('aria-label')).to.equal('Open cart, 3 items');
  });

  it('lists each line with name, unit price, quantity, total, and the subtotal', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ MUG: 2, TEE: 1 }))));
    const lines = parts(el, '[part="line"]');
    expect(lines).to.have.length(2);
    expect(lines[0]!.querySelector('[part="line-name"]')!.textContent).to.equal('Coffee mug');
    expect(lines[0]!.querySelector('[part="line-price"]')!.textContent!.trim()).to.equal('€12.50 each');
    expect(lines[0]!.querySelector('[part="quantity"]')!.textContent).to.equal('2');
    expect(lines[0]!.querySelector('[part="line-total"]')!.textContent).to.equal('€25.00');
    expect(part(el, '[part="subtotal"]').textContent).to.contain('€44.99');
  });

  it("styles the lines with the sheet the drawer's lazy chunk adopts (not in the first load's styles)", async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ MUG: 2, TEE: 1 }))));
    const sheets = (ShoppingCart.elementStyles as { cssText: string }[]).map((style) => style.cssText).join('');
    expect(sheets).not.to.contain('.stepper');

    const [line] = parts(el, '[part="line"]');
    expect(getComputedStyle(line!).display).to.equal('grid');
    expect(getComputedStyle(line!.querySelector('.stepper')!).borderTopWidth).to.equal('1px');
    // Opening again (or another cart on the page) does not add the sheet twice.
    el.close();
    await opened(el);
    const adopted = el.shadowRoot!.adoptedStyleSheets;
    expect(new Set(adopted).size).to.equal(adopted.length);
  });

  it("shows a variant's chosen options under its name, as text (issue 16)", async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ 'TEE-M-RED': 1, MUG: 1 }))));
    const [variant, plain] = parts(el, '[part="line"]');
    expect(variant!.querySelector('[part="line-name"]')!.textContent).to.equal('T-shirt');
    expect(variant!.querySelector('[part="line-options"]')!.textContent).to.equal('size: M, colour: red');
    expect(variant!.querySelector('[part="line-price"]')!.textContent!.trim()).to.equal('€21.99 each');
    expect(plain!.querySelector('[part="line-options"]')).to.equal(null);
  });

  it("says when a line's price changed since it was added, and names lines the shop no longer sells (issue 16)", async () => {
    const api = await mockApi(makeCart({ MUG: 1 }));
    const el = await opened(await cartFor(api));
    // The server's next cart: the mug was added at €10.00 (now €12.50), a lamp was archived.
    const [mug] = api.cart.items;
    api.cart = {
      ...api.cart,
      version: api.cart.version + 1,
      items: [{ ...mug!, addedUnitPrice: 1000 }],
      unavailable: [{ sku: 'LAMP', name: 'Old <b>lamp</b>', quantity: 2 }],
    };
    await el.client!.refresh();
    await el.updateComplete;
    const line = part(el, '[part="line"]');
    expect(line.querySelector('[part="line-price-changed"]')!.textContent!.trim()).to.equal(
      'Price changed (was €10.00)',
    );
    expect(line.querySelector('[part="line-price"]')!.textContent!.trim()).to.equal('€12.50 each');
    const gone = part(el, '[part="unavailable"]');
    expect(gone.textContent!.trim()).to.equal('Old <b>lamp</b> is no longer available and has been left out.');
    expect(gone.querySelector('b')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('renders a product name containing markup as text', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ XSS: 1 }))));
    const name = part(el, '[part="line-name"]');
    expect(name.textContent).to.equal('<img src=x onerror="window.__pwned=1"><b>Bold</b>');
    expect(name.children).to.have.length(0);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('isolates a right-to-left name so it cannot reorder the text around it', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ RTL: 1 }))));
    const name = part(el, '[part="line-name"]');
    expect(name.textContent).to.equal('\u202Eשלום mug');
    expect(name.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(name).unicodeBidi).to.equal('isolate');
  });

  it('wraps a very long name inside the drawer instead of overflowing it', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ LONG: 1 }))));
    const line = part(el, '[part="line"]');
    const name = part(el, '[part="line-name"]');
    expect(name.textContent).to.have.length(4 + 4 * 120 + 4);
    expect(line.scrollWidth).to.be.at.most(line.clientWidth + 1);
  });

  it('shows the empty state', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart())));
    expect(part(el, '[part="empty"]').textContent!.trim()).to.equal('Your cart is empty.');
    expect(parts(el, '[part="checkout"]')).to.have.length(0);
  });

  it('shows loading, then an error with a retry that recovers', async () => {
    const api = await mockApi(makeCart());
    api.failLoad = true;
    const el = await fixture<ShoppingCart>(html`<shopping-cart api=${api.apiUrl}></shopping-cart>`);
    el.show();
    await el.updateComplete;
    expect(part(el, '.body').textContent).to.contain('Loading your cart');
    await waitUntil(() => el.shadowRoot!.querySelector('.body [part="error"]'), 'no error state', { timeout: 8000 });
    api.failLoad = false;
    part(el, '[part="retry"]').click();
    // A fresh device has no cart token yet, so the recovered cart is the empty one.
    await waitUntil(() => el.shadowRoot!.querySelector('[part="empty"]'), 'retry did not load the cart', {
      timeout: 5000,
    });
  });

  it('formats prices for de-DE in EUR', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ MUG: 1 })), 'de-DE'));
    expect(part(el, '[part="line-total"]').textContent).to.equal('12,50\u00a0€');
  });

  it('formats prices for ja-JP in JPY with no fraction digits', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ MUG: 2 }, 'JPY')), 'ja-JP'));
    expect(part(el, '[part="line-total"]').textContent).to.equal('￥2,500');
    expect(part(el, '[part="line-price"]').textContent!.trim()).to.equal('￥1,250 each');
  });

  it('uses replacement strings', async () => {
    const el = await cartFor(await mockApi(makeCart({ MUG: 1 })));
    el.setStrings({ title: 'Warenkorb', itemCountOne: '{count} Artikel', openCart: 'Warenkorb öffnen, {items}' });
    await opened(el);
    expect(part(el, '[part="title"]').textContent).to.equal('Warenkorb');
    expect(part(el, '[part="toggle"]').getAttribute('aria-label')).to.equal('Warenkorb öffnen, 1 Artikel');
  });
});

describe('<shopping-cart> changes', () => {
  it('steps quantity up and down, and removes a line', async () => {
    const api = await mockApi(makeCart({ MUG: 1 }));
    const el = await opened(await cartFor(api));
    expect(part(el, '[part="decrement"]').getAttribute('aria-disabled')).to.equal('true');
    part(el, '[part="increment"]').click();
    await el.updateComplete;
    expect(part(el, '[part="quantity"]').textContent).to.equal('2');
    expect(badge(el)).to.equal('2');
    await waitUntil(() => api.calls.includes('PUT /cart/items/MUG 2'));
    part(el, '[part="decrement"]').click();
    await waitUntil(() => api.calls.includes('PUT /cart/items/MUG 1'));
    part(el, '[part="remove"]').click();
    await el.updateComplete;
    expect(parts(el, '[part="line"]')).to.have.length(0);
    await waitUntil(() =>
      api.calls.some((c) => c.startsWith('DELETE /cart/items/MUG') || c === 'PUT /cart/items/MUG 0'),
    );
  });

  it('adds optimistically, then rolls back and reports when the server refuses', async () => {
    const api = await mockApi(makeCart({ MUG: 1 }));
    const el = await cartFor(api);
    api.latency = 150;
    api.failNext = { status: 422, code: 'OUT_OF_STOCK', detail: 'Only 0 left.' };
    const errorEvent = oneEvent(document, 'cart:error');
    const result = el.add('TEE', 2, { open: false });
    await el.updateComplete;
    expect(badge(el)).to.equal('3');
    const error = await result.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.have.property('code', 'OUT_OF_STOCK');
    expect(((await errorEvent).detail as CartErrorDetail).error).to.equal(error);
    await el.updateComplete;
    expect(badge(el)).to.equal('1');
    expect(announced(el)).to.contain('Could not add');
  });
});

describe('<shopping-cart> errors', () => {
  it('says the shop could not be reached when the API is down, rolls back, and stays usable', async () => {
    const api = await mockApi(makeCart({ MUG: 1 }));
    const el = await opened(await cartFor(api));
    api.unreachable = true;

    const error = await el.add('TEE', 1).catch((e: unknown) => e);
    await el.updateComplete;

    expect(error).to.have.property('code', 'NETWORK_ERROR');
    expect(part(el, '[role="alert"]').textContent).to.contain("We couldn't reach the shop. Please try again.");
    expect(announced(el)).to.contain("We couldn't reach the shop");
    expect(badge(el)).to.equal('1');
    expect(el.client!.getSnapshot().pending).to.have.length(0);
    api.unreachable = false;
    await el.add('TEE', 1, { open: false });
    await el.updateComplete;
    expect(badge(el)).to.equal('2');
  });

  it('says what went wrong in its own words, naming the product, never the server’s text or the SKU', async () => {
    const api = await mockApi(makeCart({ TEE: 1 }));
    const el = await opened(await cartFor(api));
    api.failNext = { status: 422, code: 'OUT_OF_STOCK', detail: '"TEE" is out of stock.', sku: 'TEE' };

    await el.add('TEE', 1).catch(() => undefined);
    await el.updateComplete;

    const alert = part(el, '[role="alert"]').textContent!;
    expect(alert).to.contain('Sorry, T-shirt is sold out.');
    expect(alert).not.to.contain('TEE');
    expect(announced(el)).not.to.contain('"TEE"');
  });

  it('an unknown product is "this item"; every code has a string, and all are replaceable', async () => {
    const api = await mockApi(makeCart({ MUG: 1 }));
    const el = await opened(await cartFor(api));
    el.setStrings({ errorUnreachable: 'Shop offline.', errorQuantityLimit: 'Max {max} × {name}.' });
    api.failNext = {
      status: 422,
      code: 'OUT_OF_STOCK',
      detail: '"SOLD-OUT-TEE" is out of stock.',
      sku: 'SOLD-OUT-TEE',
    };
    await el.add('SOLD-OUT-TEE', 1).catch(() => undefined);
    await el.updateComplete;
    expect(part(el, '[role="alert"]').textContent).to.contain('Sorry, this item is sold out.');

    api.failNext = { status: 422, code: 'QUANTITY_LIMIT', detail: 'A line holds at most 99 of "MUG".', sku: 'MUG' };
    await el.add('MUG', 1).catch(() => undefined);
    await el.updateComplete;
    expect(part(el, '[role="alert"]').textContent).to.contain('Max 99 × Coffee mug.');

    api.failNext = { status: 500, code: 'INTERNAL', detail: 'Something went wrong on our side.' };
    await el.add('MUG', 1).catch(() => undefined);
    await el.updateComplete;
    expect(part(el, '[role="alert"]').textContent).to.contain('Something went wrong. Please try again.');

    api.unreachable = true;
    await el.add('TEE', 1).catch(() => undefined);
    await el.updateComplete;
    expect(part(el, '[role="alert"]').textContent).to.contain('Shop offline.');
  });
});

describe('<shopping-cart> events', () => {
  it('fires cart:change, bubbling and composed, with the cart', async () => {
    const api = await mockApi(makeCart({ MUG: 1 }));
    const el = await cartFor(api);
    const change = oneEvent(document, 'cart:change');
    void el.add('MUG', 1, { open: false });
    const event = await change;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.cart.itemCount).to.equal(2);
  });

  it('fires cart:open and cart:close; reflects `open`', async () => {
    const el = await cartFor(await mockApi(makeCart()));
    const open = oneEvent(el, 'cart:open');
    el.toggle();
    expect((await open).detail).to.deep.equal({ trigger: 'method' });
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(true);
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    const close = oneEvent(el, 'cart:close');
    el.close();
    await close;
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(false);
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
  });

  it('lets the host cancel opening on add', async () => {
    const el = await cartFor(await mockApi(makeCart()));
    let detail: unknown;
    const cancel = (e: Event) => {
      detail = (e as CustomEvent).detail;
      e.preventDefault();
    };
    document.addEventListener('cart:open', cancel);
    try {
      void el.add('MUG');
      await el.updateComplete;
      expect(detail).to.deep.equal({ trigger: 'add', sku: 'MUG' });
      expect(el.open).to.equal(false);
      expect(badge(el)).to.equal('1');
    } finally {
      document.removeEventListener('cart:open', cancel);
    }
  });
});

describe('<shopping-cart> keyboard and focus', () => {
  it('opens with Enter, traps focus in the dialog, closes with Escape and returns focus', async () => {
    const el = await cartFor(await mockApi(makeCart({ MUG: 1 })));
    const toggle = part(el, '[part="toggle"]');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(part(el, 'dialog').contains(deepActive())).to.equal(true);
    const close = oneEvent(el, 'cart:close');
    await sendKeys({ press: 'Escape' });
    await close;
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(deepActive()).to.equal(toggle);
  });

  it('keeps Tab inside the open drawer', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ MUG: 1 }))));
    const dialog = part(el, 'dialog');
    for (let i = 0; i < 8; i += 1) {
      await sendKeys({ press: 'Tab' });
      const active = deepActive();
      // Chromium may park focus on the browser UI between cycles; it must never land on the page behind.
      if (active && active !== document.body) expect(dialog.contains(active)).to.equal(true);
    }
  });
});

describe('<shopping-cart> accessibility', () => {
  it('passes axe closed', async () => {
    const el = await cartFor(await mockApi(makeCart({ MUG: 1 })));
    await expect(el).to.be.accessible();
  });

  it('passes axe open with lines', async () => {
    const el = await opened(await cartFor(await mockApi(makeCart({ MUG: 2, TEE: 1 }))));
    await expect(el).to.be.accessible();
  });
});

describe('<shopping-cart> embedding', () => {
  it('loading the module a second time (another copy of the script) is harmless', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    try {
      // A distinct URL is a distinct module instance: its class is new, its guarded define must not throw.
      const copy = (await import(`../src/shopping-cart.ts?copy=${Date.now()}`)) as { ShoppingCart: unknown };
      expect(copy.ShoppingCart).not.to.equal(ShoppingCart);
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
    expect(customElements.get('shopping-cart')).to.equal(ShoppingCart);
  });

  it('keeps carts of different APIs apart', async () => {
    const [a, b] = [await mockApi(makeCart({ MUG: 1 })), await mockApi(makeCart({ TEE: 5 }))];
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <shopping-cart id="a" api=${a.apiUrl}></shopping-cart><shopping-cart id="b" api=${b.apiUrl}></shopping-cart>
    </div>`);
    const [ea, eb] = [wrap.querySelector<ShoppingCart>('#a')!, wrap.querySelector<ShoppingCart>('#b')!];
    await waitUntil(() => ea.cart && eb.cart, 'carts never loaded', { timeout: 5000 });
    await seedCart(ea, a);
    await seedCart(eb, b);
    await Promise.all([ea.updateComplete, eb.updateComplete]);
    expect([badge(ea), badge(eb)]).to.deep.equal(['1', '5']);
    await eb.add('MUG', 1, { open: false });
    await Promise.all([ea.updateComplete, eb.updateComplete]);
    expect([badge(ea), badge(eb)]).to.deep.equal(['1', '6']);
    expect(a.calls).to.deep.equal([]);
  });

  it('exposes the SDK client to host code', async () => {
    const api = await mockApi(makeCart());
    const el = await cartFor(api);
    expect(el.client?.apiUrl).to.equal(api.apiUrl);
  });
});
