import { functionDeps } from '../runtime/deps.js';
import { apigatewayManagement } from '../runtime/services/apigateway-management.js';
import { cognitoIdp } from '../runtime/services/cognito-idp.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import {
  cartReminderStore,
  cartStore,
  connectionStore,
  dynamodb,
  orderStore,
  revocationStore,
} from '../runtime/services/dynamodb.js';
import { createHttpHandler } from '../http/handler.js';
import { deleteMe, exportMe, getMe } from '../routes/account.js';

/** The account Lambda: who am I, and delete me (Cognito user, cart, open connections). Routes: `ROUTES` of `account`. */
export const handler = createHttpHandler(
  'account',
  { getMe, exportMe, deleteMe },
  functionDeps('account', {
    dynamodb: dynamodb(cartStore, cartReminderStore, connectionStore, revocationStore, orderStore),
    'cognito-idp': cognitoIdp,
    'cognito-jwks': cognitoJwks,
    'apigateway-management': apigatewayManagement,
  }),
);
