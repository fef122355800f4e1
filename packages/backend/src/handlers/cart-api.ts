import { createHttpHandler } from '../http/handler.js';
import { addItem, clearCart, getCart, removeItem, setItem } from '../routes/cart.js';
import { getConfig, getProduct, listProducts } from '../routes/catalog.js';
import { checkout, getOrder } from '../routes/orders.js';
import { createAnonymousCart, mergeCart } from '../routes/session.js';

/** The cart API Lambda: catalog, anonymous sessions and every cart route. */
export const handler = createHttpHandler({
  'GET /api/config': getConfig,
  'GET /api/products': listProducts,
  'GET /api/products/{sku}': getProduct,
  'POST /api/cart/anonymous': createAnonymousCart,
  'GET /api/cart': getCart,
  'DELETE /api/cart': clearCart,
  'POST /api/cart/items': addItem,
  'PUT /api/cart/items/{sku}': setItem,
  'DELETE /api/cart/items/{sku}': removeItem,
  'POST /api/cart/merge': mergeCart,
  'POST /api/cart/checkout': checkout,
  'GET /api/orders/{orderId}': getOrder,
});
