// One card of the catalog grid.
import { addControl, applyLive, el, liveNode, priceNode } from './product-fields.js';

/** The product page's URL for a SKU. */
export function productUrl(sku) {
  return `product.html?sku=${encodeURIComponent(sku)}`;
}

/**
 * A catalog card: image and name link to the product page; price, stock,
 * "in N carts" and the add button below.
 * @param {{ sku: string, name: string, description: string, unitPrice: number, currency: string, image: string, stock: number, inCarts?: number }} product
 * @param {{ eager?: boolean }} [options] eager-load the image (the first row)
 */
export function productCard(product, options = {}) {
  const href = productUrl(product.sku);
  const img = el('img', {
    src: product.image,
    alt: '',
    width: '400',
    height: '400',
    loading: options.eager ? 'eager' : 'lazy',
    decoding: 'async',
  });
  // The image repeats the name link for pointer users; keyboard and screen readers get one link.
  const media = el('a', { class: 'card-media', href, tabindex: '-1', 'aria-hidden': 'true' }, [img]);
  const title = el('h3', { class: 'card-title' }, [el('a', { href }, [product.name])]);
  const card = el('li', { class: 'card', 'data-sku': product.sku }, [
    media,
    el('div', { class: 'card-body' }, [
      title,
      el('p', { class: 'card-description' }, [product.description]),
      el('div', { class: 'card-row' }, [priceNode(product), liveNode(product)]),
      addControl(product),
    ]),
  ]);
  applyLive(card, product);
  return card;
}
