import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Cart, Order } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { LocalEmail } from '../../src/local/emulators/ses.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { fulfilOrder } from '../../src/use-cases/fulfil-order.js';
import { anonymousToken, call, eventually, getCart } from '../support/api.js';
import { checkoutBody } from '../support/checkout.js';
import { stackEnv } from '../support/stack.js';

// The shared stack runs the default shop, `payment: null` (data/shop.json): orders go PENDING → CONFIRMED
// with no payment step. Its receipt goes out like a paid order's, once; and a cart's lines report the
// catalog's stock at read time, so a cart whose stock another buyer took is flagged without a write.

let documents: DynamoDBDocumentClient;
let productsTable: string;
let mailStore: string;
const made: string[] = [];

beforeAll(() => {
  const { env } = stackEnv();
  productsTable = env.PRODUCTS_TABLE ?? '';
  mailStore = `${env.SES_ENDPOINT}/store`;
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? '')));
});

afterAll(async () => {
  for (const sku of made) {
    await documents.send(new DeleteCommand({ TableName: productsTable, Key: { sku } })).catch(() => undefined);
  }
  documents?.destroy();
});

/** A product of this file's own (no other test prices or buys it), with `stock` units. */
async function product(stock: number): Promise<string> {
  const sku = `SALE-${randomUUID().slice(0, 8).toUpperCase()}`;
  made.push(sku);
  await documents.send(
    new PutCommand({
      TableName: productsTable,
      Item: {
        sku,
        name: `Last print ${sku}`,
        description: 'A numbered print.',
        unitPrice: 2_500,
        currency: 'USD',
        image: `/img/${sku}.svg`,
        stock,
        inCarts: 0,
      },
    }),
  );
  // The API reads the catalog through its cache (CATALOG_TTL_MS): wait until it sells the product.
  await eventually(async () => ((await call('GET', `/products/${sku}`)).status === 200 ? true : undefined));
  return sku;
}

async function guestWith(lines: Record<string, number>): Promise<string> {
  const cartToken = await anonymousToken();
  for (const [sku, quantity] of Object.entries(lines)) {
    const added = await call('POST', '/cart/items', { cartToken, body: { sku, quantity } });
    expect(added.status).toBe(200);
  }
  return cartToken;
}

async function mailTo(email: string): Promise<LocalEmail[]> {
  const store = (await (await fetch(mailStore)).json()) as { emails: LocalEmail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(email));
}

describe('a sale with no online payment (CONFIRMED)', () => {
  it('mails one receipt whose link opens the order, however often the order message is delivered', async () => {
    const cartToken = await guestWith({ 'CAP-CANVAS': 1 });
    const email = `confirmed-${randomUUID()}@example.com`;
    const body = { ...(await checkoutBody({ cartToken }, undefined, email)), returnUrl: 'http://localhost:5173/shop' };

    const placed = await call<Order & { accessToken: string }>('POST', '/cart/checkout', { cartToken, body });
    expect(placed.status).toBe(202);
    const { orderId, accessToken } = placed.body;
    await eventually(async () => {
      const { body: order } = await call<Order>('GET', `/orders/${orderId}`, { cartToken });
      return order.status === 'CONFIRMED' ? order : undefined;
    });
    const [mail] = await eventually(async () => {
      const mails = await mailTo(email);
      return mails.length > 0 ? mails : undefined;
    }, 15_000);
    // A redelivery of the order message (SQS is at least once): the worker runs again on the CONFIRMED order.
    await fulfilOrder(orderId, await createDeps(loadConfig(process.env)));
    await fulfilOrder(orderId, await createDeps(loadConfig(process.env)));
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(await mailTo(email)).toHaveLength(1);
    expect(mail?.subject).toBe(`cartkit shop: your receipt for order ${placed.body.number}`);
    const link = /View your order:\n(\S+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:5173/shop');
    const fragment = new URLSearchParams(url.hash.slice(1));
    expect(fragment.get('cartkit-order')).toBe(orderId);
    expect(fragment.get('token')).toBe(accessToken);
    const opened = await call<Order>(
      'GET',
      `/orders/${fragment.get('cartkit-order')}?token=${encodeURIComponent(fragment.get('token') ?? '')}`,
    );
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ orderId, status: 'CONFIRMED', number: placed.body.number });
  }, 60_000);
});

describe('stock on cart lines', () => {
  it("reports the catalog's stock at read time: another buyer's checkout of the last units flags this cart without a write", async () => {
    const sku = await product(2);
    const buyer = await guestWith({ [sku]: 2 });
    const other = await guestWith({ [sku]: 2 });
    const before = await getCart({ cartToken: other });
    expect(before.items.find((line) => line.sku === sku)?.stock).toBe(2);

    const placed = await call<Order>('POST', '/cart/checkout', {
      cartToken: buyer,
      body: await checkoutBody({ cartToken: buyer }),
    });
    expect(placed.status).toBe(202);
    await eventually(async () => {
      const { body } = await call<Order>('GET', `/orders/${placed.body.orderId}`, { cartToken: buyer });
      return body.status === 'CONFIRMED' ? true : undefined;
    });

    // The other cart was not written since; its GET reports the stock now (within the catalog cache's TTL).
    const after = await eventually(async () => {
      const cart = await getCart({ cartToken: other });
      return cart.items.find((line) => line.sku === sku)?.stock === 0 ? cart : undefined;
    });
    const line = after.items.find((candidate) => candidate.sku === sku);
    expect(line).toMatchObject({ quantity: 2, stock: 0 }); // over stock: the element flags it by name
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
    // Every cart body carries it: a write elsewhere in the cart answers the same figure.
    const added = await call<Cart>('POST', '/cart/items', {
      cartToken: other,
      body: { sku: 'PEN-BRASS', quantity: 1 },
    });
    expect(added.body.items.find((candidate) => candidate.sku === sku)?.stock).toBe(0);
    // And checkout refuses the line, naming it: placement reads the lines' products again (checkout-api
    // has a catalog cache of its own, which may still hold the old stock).
    const refused = await call<{ code: string; quote: { problems: { code: string; sku?: string }[] } }>(
      'POST',
      '/cart/checkout',
      { cartToken: other, body: await checkoutBody({ cartToken: other }) },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.quote.problems).toContainEqual(expect.objectContaining({ code: 'OVER_STOCK', sku }));
  }, 60_000);
});
