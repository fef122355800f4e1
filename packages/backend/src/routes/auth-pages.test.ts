import { describe, expect, it } from 'vitest';
import type { Deps } from '../runtime/deps.js';
import type { HttpRequest } from '../http/request.js';
import { authCallback } from './auth-pages.js';

// The callback page's origin rule on its own (the served pages are tested in
// test/integration/auth-pages.test.ts, against the local stack's ALLOWED_ORIGINS=localhost).
const state = (returnUrl: string, mode = 'r') =>
  `${'n'.repeat(22)}.${mode}.${Buffer.from(returnUrl).toString('base64url')}`;

function request(query: Record<string, string>): HttpRequest {
  return {
    method: 'GET',
    routeKey: 'GET /auth/callback',
    path: '/auth/callback',
    headers: {},
    query,
    pathParameters: {},
    rawBody: undefined,
    requestId: 'r-1',
    sourceIp: '127.0.0.1',
    selfOrigin: 'https://api.example',
  };
}

const deps = (allowedOrigins: string[]) => ({ config: { allowedOrigins } }) as unknown as Deps;

describe('authCallback: who may receive a code', () => {
  it('forwards to an origin listed exactly', async () => {
    const response = await authCallback(
      request({ code: 'c0de', state: state('https://shop.example/p') }),
      deps(['https://shop.example']),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers?.Location).toMatch(/^https:\/\/shop\.example\/p#cartkit-auth=c0de&/);
  });

  it('never honours the CORS wildcard `*`: the code would go to any site (and the attacker holds the verifier)', async () => {
    for (const mode of ['r', 'p']) {
      const response = await authCallback(
        request({ code: 'c0de', state: state('https://evil.example/steal', mode) }),
        deps(['https://shop.example', '*']),
      );
      expect(response.statusCode, mode).toBe(400);
      expect(response.headers?.Location).toBeUndefined();
      expect(response.body).not.toContain('c0de');
      expect(response.body).not.toContain('evil.example');
    }
  });

  it('refuses lookalikes of a listed origin', async () => {
    for (const returnUrl of [
      'https://shop.example.evil.example/',
      'https://shop.example@evil.example/',
      'https://evil.example\\@shop.example/',
      'https://shop.example:8443/',
      'http://shop.example/',
      'javascript://shop.example/%0aalert(1)',
      'data:text/html,https://shop.example',
    ]) {
      const response = await authCallback(
        request({ code: 'c0de', state: state(returnUrl) }),
        deps(['https://shop.example']),
      );
      expect(response.statusCode, returnUrl).toBe(400);
    }
  });

  it('accepts the same origin however the URL spells its host and default port', async () => {
    const response = await authCallback(
      request({ code: 'c0de', state: state('https://SHOP.example:443/p') }),
      deps(['https://shop.example']),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers?.Location).toMatch(/^https:\/\/shop\.example\/p#/);
  });
});
