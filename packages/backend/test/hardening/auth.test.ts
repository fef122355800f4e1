import { createHmac, randomUUID } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Cart, Order, Problem } from '@cartkit/contract';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeps } from '../../src/runtime/every-service.js';
import { handler as wsConnect } from '../../src/handlers/ws-connect.js';
import { anonymousToken, call, createUser, getCart, type TestUser } from '../support/api.js';
import { readItem, stackEnv } from '../support/stack.js';
import { findLeak } from './support/invariants.js';
import {
  claimsOf,
  cognitoLocalPrivateKey,
  cognitoLocalPublicKey,
  signHs256,
  signRs256,
  strangerKey,
  unsigned,
} from './support/jwt.js';
import { placeOrder, SAMPLE_CHECKOUT } from '../support/checkout.js';

// Every credential an attacker can present, each answered 401 (cart routes,
// /me, checkout, WebSocket $connect) or 404 (someone else's order), and never
// with data. Forged JWTs change ONE thing against a control token that is
// accepted, so each refusal is proven to come from that one thing.

let cognito: CognitoIdentityProviderClient;
let alice: TestUser;
let bob: TestUser;
/** A token minted with cognito-local's own key and Alice's exact claims, exp one hour ahead. */
let controlClaims: Record<string, unknown>;

function env(name: string): string {
  const value = stackEnv().env[name];
  if (!value) throw new Error(`no ${name} in the stack's env`);
  return value;
}

async function signIn(clientId: string, username: string, password: string) {
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const token = auth.AuthenticationResult?.AccessToken;
  if (!token) throw new Error('no access token');
  return token;
}

async function connectWith(query: Record<string, string>): Promise<number | undefined> {
  const event = {
    queryStringParameters: query,
    requestContext: { connectionId: `hardening-${randomUUID()}`, routeKey: '$connect', eventType: 'CONNECT' },
  } as unknown as APIGatewayProxyWebsocketEventV2;
  const result = await wsConnect(event);
  return typeof result === 'object' ? result.statusCode : undefined;
}

/** Every door a signed-in user goes through: each must refuse `token` with 401 and show nothing. */
async function expectRefusedEverywhere(token: string): Promise<void> {
  const attempts = [
    await call<Problem>('GET', '/cart', { token }),
    await call<Problem>('POST', '/cart/items', { token, body: { sku: 'STICKERS', quantity: 1 } }),
    await call<Problem>('DELETE', '/cart', { token }),
    await call<Problem>('POST', '/cart/checkout', { token, body: SAMPLE_CHECKOUT }),
    await call<Problem>('GET', '/me', { token }),
  ];
  for (const response of attempts) {
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(response.body)).not.toMatch(/items|subtotal|email/);
    expect(findLeak(JSON.stringify(response.body))).toBeUndefined();
  }
  expect(await connectWith({ token })).toBe(401);
}

beforeAll(async () => {
  cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: env('COGNITO_ENDPOINT'),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  [alice, bob] = await Promise.all([createUser(), createUser()]);
  await call('POST', '/cart/items', { token: alice.accessToken, body: { sku: 'LAMP-DESK', quantity: 1 } });
  const now = Math.floor(Date.now() / 1000);
  controlClaims = { ...claimsOf(alice.accessToken), iat: now, auth_time: now, exp: now + 3600 };
});

afterAll(() => cognito.destroy());

describe('forged access tokens, each one change away from an accepted control', () => {
  it('accepts the control token minted with the pool key and Alice’s claims (so every refusal below is the change alone)', async () => {
    // Prepare
    const control = signRs256(controlClaims, cognitoLocalPrivateKey());
    // Act
    const cart = await call<Cart>('GET', '/cart', { token: control });
    // Assess
    expect(cart.status).toBe(200);
    expect(cart.body.items.map((line) => line.sku)).toEqual(['LAMP-DESK']);
    expect(await connectWith({ token: control })).toBe(200);
  });

  it.each([
    ['expired an hour ago, signed with the pool key', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['expired one second ago, signed with the pool key', { exp: Math.floor(Date.now() / 1000) - 1 }],
    ['not valid before an hour from now', { nbf: Math.floor(Date.now() / 1000) + 3600 }],
    ['from another user pool (issuer)', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool9' }],
    ['from another app client (client_id)', { client_id: 'someotherclientid0000000000' }],
    ['an ID token (token_use: id)', { token_use: 'id' }],
    ['with exp as a string', { exp: 'tomorrow' }],
  ])('refuses a token %s', async (_name, change) => {
    // Prepare
    const forged = signRs256({ ...controlClaims, ...change }, cognitoLocalPrivateKey());
    // Act + Assess
    await expectRefusedEverywhere(forged);
  });

  it('refuses a token signed by a key that is not the pool’s, under the pool’s kid and under an unknown kid', async () => {
    const stranger = strangerKey();
    await expectRefusedEverywhere(signRs256(controlClaims, stranger));
    await expectRefusedEverywhere(signRs256(controlClaims, stranger, 'attacker-kid'));
  });

  it('refuses an expired token signed by a key that is not the pool’s', async () => {
    const expired = signRs256({ ...controlClaims, exp: Math.floor(Date.now() / 1000) - 60 }, strangerKey());
    await expectRefusedEverywhere(expired);
  });

  it('refuses alg:none, HS256 keyed with the public key (alg confusion), and a re-signed payload', async () => {
    const [header, , signature] = alice.accessToken.split('.') as [string, string, string];
    const swappedSub = Buffer.from(JSON.stringify({ ...claimsOf(alice.accessToken), sub: randomUUID() })).toString(
      'base64url',
    );
    await expectRefusedEverywhere(unsigned(controlClaims));
    await expectRefusedEverywhere(signHs256(controlClaims, cognitoLocalPublicKey()));
    await expectRefusedEverywhere(`${header}.${swappedSub}.${signature}`);
  });
});

describe('real cognito-local tokens the API must not accept', () => {
  it('refuses access tokens of a second app client on the same pool', async () => {
    // Prepare: a second client of the same pool, and Alice signed in through it.
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: env('USER_POOL_ID'),
        ClientName: `hardening-other-${randomUUID()}`,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const otherClientId = created.UserPoolClient?.ClientId ?? '';
    const token = await signIn(otherClientId, alice.email, alice.password);
    // Assess: a genuine token of the right pool, right key, wrong audience.
    expect(claimsOf(token).client_id).toBe(otherClientId);
    await expectRefusedEverywhere(token);
  });

  it('refuses access tokens of another user pool signed by the same cognito-local key', async () => {
    // Prepare
    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: `hardening-${randomUUID()}` }));
    const poolId = pool.UserPool?.Id ?? '';
    const client = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'hardening',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      }),
    );
    const clientId = client.UserPoolClient?.ClientId ?? '';
    const username = `mallory-${randomUUID()}@example.com`;
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Correct-horse-9' }));
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    // Act
    const token = await signIn(clientId, username, 'Correct-horse-9');
    // Assess
    expect(String(claimsOf(token).iss)).toContain(poolId);
    await expectRefusedEverywhere(token);
  });

  it('refuses Alice’s ID token wherever an access token is required', async () => {
    await expectRefusedEverywhere(alice.idToken);
  });
});

describe('anonymous cart tokens', () => {
  function tokenFor(id: string, issuedAtSeconds: number, secret: string): string {
    const payload = `${id}.${issuedAtSeconds.toString(36)}`;
    return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
  }

  it('refuses a well-formed token signed with another secret', async () => {
    const forged = tokenFor('Q'.repeat(22), Math.floor(Date.now() / 1000), 'x'.repeat(48));
    const response = await call<Problem>('GET', '/cart', { cartToken: forged });
    expect(response.status).toBe(401);
    expect(await connectWith({ cartToken: forged })).toBe(401);
  });

  it('refuses a token whose cart expired (ttl passed, not yet swept by DynamoDB) and never brings the cart back', async () => {
    // Prepare: a genuine token whose cart row's ttl is an hour past.
    const id = randomUUID().replaceAll('-', '').slice(0, 22);
    const now = Math.floor(Date.now() / 1000);
    const cartToken = tokenFor(id, now - 40 * 86400, stackEnv().cartTokenSecret);
    const deps = await getDeps();
    await deps.db.send(
      new PutCommand({
        TableName: env('CARTS_TABLE'),
        Item: {
          pk: `anon#${id}`,
          kind: 'anonymous',
          version: 3,
          qty: { 'TEE-CLASSIC': 2 },
          added: { 'TEE-CLASSIC': 1 },
          idem: {},
          updatedAt: new Date((now - 3600) * 1000).toISOString(),
          ttl: now - 3600,
        },
      }),
    );
    const user = await createUser();
    // Act
    const answers = [
      await call<Problem>('GET', '/cart', { cartToken }),
      await call<Problem>('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 1 } }),
      await call<Problem>('PUT', '/cart/items/TEE-CLASSIC', { cartToken, body: { quantity: 5 } }),
      await call<Problem>('DELETE', '/cart', { cartToken }),
      await call<Problem>('POST', '/cart/merge', { token: user.accessToken, cartToken }),
    ];
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    const row = await readItem('Carts', { pk: `anon#${id}` });
    expect(row).toMatchObject({ version: 3, qty: { 'TEE-CLASSIC': 2 }, ttl: now - 3600 });
    expect((await getCart({ token: user.accessToken })).items).toEqual([]);
  });
});

describe('one user’s credentials on another’s data', () => {
  it('answers Bob, another cart token and Alice’s ID token on Alice’s order with 404/401 and no order data', async () => {
    // Prepare
    const placed = await placeOrder<Order>({ token: alice.accessToken });
    expect(placed.status).toBe(202);
    const path = `/orders/${placed.body.orderId}`;
    // Act
    const asBob = await call<Problem>('GET', path, { token: bob.accessToken });
    const asAnonymous = await call<Problem>('GET', path, { cartToken: await anonymousToken() });
    const withIdToken = await call<Problem>('GET', path, { token: alice.idToken });
    // Assess
    expect(asBob.status).toBe(404);
    // Issue 14: a cart token is a credential for orders too (the guest's own), so another one is 404, as Bob.
    expect(asAnonymous.status).toBe(404);
    expect(withIdToken.status).toBe(401);
    for (const response of [asBob, asAnonymous, withIdToken]) {
      expect(JSON.stringify(response.body)).not.toMatch(/LAMP-DESK|subtotal|items/);
    }
    expect((await call<Order>('GET', path, { token: alice.accessToken })).status).toBe(200);
  });

  it('gives two users who send the same checkout Idempotency-Key two different orders', async () => {
    // Prepare
    const carol = await createUser();
    const dave = await createUser();
    await call('POST', '/cart/items', { token: carol.accessToken, body: { sku: 'PEN-BRASS', quantity: 1 } });
    await call('POST', '/cart/items', { token: dave.accessToken, body: { sku: 'MUG-STONE', quantity: 1 } });
    const headers = { 'idempotency-key': 'checkout-1' };
    // Act
    const carols = await placeOrder<Order>({ token: carol.accessToken }, { headers });
    const daves = await placeOrder<Order>({ token: dave.accessToken }, { headers });
    // Assess
    expect(carols.status).toBe(202);
    expect(daves.status).toBe(202);
    expect(daves.body.orderId).not.toBe(carols.body.orderId);
    expect(daves.body.items.map((line) => line.sku)).toEqual(['MUG-STONE']);
    expect((await call('GET', `/orders/${carols.body.orderId}`, { token: dave.accessToken })).status).toBe(404);
  });
});
