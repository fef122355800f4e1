import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { claimSignature, cognitoTimestamp, padHex, passwordKey, srpStart } from './srp.js';

// The reference: amazon-cognito-identity-js's AuthenticationHelper (a dev dependency
// only), from its CommonJS build, whose BigInteger (jsbn) is not a named export.
const require = createRequire(import.meta.url);
const { AuthenticationHelper } = require('amazon-cognito-identity-js') as { AuthenticationHelper: unknown };
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default as new (
  hex: string,
  radix: number,
) => unknown;

interface Helper {
  smallAValue: unknown;
  largeAValue: unknown;
  getLargeAValue(cb: (err: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(
    user: string,
    password: string,
    B: unknown,
    salt: unknown,
    cb: (err: unknown, key: Uint8Array) => void,
  ): void;
}

/** What the reference computes for the same secret `a`, server B and salt. */
async function reference(poolName: string, user: string, password: string, a: string, b: string, salt: string) {
  const helper = new (AuthenticationHelper as new (pool: string) => Helper)(poolName);
  helper.smallAValue = new BigInteger(a, 16);
  helper.largeAValue = undefined;
  const A = await new Promise<string>((resolve, reject) =>
    helper.getLargeAValue((err, value) => (err ? reject(err) : resolve(value.toString(16)))),
  );
  const key = await new Promise<Uint8Array>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(user, password, new BigInteger(b, 16), new BigInteger(salt, 16), (err, k) =>
      err ? reject(err) : resolve(k),
    ),
  );
  return { A, key: Buffer.from(key).toString('hex') };
}

describe('SRP (USER_SRP_AUTH) on BigInt and WebCrypto', () => {
  it('computes the A, password key and claim signature amazon-cognito-identity-js computes, on random inputs', async () => {
    for (let i = 0; i < 4; i += 1) {
      // Prepare: random credentials, secret a, salt and server B (any value below N stands in for B).
      const poolName = 'AbC123xyZ';
      const user = `user-${randomBytes(4).toString('hex')}@example.com`;
      const password = `Pw-${randomBytes(9).toString('base64')}-ü`;
      const a = randomBytes(128).toString('hex');
      const b = randomBytes(384).toString('hex');
      const salt = randomBytes(16).toString('hex');
      const secretBlock = randomBytes(48).toString('base64');
      const timestamp = 'Tue Dec 1 09:05:07 UTC 2026';
      const expected = await reference(poolName, user, password, a, b, salt);

      // Act
      const start = srpStart(BigInt(`0x${a}`));
      const key = await passwordKey(poolName, user, password, start, BigInt(`0x${b}`), BigInt(`0x${salt}`));
      const signature = await claimSignature(key, poolName, user, secretBlock, timestamp);

      // Assess
      expect(start.A.toString(16)).toBe(expected.A);
      expect(Buffer.from(key).toString('hex')).toBe(expected.key);
      const message = Buffer.concat([
        Buffer.from(poolName),
        Buffer.from(user),
        Buffer.from(secretBlock, 'base64'),
        Buffer.from(timestamp),
      ]);
      expect(signature).toBe(createHmac('sha256', Buffer.from(expected.key, 'hex')).update(message).digest('base64'));
    }
  }, 60_000); // the reference's jsbn is slow

  it('draws a fresh 1024-bit secret each time', () => {
    const one = srpStart();
    const two = srpStart();
    expect(one.a).not.toBe(two.a);
    expect(one.a.toString(16).length).toBeGreaterThan(240);
  });

  it('refuses a server B of zero (mod N)', async () => {
    await expect(passwordKey('p', 'u', 'pw', srpStart(), 0n, 1n)).rejects.toThrow(/B cannot be zero/);
  });

  it('pads hex as Java would: even length, 00 before a set top bit', () => {
    expect(padHex(0x14n)).toBe('14');
    expect(padHex(0xecn)).toBe('00ec');
    expect(padHex(0x1abn)).toBe('01ab');
  });

  it("formats Cognito's timestamp as ddd MMM D HH:mm:ss UTC YYYY", () => {
    expect(cognitoTimestamp(new Date(Date.UTC(2026, 11, 1, 9, 5, 7)))).toBe('Tue Dec 1 09:05:07 UTC 2026');
  });
});
