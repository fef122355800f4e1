// Entry point of product.html?sku=…: one product, a quantity picker and the
// add button, with live stock and "in N carts".
import { fetchProduct } from './api.js';
import './demo-address.js';
import { addControl, applyLive, el, liveNode, priceNode } from './product-fields.js';
import { watchProducts } from './live-products.js';

/** The largest quantity offered in the picker (the API allows up to 99 per line). */
const MAX_PICK = 10;

const main = /** @type {HTMLElement} */ (document.getElementById('product'));
const sku = new URLSearchParams(location.search).get('sku') ?? '';

function quantityPicker(product, add) {
  const id = 'quantity';
  const select = el('select', { id, name: 'quantity' });
  const max = Math.max(1, Math.min(MAX_PICK, product.stock));
  for (let n = 1; n <= max; n++) select.append(el('option', { value: String(n) }, [String(n)]));
  select.addEventListener('change', () => add.setAttribute('quantity', select.value));
  return el('div', { class: 'quantity-field' }, [el('label', { for: id }, ['Quantity']), select]);
}

function render(product) {
  document.title = `${product.name} · Common Goods`;
  const add = addControl(product);
  const addButton = /** @type {HTMLElement} */ (add.querySelector('add-to-cart'));
  const details = el('div', { class: 'product-details', 'data-sku': product.sku }, [
    el('p', { class: 'eyebrow' }, [product.sku]),
    el('h1', { id: 'product-name' }, [product.name]),
    priceNode(product),
    el('p', { class: 'product-description' }, [product.description]),
    liveNode(product),
    el('div', { class: 'buy' }, [quantityPicker(product, addButton), add]),
  ]);
  const figure = el('figure', { class: 'product-figure' }, [
    el('img', { src: product.image, alt: product.name, width: '400', height: '400' }),
  ]);
  main.setAttribute('aria-labelledby', 'product-name');
  main.replaceChildren(el('div', { class: 'product-layout' }, [figure, details]));
  main.dataset.state = 'ready';
  applyLive(details, product);
  document.getElementById('crumb-current')?.replaceChildren(product.name);
  watchProducts(
    () => fetchProduct(product.sku),
    (fresh) => applyLive(details, fresh),
  );
}

function renderMissing(message) {
  document.title = 'Product not found · Common Goods';
  main.replaceChildren(
    el('div', { class: 'notice' }, [
      el('h1', {}, ['Product not found']),
      el('p', {}, [message]),
      el('p', {}, [el('a', { href: './', class: 'button' }, ['Back to the shop'])]),
    ]),
  );
  main.dataset.state = 'error';
}

if (!sku) {
  renderMissing('No product was named in the address.');
} else {
  fetchProduct(sku).then(render, (error) =>
    renderMissing(error instanceof Error ? error.message : 'It could not be loaded.'),
  );
}
