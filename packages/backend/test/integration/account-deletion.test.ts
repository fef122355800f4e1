import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Order } from '@cartkit/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { call, createUser, eventually } from '../support/api.js';
import { openSocket, refusedSocket, type TestSocket } from '../support/socket.js';
import { readItem, stackEnv } from '../support/stack.js';
import { placeOrder, SAMPLE_CHECKOUT } from '../support/checkout.js';

// docs/API.md: `DELETE /me` "deletes the Cognito user, carts and sessions". An access token
// is a JWT verified offline, so deleting the user does not, by itself, end it: these tests
// hold the API to refusing every use of a deleted identity until the token expires.

const open: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((socket) => socket.close()));
});

async function connectionRows(ownerKey: string): Promise<unknown[]> {
  const { env } = stackEnv();
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const result = await client.send(
    new QueryCommand({
      TableName: env.CONNECTIONS_TABLE,
      KeyConditionExpression: 'ownerKey = :o',
      ExpressionAttributeValues: { ':o': ownerKey },
      ConsistentRead: true,
    }),
  );
  client.destroy();
  return result.Items ?? [];
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)),
  ]);
}

describe('DELETE /me ends the identity', () => {
  it("refuses the deleted account's token everywhere (401), closes its sockets and erases its cart and connections", async () => {
    // Prepare: a user with an order, a cart line and an open socket.
    const user = await createUser();
    const token = user.accessToken;
    await call('POST', '/cart/items', { token, body: { sku: 'NOTEBOOK-A5', quantity: 1 } });
    const placed = await placeOrder<Order>({ token });
    expect(placed.status).toBe(202);
    const orderId = placed.body.orderId;
    await eventually(async () => {
      const order = await call<Order>('GET', `/orders/${orderId}`, { token });
      return order.body.status === 'PENDING' ? undefined : order.body;
    }, 15_000);
    await call('POST', '/cart/items', { token, body: { sku: 'STICKERS', quantity: 2 } });
    const device = await openSocket({ token });
    open.push(device);
    const sub = String(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).sub);

    // Act
    const deleted = await call('DELETE', '/me', { token });

    // Assess
    expect(deleted.status).toBe(204);
    const closeCode = await within(device.closed, 5000, 'the open socket closed').catch(
      (error: Error) => error.message,
    );
    const statuses = {
      'GET /cart': (await call('GET', '/cart', { token })).status,
      'POST /cart/items': (await call('POST', '/cart/items', { token, body: { sku: 'STICKERS', quantity: 1 } })).status,
      'DELETE /cart': (await call('DELETE', '/cart', { token })).status,
      'POST /cart/checkout': (await call('POST', '/cart/checkout', { token, body: SAMPLE_CHECKOUT })).status,
      'GET /orders/{id}': (await call('GET', `/orders/${orderId}`, { token })).status,
      'GET /me': (await call('GET', '/me', { token })).status,
      'DELETE /me': (await call('DELETE', '/me', { token })).status,
      'WebSocket ?token=': await within(refusedSocket({ token }), 5000, 'refused').catch(() => 'stayed open'),
    };
    expect(statuses).toEqual({
      'GET /cart': 401,
      'POST /cart/items': 401,
      'DELETE /cart': 401,
      'POST /cart/checkout': 401,
      'GET /orders/{id}': 401,
      'GET /me': 401,
      'DELETE /me': 401,
      'WebSocket ?token=': 4401,
    });
    expect(typeof closeCode, `socket: ${closeCode}`).toBe('number');
    expect(await readItem('Carts', { pk: `user#${sub}` }), 'cart row after deletion').toBeUndefined();
    expect(await connectionRows(`user#${sub}`), 'connection rows after deletion').toEqual([]);
  }, 60_000);
});
