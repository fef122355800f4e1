import { LIMITS } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import {
  anonymousExpiry,
  assertCartAlive,
  epochSeconds,
  isCartAlive,
  issuedLongAgo,
  ttlPassed,
} from './cart-liveness.js';
import { CartExpiredError, UnauthorizedError } from './errors.js';
import type { Owner } from './owner.js';

const TTL = LIMITS.anonymousTtlSeconds;
const NOW = Date.UTC(2025, 0, 31, 12, 0, 0, 500); // a half second, so flooring to seconds matters
const nowS = Math.floor(NOW / 1000);
const anonymous = (issuedAt: number): Extract<Owner, { kind: 'anonymous' }> => ({
  kind: 'anonymous',
  id: 'a',
  issuedAt,
});
const user: Owner = { kind: 'user', id: 'u', username: 'u' };
const written = (expiresAt: number | null, version = 3) => ({ version, expiresAt });

describe('cart liveness', () => {
  it('keeps a never-written anonymous cart alive for exactly 30 days from issue', () => {
    // Prepare: one token a second short of 30 days, one at exactly 30 days.
    const young = anonymous(nowS - TTL + 1);
    const old = anonymous(nowS - TTL);
    // Act / Assess
    expect([issuedLongAgo(young, NOW), issuedLongAgo(old, NOW)]).toEqual([false, true]);
    expect([isCartAlive(young, undefined, NOW), isCartAlive(old, undefined, NOW)]).toEqual([true, false]);
  });

  it('judges a version-0 item (only a remembered idempotency key) by the token, not its ttl', () => {
    const old = anonymous(nowS - TTL);
    expect(isCartAlive(old, written(nowS + 100, 0), NOW)).toBe(false);
    expect(isCartAlive(anonymous(nowS), written(nowS - 100, 0), NOW)).toBe(true);
  });

  it('keeps a written anonymous cart alive until its expiry second, whatever the token’s age', () => {
    const old = anonymous(nowS - 90 * 86400);
    expect(isCartAlive(old, written(nowS + 1), NOW)).toBe(true);
    expect(isCartAlive(old, written(nowS), NOW)).toBe(false);
    expect([ttlPassed(nowS + 1, NOW), ttlPassed(nowS, NOW), ttlPassed(null, NOW)]).toEqual([false, true, false]);
  });

  it('never expires a user’s cart', () => {
    expect(isCartAlive(user, undefined, NOW)).toBe(true);
    expect(isCartAlive(user, written(nowS - 1), NOW)).toBe(true);
  });

  it('gives each anonymous write 30 days from the current second', () => {
    expect(epochSeconds(NOW)).toBe(nowS);
    expect(anonymousExpiry(NOW)).toBe(nowS + TTL);
    expect(ttlPassed(anonymousExpiry(NOW), NOW + TTL * 1000 - 1000)).toBe(false);
    expect(ttlPassed(anonymousExpiry(NOW), NOW + TTL * 1000)).toBe(true);
  });

  it('refuses a dead cart with a 401 that says the token expired', () => {
    const thrown = (() => {
      try {
        assertCartAlive(anonymous(nowS - TTL), undefined, NOW);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(CartExpiredError);
    expect(thrown).toBeInstanceOf(UnauthorizedError);
    expect(thrown).toMatchObject({ code: 'UNAUTHORIZED', status: 401, message: 'The cart token has expired.' });
    expect(() => assertCartAlive(anonymous(nowS), undefined, NOW)).not.toThrow();
  });
});
