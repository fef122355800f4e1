import { createHash, createHmac, randomBytes } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isAuthError } from '../index.js';
import { COGNITO } from '../../test/support/fake-api.js';
import { useFakeApi } from '../../test/support/setup.js';
import { N, padHex } from './srp.js';

// A user pool that speaks USER_SRP_AUTH as Cognito does, written from the SRP-6a
// server equations with node:crypto (cognito-local has no SRP): it keeps only the
// salt and verifier v = g^x, and accepts the PASSWORD_VERIFIER answer only if its
// signature matches the key the server derives from A, b and v.
const g = 2n;
const POOL_NAME = 'pool1'; // from userPoolId `local_pool1`
const USER_ID_FOR_SRP = 'c0ffee00-user-id'; // Cognito's internal username, not the email
const sha = (buf: Buffer) => createHash('sha256').update(buf).digest();
const hexHash = (hex: string) => sha(Buffer.from(hex, 'hex')).toString('hex');
const big = (hex: string) => BigInt(`0x${hex}`);
function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = ((base % mod) + mod) % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}
const k = big(hexHash(padHex(N) + padHex(g)));

function srpPool(email: string, password: string) {
  const salt = big(randomBytes(16).toString('hex'));
  const inner = sha(Buffer.from(`${POOL_NAME}${USER_ID_FOR_SRP}:${password}`)).toString('hex');
  const v = modPow(g, big(hexHash(padHex(salt) + inner)), N);
  let pending: { A: bigint; b: bigint; B: bigint; secretBlock: string } | null = null;
  const seen: string[] = [];
  // Tokens the fake API accepts: issued by its own Cognito stand-in (which knows only `Passw0rd!`).
  const tokens = () =>
    fetch(COGNITO, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!' },
      }),
    }).then((r) => r.json());
  const handler = http.post(COGNITO, async ({ request }) => {
    const target = (request.headers.get('x-amz-target') ?? '').split('.').pop() ?? '';
    const body = (await request.clone().json()) as Record<string, Record<string, string> | string>;
    if (target === 'InitiateAuth' && body['AuthFlow'] !== 'USER_SRP_AUTH') return undefined; // refresh, token issue: the fake's
    seen.push(target);
    if (target === 'InitiateAuth') {
      const params = body['AuthParameters'] as Record<string, string>;
      expect(params['PASSWORD']).toBeUndefined(); // the password never leaves the browser
      const A = big(params['SRP_A'] ?? '0');
      const b = big(randomBytes(128).toString('hex'));
      const B = (k * v + modPow(g, b, N)) % N;
      pending = { A, b, B, secretBlock: randomBytes(64).toString('base64') };
      return HttpResponse.json({
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeParameters: {
          SRP_B: B.toString(16),
          SALT: salt.toString(16),
          SECRET_BLOCK: pending.secretBlock,
          USER_ID_FOR_SRP,
        },
      });
    }
    if (target === 'RespondToAuthChallenge' && pending) {
      const r = body['ChallengeResponses'] as Record<string, string>;
      const { A, b, B, secretBlock } = pending;
      const u = big(hexHash(padHex(A) + padHex(B)));
      const S = modPow(A * modPow(v, u, N), b, N);
      const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
        .update(Buffer.from(padHex(S), 'hex'))
        .digest();
      const key = createHmac('sha256', prk).update(Buffer.from('Caldera Derived Key\u0001')).digest().subarray(0, 16);
      const message = Buffer.concat([
        Buffer.from(POOL_NAME),
        Buffer.from(USER_ID_FOR_SRP),
        Buffer.from(secretBlock, 'base64'),
        Buffer.from(r['TIMESTAMP'] ?? ''),
      ]);
      const expected = createHmac('sha256', key).update(message).digest('base64');
      const ok =
        r['USERNAME'] === USER_ID_FOR_SRP &&
        r['PASSWORD_CLAIM_SECRET_BLOCK'] === secretBlock &&
        r['PASSWORD_CLAIM_SIGNATURE'] === expected &&
        /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/.test(r['TIMESTAMP'] ?? '');
      pending = null;
      return ok
        ? HttpResponse.json(await tokens())
        : HttpResponse.json(
            { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
            { status: 400 },
          );
    }
    return HttpResponse.json({ __type: 'InvalidParameterException', message: target }, { status: 400 });
  });
  return { handler, seen };
}

const ctx = useFakeApi();
const email = 'ada@example.com';
const password = 'Correct-horse-9-battery';

describe('sign-in with USER_SRP_AUTH (as on AWS)', () => {
  it('proves the password with SRP and signs in, without sending it', async () => {
    // Prepare
    const pool = srpPool(email, password);
    ctx.server.use(pool.handler);
    const { client } = ctx.make({ config: { authFlow: 'USER_SRP_AUTH' } });
    await client.ready();

    // Act
    const user = await client.auth.signIn({ email, password });

    // Assess
    expect(user).toEqual({ userId: `sub-${email}`, email });
    expect(pool.seen).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(client.auth.currentUser()).toEqual(user);
  });

  it('a wrong password fails the verifier with an AuthError and signs no one in', async () => {
    // Prepare
    ctx.server.use(srpPool(email, password).handler);
    const { client } = ctx.make({ config: { authFlow: 'USER_SRP_AUTH' } });
    await client.ready();

    // Act
    const error = await client.auth.signIn({ email, password: 'not-the-password-1' }).catch((e: unknown) => e);

    // Assess
    expect(isAuthError(error) && error.cognitoCode).toBe('NotAuthorizedException');
    expect(client.auth.currentUser()).toBeNull();
  });
});
