import type { Config, Product, ProductPage } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api.js';

describe('GET /config', () => {
  it('tells a browser where Cognito and the realtime socket are, and which auth flow to use', async () => {
    const response = await call<Config>('GET', '/config');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      region: 'us-east-1',
      userPoolId: expect.stringMatching(/^us-east-1_/),
      userPoolClientId: expect.any(String),
      cognitoEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      realtimeUrl: expect.stringMatching(/^ws:\/\/localhost:\d+\/ws$/),
      currency: 'USD',
      authFlow: 'USER_PASSWORD_AUTH',
    });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('tells the element the shop: its currency and, per country shipped to, tax display and region rule', async () => {
    const response = await call<Config>('GET', '/config');
    expect(response.body.shop).toEqual({
      currency: 'USD',
      countries: [
        { code: 'US', pricesIncludeTax: false, regionRequired: true },
        { code: 'CA', pricesIncludeTax: false, regionRequired: true },
        { code: 'GB', pricesIncludeTax: true, regionRequired: false },
        { code: 'DE', pricesIncludeTax: true, regionRequired: false },
      ],
    });
    expect(response.body.currency).toBe(response.body.shop?.currency);
  });
});

describe('GET /products', () => {
  it('pages through the whole seeded catalog with cursors, every price an integer', async () => {
    const seen: Product[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=7&cursor=${cursor}` : '?limit=7';
      const response = await call<ProductPage>('GET', `/products${query}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(7);
      expect(response.headers.get('cache-control')).toMatch(/max-age/);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(new Set(seen.map((product) => product.sku)).size).toBe(seen.length);
    expect(seen.every((product) => Number.isInteger(product.unitPrice) && product.currency === 'USD')).toBe(true);
  });

  it.each(['0', '101', '1.5', 'ten', '-1'])('refuses limit=%s with 400', async (limit) => {
    const response = await call('GET', `/products?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('refuses a forged cursor with 400', async () => {
    const response = await call('GET', `/products?cursor=${Buffer.from('<script>').toString('base64url')}`);
    expect(response.status).toBe(400);
  });
});

describe('GET /products/{sku}', () => {
  it('returns one product and 404 for an unknown SKU', async () => {
    const found = await call<Product>('GET', '/products/TEE-CLASSIC');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ sku: 'TEE-CLASSIC', unitPrice: 2400, currency: 'USD' });
    const missing = await call('GET', '/products/NO-SUCH-THING');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
  });
});

describe('routing', () => {
  it('answers an unknown path with 404 and a wrong method with 405, as problems', async () => {
    expect((await call('GET', '/nowhere')).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await call('PATCH', '/cart')).body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('answers CORS preflight for localhost origins and exposes ETag and X-Request-Id', async () => {
    const preflight = await call('OPTIONS', '/cart/items', {
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-cart-token,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Cart-Token/i);
    const actual = await call('GET', '/products?limit=1', { headers: { origin: 'http://127.0.0.1:8080' } });
    expect(actual.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(actual.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
  });

  it('marks every cacheable answer Vary: Origin, asked with an Origin or without one', async () => {
    // A cache that stored the answer to a request without Origin (no Access-Control-Allow-Origin)
    // must not hand it to a page on an allowed site, nor one site's answer to another.
    const missing: string[] = [];
    for (const path of ['/config', '/products?limit=1', '/products/TEE-CLASSIC']) {
      for (const origin of [undefined, 'http://localhost:5173']) {
        const response = await call('GET', path, origin ? { headers: { origin } } : {});
        if (!/\borigin\b/i.test(response.headers.get('vary') ?? ''))
          missing.push(`${path} origin=${origin ?? '(none)'}`);
      }
    }
    expect(missing, 'answers without Vary: Origin').toEqual([]);
  });

  it('refuses a page from a site not on the allow-list with 403', async () => {
    const response = await call('GET', '/products', { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
