import { describe, expect, it } from 'vitest';
import { matchRoute, ROUTES, routeKey } from '../topology/http-routes.js';
import { isAllowedOrigin } from './cors.js';

describe('matchRoute', () => {
  it('finds the route and decodes path parameters', () => {
    const match = matchRoute('PUT', '/api/cart/items/TEE%2D1');
    expect(match.route && routeKey(match.route)).toBe('PUT /api/cart/items/{sku}');
    expect(match.route && 'pathParameters' in match ? match.pathParameters : undefined).toEqual({ sku: 'TEE-1' });
  });

  it('tells a wrong method (405) from an unknown path (404)', () => {
    expect(matchRoute('PATCH', '/api/cart')).toEqual({ route: undefined, pathExists: true });
    expect(matchRoute('GET', '/api/nope')).toEqual({ route: undefined, pathExists: false });
    expect(matchRoute('GET', '/api/products/')).toEqual({ route: undefined, pathExists: false });
  });

  it('has every route under /api exactly once', () => {
    const keys = ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => key.split(' ')[1]?.startsWith('/api/'))).toBe(true);
  });
});

describe('isAllowedOrigin', () => {
  it('allows any localhost origin with the "localhost" entry and nothing else', () => {
    expect(isAllowedOrigin('http://localhost:5173', ['localhost'])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:3000', ['localhost'])).toBe(true);
    expect(isAllowedOrigin('http://localhost.evil.com', ['localhost'])).toBe(false);
    expect(isAllowedOrigin('https://shop.example', ['localhost'])).toBe(false);
    expect(isAllowedOrigin('https://shop.example', ['https://shop.example'])).toBe(true);
  });
});
