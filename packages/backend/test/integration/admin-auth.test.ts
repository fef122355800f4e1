import type { AdminProductPage, Problem } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/topology/http-routes.js';
import { anonymousToken, call, createAdmin, createUser, type TestUser } from '../support/api.js';

// Issue 16, "Admin identity": every /admin/* route verifies the `admin` group claim of the access token:
// 401 without a token or with a bad one, 403 for a shopper, and an admin's token that the identity rule
// ends (a deleted account) is refused like any other.

/** Every admin route of the topology, with a concrete path and a body it could accept. */
const ADMIN_ROUTES = ROUTES.filter((route) => route.path.startsWith('/api/admin/')).map((route) => ({
  method: route.method,
  path: route.path.replace('/api', '').replace('{sku}', 'ADMIN-AUTH-NOPE'),
  body: route.method === 'GET' || route.method === 'DELETE' ? undefined : { name: 'x', unitPrice: 1, delta: 1 },
}));

let shopper: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [shopper, admin] = await Promise.all([createUser(), createAdmin()]);
});

describe('the admin guard', () => {
  it('covers the catalog routes the issue names', () => {
    const keys = ADMIN_ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /admin/products',
        'GET /admin/products/ADMIN-AUTH-NOPE',
        'PUT /admin/products/ADMIN-AUTH-NOPE',
        'PATCH /admin/products/ADMIN-AUTH-NOPE',
        'DELETE /admin/products/ADMIN-AUTH-NOPE',
      ]),
    );
  });

  it('answers every admin route without a token with 401, and changes nothing', async () => {
    for (const route of ADMIN_ROUTES) {
      const response = await call<Problem>(route.method, route.path, route.body ? { body: route.body } : {});
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(response.body.code).toBe('UNAUTHORIZED');
    }
    // The PUT above did not create the product.
    expect((await call('GET', '/admin/products/ADMIN-AUTH-NOPE', { token: admin.accessToken })).status).toBe(404);
  });

  it('answers a bad, tampered or ID token, and a cart token alone, with 401', async () => {
    const [header, payload, signature] = admin.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    // A shopper's token with the group claim added by hand: the signature no longer matches.
    const [, shopperPayload, shopperSignature] = shopper.accessToken.split('.') as [string, string, string];
    const shopperClaims = JSON.parse(Buffer.from(shopperPayload, 'base64url').toString());
    const promoted = `${header}.${Buffer.from(JSON.stringify({ ...shopperClaims, 'cognito:groups': ['admin'] })).toString('base64url')}.${shopperSignature}`;
    const otherSub = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    for (const token of ['garbage-token-value', promoted, otherSub, admin.idToken]) {
      for (const route of ADMIN_ROUTES) {
        const response = await call<Problem>(route.method, route.path, {
          token,
          ...(route.body ? { body: route.body } : {}),
        });
        expect(response.status, `${route.method} ${route.path}`).toBe(401);
      }
    }
    const cartToken = await anonymousToken();
    expect((await call('GET', '/admin/products', { cartToken })).status).toBe(401);
    const scheme = await call('GET', '/admin/products', { headers: { authorization: `Basic ${admin.accessToken}` } });
    expect(scheme.status).toBe(401);
  });

  it('answers a signed-in shopper (no admin group) with 403 on every admin route, and changes nothing', async () => {
    for (const route of ADMIN_ROUTES) {
      const response = await call<Problem>(route.method, route.path, {
        token: shopper.accessToken,
        ...(route.body ? { body: route.body } : {}),
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
    expect((await call('GET', '/admin/products/ADMIN-AUTH-NOPE', { token: admin.accessToken })).status).toBe(404);
  });

  it('lets a member of the admin group in, and the shopper routes still take the admin as a shopper', async () => {
    const page = await call<AdminProductPage>('GET', '/admin/products', { token: admin.accessToken });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body.items.some((product) => product.sku === 'TEE-CLASSIC')).toBe(true);
    expect((await call('GET', '/cart', { token: admin.accessToken })).status).toBe(200);
  });

  it("refuses an admin's token once the account is deleted (the revocation every route checks)", async () => {
    const leaving = await createAdmin();
    expect((await call('GET', '/admin/products', { token: leaving.accessToken })).status).toBe(200);
    expect((await call('DELETE', '/me', { token: leaving.accessToken })).status).toBe(204);
    const after = await call<Problem>('GET', '/admin/products', { token: leaving.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/session has ended/);
  });
});
