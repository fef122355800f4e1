import { createHmac, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { anonymousToken, call, createUser } from '../support/api.js';
import { openSocket, refusedSocket, type TestSocket } from '../support/socket.js';
import { stackEnv } from '../support/stack.js';

// `$connect` applies the rules HTTP applies (origin allow-list, the identity rule)
// and caps open sockets per owner. Local close codes: 4401 bad credential,
// 4403 origin refused, 4429 over the cap (docs/API.md, Realtime).

const open: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((socket) => socket.close()));
});

/** A refusal, or "stayed open" when the socket was accepted (the close never comes). */
function verdict(refusal: Promise<number>): Promise<number | string> {
  return Promise.race([refusal, new Promise<string>((resolve) => setTimeout(() => resolve('stayed open'), 3000))]);
}

/** A cart token signed with the stack's real secret, issued `daysAgo` days ago, for a fresh cart id. */
function tokenIssued(daysAgo: number): { cartToken: string; pk: string } {
  const id = randomBytes(16).toString('base64url');
  const issued = (Math.floor(Date.now() / 1000) - daysAgo * 86400).toString(36);
  const signature = createHmac('sha256', stackEnv().cartTokenSecret).update(`${id}.${issued}`).digest('base64url');
  return { cartToken: `${id}.${issued}.${signature}`, pk: `anon#${id}` };
}

/** Writes an anonymous cart row whose inactivity expiry is `ttlInDays` from now. */
async function storeCart(pk: string, ttlInDays: number): Promise<void> {
  const { env } = stackEnv();
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  await client.send(
    new PutCommand({
      TableName: env.CARTS_TABLE,
      Item: {
        pk,
        kind: 'anonymous',
        version: 1,
        qty: { STICKERS: 1 },
        added: { STICKERS: Date.now() },
        idem: {},
        updatedAt: new Date().toISOString(),
        ttl: Math.floor(Date.now() / 1000) + ttlInDays * 86400,
      },
    }),
  );
  client.destroy();
}

describe('$connect origin rule', () => {
  it('refuses an upgrade from a site off the allow-list with 4403 (not 4401: the credential is fine), as HTTP answers 403', async () => {
    const cartToken = await anonymousToken();
    const http = await call('GET', '/cart', { cartToken, headers: { origin: 'https://evil.example' } });
    const foreign = await verdict(refusedSocket({ cartToken }, { origin: 'https://evil.example' }));
    const allowed = await openSocket({ cartToken, origin: 'http://localhost:5173' });
    open.push(allowed);
    const noOrigin = await openSocket({ cartToken });
    open.push(noOrigin);
    expect([http.status, foreign]).toEqual([403, 4403]);
  });
});

describe('$connect identity rule', () => {
  it('refuses an anonymous token HTTP calls expired (4401), and accepts one whose cart was written within 30 days', async () => {
    const neverWrote = tokenIssued(31);
    const inactive = tokenIssued(70);
    await storeCart(inactive.pk, -1);
    const active = tokenIssued(45);
    await storeCart(active.pk, 20);

    const answers = {
      'never wrote, 31 days': [
        (await call('GET', '/cart', { cartToken: neverWrote.cartToken })).status,
        await verdict(refusedSocket({ cartToken: neverWrote.cartToken })),
      ],
      'cart expired': [
        (await call('GET', '/cart', { cartToken: inactive.cartToken })).status,
        await verdict(refusedSocket({ cartToken: inactive.cartToken })),
      ],
    };
    const alive = await openSocket({ cartToken: active.cartToken });
    open.push(alive);

    expect(answers).toEqual({ 'never wrote, 31 days': [401, 4401], 'cart expired': [401, 4401] });
    expect((await call('GET', '/cart', { cartToken: active.cartToken })).status).toBe(200);
  });
});

describe('$connect cap per owner', () => {
  it('accepts 10 open sockets of one user, refuses the 11th with 4429, and takes a new one once a socket closes', async () => {
    const user = await createUser();
    const sockets = await Promise.all(Array.from({ length: 10 }, () => openSocket({ token: user.accessToken })));
    open.push(...sockets);

    const eleventh = await verdict(refusedSocket({ token: user.accessToken }));
    const otherUser = await openSocket({ cartToken: await anonymousToken() });
    open.push(otherUser);
    await sockets[0]?.close();
    // $disconnect forgets the row right after the close handshake.
    let replacement: TestSocket | undefined;
    for (let attempt = 0; attempt < 20 && !replacement; attempt++) {
      replacement = await openSocket({ token: user.accessToken }).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    if (replacement) open.push(replacement);

    expect(eleventh).toBe(4429);
    expect(replacement, 'a socket after one of the ten closed').toBeDefined();
  });
});
