import { describe, expect, it } from 'vitest';
import { CartTokenSigner } from './cart-token.js';

const signer = new CartTokenSigner('x'.repeat(32));

describe('CartTokenSigner', () => {
  it('verifies the tokens it issues and reads back their issue time', () => {
    const issued = signer.issue(1_700_000_000_000);
    expect(signer.verify(issued.cartToken)).toEqual({ id: issued.id, issuedAt: 1_700_000_000 });
    expect(issued.expiresAt).toBe(new Date((1_700_000_000 + 30 * 86400) * 1000).toISOString());
  });

  it('issues 128-bit random ids, never the same twice', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => signer.issue(0).id));
    expect(ids.size).toBe(1000);
  });

  it('refuses a token whose id, time or signature was changed', () => {
    const { cartToken } = signer.issue(Date.now());
    const [id, issued, signature] = cartToken.split('.') as [string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(signer.verify(`${flip(id)}.${issued}.${signature}`)).toBeUndefined();
    expect(signer.verify(`${id}.${(Number.parseInt(issued, 36) + 1).toString(36)}.${signature}`)).toBeUndefined();
    expect(signer.verify(`${id}.${issued}.${flip(signature)}`)).toBeUndefined();
  });

  it('refuses tokens signed with another secret and malformed strings', () => {
    const other = new CartTokenSigner('y'.repeat(32)).issue(Date.now()).cartToken;
    expect(signer.verify(other)).toBeUndefined();
    for (const bad of ['', 'abc', 'a.b.c', `${'a'.repeat(22)}..${'b'.repeat(43)}`])
      expect(signer.verify(bad)).toBeUndefined();
  });

  it('will not start with a short secret', () => {
    expect(() => new CartTokenSigner('short')).toThrow(/32/);
  });
});
