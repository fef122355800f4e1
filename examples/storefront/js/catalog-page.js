// Entry point of index.html: renders the catalog into #products and keeps its
// live figures current.
import { fetchProducts } from './api.js';
import './demo-address.js';
import { productCard } from './product-card.js';
import { applyLive, el } from './product-fields.js';
import { watchProducts } from './live-products.js';

const grid = /** @type {HTMLElement} */ (document.getElementById('products'));
const status = /** @type {HTMLElement} */ (document.getElementById('catalog-status'));

/** Cards in the first row load their images eagerly (they are above the fold). */
const EAGER_CARDS = 4;

function showError(message) {
  const retry = el('button', { type: 'button', class: 'button' }, ['Try again']);
  retry.addEventListener('click', () => void load());
  status.replaceChildren(el('p', {}, [message]), retry);
  status.hidden = false;
  grid.setAttribute('aria-busy', 'false');
}

async function load() {
  grid.setAttribute('aria-busy', 'true');
  status.hidden = true;
  try {
    const products = await fetchProducts();
    grid.replaceChildren(...products.map((product, i) => productCard(product, { eager: i < EAGER_CARDS })));
    grid.setAttribute('aria-busy', 'false');
    grid.dataset.state = 'ready';
    // Read by scripts/first-render.mts: time until a shopper sees products.
    performance.mark('cartkit:products-rendered');
    watchProducts(fetchProducts, (fresh) => {
      for (const product of fresh) {
        const card = grid.querySelector(`[data-sku="${CSS.escape(product.sku)}"]`);
        if (card) applyLive(card, product);
      }
    });
  } catch (error) {
    showError(error instanceof Error ? error.message : 'The shop could not load its products.');
  }
}

void load();
