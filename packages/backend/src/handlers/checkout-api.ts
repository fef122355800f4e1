import { functionDeps } from '../runtime/deps.js';
import { cognitoIdp } from '../runtime/services/cognito-idp.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import {
  cartReminderStore,
  cartStore,
  catalogStore,
  discountStore,
  dynamodb,
  orderStore,
  revocationStore,
} from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { sqs } from '../runtime/services/sqs.js';
import { createHttpHandler } from '../http/handler.js';
import { checkout } from '../routes/orders.js';
import { mergeCart } from '../routes/session.js';

/**
 * The checkout Lambda: the routes that queue work for a worker (placing an
 * order; the sign-in merge's cleanup of the anonymous cart). The merge also arms the account cart's
 * abandoned-cart reminder (its item beside the cart, in Carts). Routes: `ROUTES` of `checkout-api`.
 */
export const handler = createHttpHandler(
  'checkout-api',
  { checkout, mergeCart },
  functionDeps('checkout-api', {
    dynamodb: dynamodb(cartStore, cartReminderStore, catalogStore, orderStore, revocationStore, discountStore),
    sqs,
    'secrets-manager': secretsManager,
    'cognito-idp': cognitoIdp,
    'cognito-jwks': cognitoJwks,
  }),
);
