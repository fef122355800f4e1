import { createHttpHandler } from '../http/handler.js';
import { deleteDiscount, getDiscount, listDiscounts, putDiscount } from '../routes/admin-discounts.js';
import {
  exportAdminOrders,
  fulfilAdminOrder,
  getAdminOrder,
  listAdminOrders,
  refundAdminOrder,
} from '../routes/admin-orders.js';
import { listWebhookDeliveries, listWebhooks, putWebhooks, replayWebhookDelivery } from '../routes/admin-webhooks.js';
import { functionDeps } from '../runtime/deps.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import {
  discountStore,
  dynamodb,
  orderAdminStore,
  orderStore,
  revocationStore,
  webhookStore,
} from '../runtime/services/dynamodb.js';
import { sqs } from '../runtime/services/sqs.js';
import { stripe } from '../runtime/services/stripe.js';

/**
 * The shop-operations admin Lambda: discount codes and orders (fulfil, refund
 * through Stripe). Every route is under `/api/admin/` and passes the admin
 * guard first (`http/admin.ts`). Routes: `ROUTES` of `shop-admin`.
 */
export const handler = createHttpHandler(
  'shop-admin',
  {
    listDiscounts,
    getDiscount,
    putDiscount,
    deleteDiscount,
    listAdminOrders,
    exportAdminOrders,
    getAdminOrder,
    fulfilAdminOrder,
    refundAdminOrder,
    listWebhooks,
    putWebhooks,
    listWebhookDeliveries,
    replayWebhookDelivery,
  },
  functionDeps('shop-admin', {
    dynamodb: dynamodb(discountStore, orderStore, orderAdminStore, revocationStore, webhookStore),
    'cognito-jwks': cognitoJwks,
    stripe,
    sqs,
  }),
);
