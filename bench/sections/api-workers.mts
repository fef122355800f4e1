// The workers of the API section: each does one operation of one kind, on
// its own cart, and says whether it succeeded. A worker's cart is replaced
// every ROTATE operations so no cart reaches the 99-per-line limit, and every
// kind sees carts of the same size (24 lines after its first 24 adds).
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient } from '../../packages/backend/src/adapters/aws.ts';
import { DynamoCartStore } from '../../packages/backend/src/adapters/cart-store.ts';
import { CartTokenSigner } from '../../packages/backend/src/adapters/cart-token.ts';
import { toHttpApiEvent } from '../../packages/backend/src/local/api-gateway/http/http-event.ts';
import type { httpClient } from '../lib/http-client.mjs';

const ROTATE = 2000;
const ANON_TTL_S = 30 * 24 * 3600;

export interface Ctx {
  readonly env: Readonly<Record<string, string>>;
  readonly skus: readonly string[];
  readonly concurrency: number;
  readonly http: ReturnType<typeof httpClient>;
  /** The real cart-api handler, loaded in this process. */
  readonly handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
}

type Worker = (worker: number, iteration: number) => Promise<boolean>;

/** Per-worker carts of one kind, replaced every ROTATE operations. */
function carts<T>(concurrency: number, fresh: () => T) {
  const current = Array.from({ length: concurrency }, fresh);
  const used = Array.from({ length: concurrency }, () => 0);
  return {
    /** The worker's cart for its next write. */
    forWrite(worker: number): T {
      if (used[worker]! >= ROTATE) {
        current[worker] = fresh();
        used[worker] = 0;
      }
      used[worker]!++;
      return current[worker]!;
    },
    forRead(worker: number): T {
      return current[worker]!;
    },
  };
}

const isCondition = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

export function workers(ctx: Ctx) {
  const db = createDocumentClient({
    region: ctx.env.AWS_REGION ?? 'us-east-1',
    endpoint: ctx.env.DYNAMODB_ENDPOINT ?? null,
  });
  const table = ctx.env.CARTS_TABLE as string;
  const store = new DynamoCartStore(db, table);
  const signer = new CartTokenSigner(ctx.env.CART_TOKEN_SECRET as string);
  const sku = (i: number) => ctx.skus[i % ctx.skus.length] as string;
  const anonKey = () => `anon#${randomBytes(16).toString('base64url')}`;
  const token = () => signer.issue(Date.now()).cartToken;

  const trivialKeys = Array.from({ length: ctx.concurrency }, (_, w) => `bench#trivial#${w}`);
  const rawCarts = carts(ctx.concurrency, anonKey);
  const storeCarts = carts(ctx.concurrency, anonKey);
  const handlerCarts = carts(ctx.concurrency, token);
  const apiCarts = carts(ctx.concurrency, token);
  let requestNo = 0;

  /** The event the gateway would build, so the in-process handler sees exactly what it sees over HTTP. */
  const event = (method: string, url: string, cartToken: string, body?: string) =>
    toHttpApiEvent(
      {
        method,
        url,
        rawHeaders: [
          'host',
          '127.0.0.1',
          'x-cart-token',
          cartToken,
          ...(body === undefined ? [] : ['content-type', 'application/json', 'content-length', String(body.length)]),
        ],
        httpVersion: '1.1',
        sourceIp: '127.0.0.1',
        body: Buffer.from(body ?? ''),
        requestId: `bench-${++requestNo}`,
        receivedAt: new Date(),
      },
      { routeKey: `${method} ${url}`, pathParameters: undefined },
    );

  const rawTrivial: Worker = async (w) => {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: trivialKeys[w] },
        UpdateExpression: 'SET version = if_not_exists(version, :zero) + :one, updatedAt = :now ADD qty :q',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': new Date().toISOString(), ':q': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return true;
  };

  /** The very UpdateItem DynamoCartStore.mutate sends for an anonymous add (buildUpdate), and its create fallback. */
  const rawCartShape: Worker = async (w, i) => {
    const pk = rawCarts.forWrite(w);
    const now = Date.now();
    const nowS = Math.floor(now / 1000);
    const s = sku(i);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk },
          UpdateExpression:
            'SET version = version + :one, updatedAt = :iso, qty.#s = if_not_exists(qty.#s, :zero) + :q, added.#s = if_not_exists(added.#s, :now), #ttl = :ttl',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(qty.#s) OR qty.#s <= :room) AND (attribute_exists(qty.#s) OR size(qty) < :maxLines) AND (attribute_not_exists(#ttl) OR #ttl > :nowS)',
          ExpressionAttributeNames: { '#s': s, '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':iso': new Date(now).toISOString(),
            ':zero': 0,
            ':q': 1,
            ':now': now,
            ':room': 98,
            ':maxLines': 50,
            ':ttl': nowS + ANON_TTL_S,
            ':nowS': nowS,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!isCondition(error)) throw error;
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk,
            kind: 'anonymous',
            version: 1,
            qty: { [s]: 1 },
            added: { [s]: now },
            ik: {},
            updatedAt: new Date(now).toISOString(),
            ttl: nowS + ANON_TTL_S,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
    return true;
  };

  const storeMutate: Worker = async (w, i) => {
    const now = Date.now();
    const result = await store.mutate(
      storeCarts.forWrite(w),
      { type: 'add', sku: sku(i), quantity: 1 },
      {
        now,
        mayCreate: true,
        ttl: Math.floor(now / 1000) + ANON_TTL_S,
      },
    );
    return result.changed;
  };

  const handlerAdd: Worker = async (w, i) => {
    const body = JSON.stringify({ sku: sku(i), quantity: 1 });
    const result = await ctx.handler(event('POST', '/api/cart/items', handlerCarts.forWrite(w), body));
    return result.statusCode === 200;
  };

  const apiAdd: Worker = async (w, i) => {
    const body = JSON.stringify({ sku: sku(i), quantity: 1 });
    const res = await ctx.http.call(
      'POST',
      '/cart/items',
      { 'content-type': 'application/json', 'x-cart-token': apiCarts.forWrite(w) },
      body,
    );
    return res.status === 200;
  };

  const gatewayConfig: Worker = async () => (await ctx.http.call('GET', '/config')).status === 200;

  const rawGet: Worker = async (w) => {
    const result = await db.send(
      new GetCommand({ TableName: table, Key: { pk: rawCarts.forRead(w) }, ConsistentRead: true }),
    );
    return result.Item !== undefined;
  };

  const handlerGet: Worker = async (w) =>
    (await ctx.handler(event('GET', '/api/cart', handlerCarts.forRead(w)))).statusCode === 200;

  const apiGet: Worker = async (w) =>
    (await ctx.http.call('GET', '/cart', { 'x-cart-token': apiCarts.forRead(w) })).status === 200;

  return {
    rawTrivial,
    rawCartShape,
    storeMutate,
    handlerAdd,
    apiAdd,
    gatewayConfig,
    rawGet,
    handlerGet,
    apiGet,
    close: () => db.destroy(),
  };
}
