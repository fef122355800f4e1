import { functionDeps } from '../runtime/deps.js';
import { cognitoIdp } from '../runtime/services/cognito-idp.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import {
  cartStore,
  catalogStore,
  discountStore,
  dynamodb,
  orderStore,
  revocationStore,
  sharedLimiterStore,
} from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { sqs } from '../runtime/services/sqs.js';
import { createHttpHandler } from '../http/handler.js';
import { addItem, clearCart, getCart, removeItem, setItem } from '../routes/cart.js';
import { getConfig, getProduct, listProducts } from '../routes/catalog.js';
import { checkout, getOrder, listOrders } from '../routes/orders.js';
import { quoteCheckout } from '../routes/quote.js';
import { createAnonymousCart, mergeCart } from '../routes/session.js';

/** The cart API Lambda: catalog, anonymous sessions and every cart route. Routes: `ROUTES` of `cart-api`. */
export const handler = createHttpHandler(
  'cart-api',
  {
    getConfig,
    listProducts,
    getProduct,
    createAnonymousCart,
    getCart,
    clearCart,
    addItem,
    setItem,
    removeItem,
    mergeCart,
    quoteCheckout,
    checkout,
    listOrders,
    getOrder,
  },
  functionDeps('cart-api', {
    dynamodb: dynamodb(cartStore, catalogStore, orderStore, revocationStore, sharedLimiterStore, discountStore),
    sqs,
    'secrets-manager': secretsManager,
    'cognito-idp': cognitoIdp,
    'cognito-jwks': cognitoJwks,
  }),
);
