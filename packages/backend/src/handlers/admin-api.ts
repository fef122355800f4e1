import { functionDeps } from '../runtime/deps.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import { adminCatalogStore, dynamodb, revocationStore } from '../runtime/services/dynamodb.js';
import { createHttpHandler } from '../http/handler.js';
import {
  adjustAdminStock,
  deleteAdminProduct,
  getAdminProduct,
  listAdminProducts,
  patchAdminProduct,
  putAdminProduct,
} from '../routes/admin-products.js';

/**
 * The admin API Lambda: the catalog (products, variants, visibility, stock). Every route is under
 * `/api/admin/` and passes the admin guard first (`http/admin.ts`). Routes: `ROUTES` of `admin-api`.
 */
export const handler = createHttpHandler(
  'admin-api',
  {
    listAdminProducts,
    getAdminProduct,
    putAdminProduct,
    patchAdminProduct,
    deleteAdminProduct,
    adjustAdminStock,
  },
  functionDeps('admin-api', {
    dynamodb: dynamodb(adminCatalogStore, revocationStore),
    'cognito-jwks': cognitoJwks,
  }),
);
