import { functionDeps } from '../app/deps.js';
import { apigatewayManagement } from '../app/services/apigateway-management.js';
import { cognitoIdp } from '../app/services/cognito-idp.js';
import { cognitoJwks } from '../app/services/cognito-jwks.js';
import { cartStore, connectionStore, dynamodb, revocationStore } from '../app/services/dynamodb.js';
import { createHttpHandler } from '../http/handler.js';
import { deleteMe, getMe } from '../routes/account.js';

/** The account Lambda: who am I, and delete me (Cognito user, cart, sessions). Routes: `ROUTES` of `account`. */
export const handler = createHttpHandler(
  'account',
  { getMe, deleteMe },
  functionDeps('account', {
    dynamodb: dynamodb(cartStore, connectionStore, revocationStore),
    'cognito-idp': cognitoIdp,
    'cognito-jwks': cognitoJwks,
    'apigateway-management': apigatewayManagement,
  }),
);
