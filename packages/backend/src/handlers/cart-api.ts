import { functionDeps } from '../runtime/deps.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import {
  cartReminderStore,
  cartStore,
  catalogStore,
  discountStore,
  dynamodb,
  orderStore,
  revocationStore,
  sharedLimiterStore,
} from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { createHttpHandler } from '../http/handler.js';
import { authCallback, authSignedOut } from '../routes/auth-pages.js';
import { restoreCart, unsubscribeCartReminder } from '../routes/cart-reminders.js';
import { addItem, clearCart, getCart, removeItem, setItem } from '../routes/cart.js';
import { getConfig, getProduct, listProducts } from '../routes/catalog.js';
import { getOrder, listOrders } from '../routes/orders.js';
import { quoteCheckout } from '../routes/quote.js';
import { createAnonymousCart } from '../routes/session.js';

/**
 * The cart API Lambda: catalog, anonymous sessions, every cart route, the quote and order reads
 * (checkout and merge are `checkout-api`'s). Routes: `ROUTES` of `cart-api`.
 */
export const handler = createHttpHandler(
  'cart-api',
  {
    getConfig,
    authCallback,
    authSignedOut,
    listProducts,
    getProduct,
    createAnonymousCart,
    getCart,
    clearCart,
    addItem,
    setItem,
    removeItem,
    quoteCheckout,
    restoreCart,
    unsubscribeCartReminder,
    listOrders,
    getOrder,
  },
  functionDeps('cart-api', {
    dynamodb: dynamodb(
      cartStore,
      cartReminderStore,
      catalogStore,
      orderStore,
      revocationStore,
      sharedLimiterStore,
      discountStore,
    ),
    'secrets-manager': secretsManager,
    'cognito-jwks': cognitoJwks,
  }),
);
