import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { AddToCart } from '../src/add-to-cart.js';
import type { Product } from '../src/sdk.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { makeCart, mockApi } from './support/mock-api.js';

/** A product with variants, as `GET /products/TEE` answers: S/red sold out, M/red in stock, L/blue in stock. */
const TEE: Product = {
  sku: 'TEE',
  name: 'T-shirt',
  description: '',
  unitPrice: 1999,
  currency: 'EUR',
  image: '',
  stock: 7,
  options: ['size', 'colour'],
  variants: [
    { sku: 'TEE-S-RED', options: { size: 'S', colour: 'red' }, unitPrice: 1999, stock: 0 },
    { sku: 'TEE-M-RED', options: { size: 'M', colour: 'red' }, unitPrice: 2199, stock: 4 },
    { sku: 'TEE-L-BLUE', options: { size: 'L', colour: 'blue' }, unitPrice: 2199, stock: 3 },
  ],
};

function stayClosed(e: Event): void {
  if ((e as CustomEvent).detail.trigger === 'add') e.preventDefault();
}

afterEach(() => {
  localStorage.clear();
  document.removeEventListener('cart:open', stayClosed);
});

function choose(picker: Element, name: string, value: string): void {
  const select = picker.shadowRoot!.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

describe('<add-to-cart> option picker (a product with variants)', () => {
  it('picks a variant by its options, says when a combination is sold out or not sold, and adds the variant SKU', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div>
      <shopping-cart api=${api.apiUrl}></shopping-cart>
      <add-to-cart sku="TEE" .product=${TEE}>Add to cart</add-to-cart>
    </div>`);
    const cart = wrap.querySelector<ShoppingCart>('shopping-cart')!;
    const button = wrap.querySelector<AddToCart>('add-to-cart')!;
    await waitUntil(() => cart.cart, 'cart never loaded');
    await waitUntil(
      () => button.shadowRoot!.querySelector('cart-option-picker')?.shadowRoot?.querySelector('select'),
      'no option picker',
      { timeout: 5000 },
    );
    const picker = button.shadowRoot!.querySelector('cart-option-picker')!;
    const inner = () => button.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!;
    const status = () => picker.shadowRoot!.querySelector('[part="option-status"]')!.textContent!.trim();
    const labels = [...picker.shadowRoot!.querySelectorAll('label')].map((l) => l.querySelector('span')!.textContent);

    // Starts at the first variant in stock.
    expect(labels).to.deep.equal(['size', 'colour']);
    await waitUntil(() => button.sku === 'TEE-M-RED', `sku is ${button.sku}`);
    expect(inner().disabled).to.equal(false);
    await expect(wrap).to.be.accessible();
    expect(await executeServerCommand('screenshot', { name: 'add-to-cart-options' })).to.equal(true);

    choose(picker, 'size', 'S');
    await waitUntil(() => status() === 'Sold out', status());
    expect(button.sku).to.equal('');
    await button.updateComplete;
    expect(inner().disabled).to.equal(true);

    choose(picker, 'colour', 'blue');
    await waitUntil(() => status() === 'Not available in this combination', status());
    expect(button.sku).to.equal('');

    choose(picker, 'size', 'M');
    choose(picker, 'colour', 'red');
    await waitUntil(() => button.sku === 'TEE-M-RED' && status() === '', status());
    await button.updateComplete;
    inner().click();
    await waitUntil(() => api.calls.includes('POST /cart/items TEE-M-RED 1'), api.calls.join());
    expect(api.calls.filter((c) => c.startsWith('POST /cart/items'))).to.deep.equal(['POST /cart/items TEE-M-RED 1']);
  });

  it('a variant SKU with no product adds as it is, with no picker', async () => {
    const api = await mockApi(makeCart());
    document.addEventListener('cart:open', stayClosed);
    const wrap = await fixture(html`<div>
      <shopping-cart api=${api.apiUrl}></shopping-cart>
      <add-to-cart sku="TEE-M-RED"></add-to-cart>
    </div>`);
    const button = wrap.querySelector<AddToCart>('add-to-cart')!;
    await waitUntil(() => wrap.querySelector<ShoppingCart>('shopping-cart')!.cart, 'cart never loaded');
    button.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => api.calls.includes('POST /cart/items TEE-M-RED 1'), api.calls.join());
    expect(button.shadowRoot!.querySelector('cart-option-picker')).to.equal(null);
  });
});
