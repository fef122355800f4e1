import { describe, expect, it } from 'vitest';
import { base64url, codeChallenge, randomToken } from './pkce.js';

describe('PKCE and the random values of a provider sign-in', () => {
  // RFC 7636, Appendix B: the verifier's 32 octets, the verifier, and its S256 challenge.
  const RFC_OCTETS = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
    88, 5, 88, 83, 132, 141, 121,
  ];
  const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it("encodes RFC 7636's verifier octets to its verifier (base64url, no padding)", () => {
    expect(base64url(Uint8Array.from(RFC_OCTETS))).toBe(RFC_VERIFIER);
  });

  it("derives RFC 7636's S256 challenge from its verifier", async () => {
    expect(await codeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('makes 32-byte tokens: 43 characters of the base64url alphabet, never the same twice', () => {
    const tokens = Array.from({ length: 200 }, () => randomToken());
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Every alphabet position gets used: not a constant or a counter dressed up as base64url.
    expect(new Set(tokens.join('')).size).toBeGreaterThan(60);
  });
});
