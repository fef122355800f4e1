import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { LIMITS } from '@cartkit/contract';

/**
 * Anonymous cart tokens: `<id>.<issued>.<signature>`, where `id` is 128 random
 * bits, `issued` the issue time in epoch seconds (base36) and `signature` an
 * HMAC-SHA256 over both with the deployment's secret. Unforgeable without
 * the secret, and verified with no store round trip; inactivity expiry is
 * checked against the cart's own TTL (see the cart store).
 */
export interface AnonymousIdentity {
  readonly id: string;
  /** Epoch seconds the token was issued. */
  readonly issuedAt: number;
}

const TOKEN = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export class CartTokenSigner {
  readonly #secret: string;
  readonly #derived = new Map<string, Buffer>();

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('The cart token secret must be at least 32 characters');
    this.#secret = secret;
  }

  /**
   * Issues a new token.
   *
   * @example
   * ```ts
   * const { cartToken, expiresAt } = signer.issue(Date.now());
   * ```
   */
  issue(nowMs: number): { cartToken: string; id: string; issuedAt: number; expiresAt: string } {
    // Always a new cart: no route mints a second token for a cart that exists (a restore link copies lines instead).
    const id = randomBytes(16).toString('base64url');
    const issuedAt = Math.floor(nowMs / 1000);
    const payload = `${id}.${issuedAt.toString(36)}`;
    const cartToken = `${payload}.${this.#sign(payload)}`;
    return {
      cartToken,
      id,
      issuedAt,
      expiresAt: new Date((issuedAt + LIMITS.anonymousTtlSeconds) * 1000).toISOString(),
    };
  }

  /** Verifies a token's form and signature; undefined when forged or malformed. */
  verify(token: string): AnonymousIdentity | undefined {
    const match = TOKEN.exec(token);
    if (!match) return undefined;
    const [, id, issued, signature] = match as unknown as [string, string, string, string];
    const expected = Buffer.from(this.#sign(`${id}.${issued}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { id, issuedAt: Number.parseInt(issued, 36) };
  }

  /**
   * A 256-bit key for another purpose than cart tokens, derived from the same
   * deployment secret with HKDF-SHA256 (the purpose as `info`), so one secret
   * serves several MACs that can never stand in for one another: a cart
   * token's signature is no order access token. Stable for a given secret.
   *
   * @example
   * ```ts
   * const key = signer.derivedKey('order-access');
   * ```
   */
  derivedKey(purpose: string): Buffer {
    let key = this.#derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#secret, 'cartkit', `cartkit:${purpose}`, 32));
      this.#derived.set(purpose, key);
    }
    return key;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url');
  }
}
