// The parts of a product that change while the page is open (stock, the
// "in N carts" figure, whether it can be added), built once and then updated
// in place, so a refresh never moves focus or re-creates the add button.
import { formatPrice, inCartsLabel, stockState } from './format.js';

/**
 * `document.createElement` with attributes and children (text is always a text node).
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {Array<Node | string>} [children]
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The price, e.g. "$24.00". */
export function priceNode(product) {
  return el('p', { class: 'price' }, [formatPrice(product.unitPrice, product.currency)]);
}

/** Stock badge and "in N carts", in one line that `applyLive` keeps current. */
export function liveNode(_product) {
  const node = el('p', { class: 'live' }, [
    el('span', { class: 'stock', 'data-field': 'stock' }),
    el('span', { class: 'in-carts', 'data-field': 'in-carts' }),
  ]);
  return node;
}

/**
 * The add control: `<add-to-cart>` while in stock, a disabled "Sold out" button otherwise.
 * @param {{ sku: string }} product
 * @param {string} label
 */
export function addControl(product, label = 'Add to cart') {
  const wrap = el('div', { class: 'add', 'data-field': 'add' });
  const add = el('add-to-cart', { sku: product.sku, quantity: '1' }, [label]);
  // Lets the optimistic cart line show the name and price before the server answers.
  add.product = product;
  const soldOut = el('button', { type: 'button', class: 'sold-out-button', disabled: '' }, ['Sold out']);
  wrap.append(add, soldOut);
  return wrap;
}

/**
 * Brings a product's live fields under `container` up to date.
 * @param {ParentNode} container
 * @param {{ stock: number, inCarts?: number }} product
 */
export function applyLive(container, product) {
  const state = stockState(product.stock);
  const stock = container.querySelector('[data-field=stock]');
  if (stock) {
    stock.textContent = state.label;
    stock.dataset.level = state.level;
  }
  const inCarts = container.querySelector('[data-field=in-carts]');
  if (inCarts) {
    inCarts.textContent = inCartsLabel(product.inCarts);
    inCarts.hidden = !inCarts.textContent;
  }
  const add = container.querySelector('[data-field=add]');
  if (add) {
    add.dataset.available = String(state.canAdd);
    const element = add.querySelector('add-to-cart');
    const soldOut = add.querySelector('.sold-out-button');
    if (element) {
      element.hidden = !state.canAdd;
      element.product = product;
    }
    if (soldOut) soldOut.hidden = state.canAdd;
  }
  if (container instanceof HTMLElement) container.dataset.stock = state.level;
}
