/**
 * `<shopping-cart>` and `<add-to-cart>`: importing this module registers both
 * tags (once, however many copies load) and enables `data-cart-add` buttons.
 *
 * @example
 * ```ts
 * import '@cartkit/cart-element';
 * document.body.append(Object.assign(document.createElement('shopping-cart'), { api: '/api' }));
 * ```
 */
export { AddToCart, type AddToCartStatus } from './add-to-cart.js';
export { AnnouncerController } from './controllers/announcer-controller.js';
export { CartController, type SnapshotListener } from './controllers/cart-controller.js';
export { DrawerController, type DrawerHost } from './controllers/drawer-controller.js';
export { installDelegatedAdd } from './delegated-add.js';
export type {
  CartChangeDetail,
  CartCheckoutDetail,
  CartCloseDetail,
  CartErrorDetail,
  CartEventDetails,
  CartEventMap,
  CartOpenDetail,
  CartOpenTrigger,
} from './events.js';
export { type CartTarget, findCart } from './find-cart.js';
export { formatMoney } from './format-money.js';
export type { AddToCartJsxAttributes, CartIntrinsicElements, ShoppingCartJsxAttributes } from './jsx.js';
export { ShoppingCart } from './shopping-cart.js';
export { type CartStrings, defaultStrings } from './strings.js';
