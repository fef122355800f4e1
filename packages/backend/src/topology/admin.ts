import { API_PREFIX } from './http-routes.js';

/**
 * The Cognito group whose members may call `/api/admin/*`: the CDK app and
 * the local stack both create it, the admin guard (`http/admin.ts`) reads it
 * from the access token's `cognito:groups`.
 */
export const ADMIN_GROUP = 'admin';

/** Every admin route lives under this prefix, and every route under it passes the admin guard. */
export const ADMIN_PREFIX = `${API_PREFIX}/admin/`;
