import { describe, expect, it } from 'vitest';
import { AuthorizationCodes, type CodeGrant, verifyS256 } from './authorization-codes.js';

const GRANT: CodeGrant = {
  clientId: 'client',
  redirectUri: 'http://localhost:3000/api/auth/callback',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  nonce: 'n',
  scope: ['openid'],
  username: 'u',
  provider: { name: 'LocalIdP', userId: 'ada@example.com' },
};

describe('verifyS256', () => {
  it('accepts RFC 7636\u2019s example pair and refuses any other verifier', () => {
    expect(verifyS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', GRANT.codeChallenge)).toBe(true);
    expect(verifyS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl', GRANT.codeChallenge)).toBe(false);
    // Too short, or outside the unreserved characters, even if it hashed right.
    expect(verifyS256('short', GRANT.codeChallenge)).toBe(false);
    expect(verifyS256(`${'a'.repeat(43)} `, GRANT.codeChallenge)).toBe(false);
  });
});

describe('AuthorizationCodes', () => {
  it('gives a code\u2019s grant once, and never after its lifetime', () => {
    let now = 1_000_000;
    const codes = new AuthorizationCodes({ lifetimeMs: 300_000, now: () => now });
    const first = codes.issue(GRANT);
    const second = codes.issue(GRANT);

    expect(codes.take(first)).toEqual(GRANT);
    expect(codes.take(first)).toBeUndefined();
    now += 300_000;
    expect(codes.take(second)).toBeUndefined();
    expect(codes.take('never-issued')).toBeUndefined();
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
