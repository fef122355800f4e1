import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckoutRequest, DiscountDefinition, Order, Problem, Quote } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDiscountStore } from '../../src/adapters/discount-store.js';
import { DynamoOrderStore, type PlaceResult } from '../../src/adapters/order-store.js';
import { customerKey } from '../../src/domain/discount.js';
import type { StoredOrder } from '../../src/domain/order.js';
import { loadConfig } from '../../src/config.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { identify } from '../../src/use-cases/identity.js';
import { quoteCart } from '../../src/use-cases/quote-cart.js';
import { anonymousToken, call, createAdmin, eventually } from '../support/api.js';
import { US_ADDRESS } from '../support/checkout.js';
import { readItem, stackEnv } from '../support/stack.js';

// Discount codes at checkout, through the real local gateway and DynamoDB Local: the quote shows
// the discount or says why not, and checkout counts the use in the transaction that places the order.

let documents: DynamoDBDocumentClient;
let discounts: DynamoDiscountStore;
let orders: DynamoOrderStore;
let tables: { orders: string; carts: string; discounts: string };

beforeAll(() => {
  const { env } = stackEnv();
  tables = { orders: env.ORDERS_TABLE ?? '', carts: env.CARTS_TABLE ?? '', discounts: env.DISCOUNTS_TABLE ?? '' };
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? '')), {
    marshallOptions: { removeUndefinedValues: true },
  });
  discounts = new DynamoDiscountStore(documents, tables);
  orders = new DynamoOrderStore(documents, tables.orders, tables.carts);
});

/** A fresh code (tests share one table) with this definition. */
async function newCode(definition: DiscountDefinition): Promise<string> {
  const code = `T${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;
  await discounts.put(code, definition, Date.now());
  return code;
}

async function guestWith(lines: Record<string, number>): Promise<string> {
  const cartToken = await anonymousToken();
  for (const [sku, quantity] of Object.entries(lines)) {
    const added = await call('POST', '/cart/items', { cartToken, body: { sku, quantity } });
    expect(added.status).toBe(200);
  }
  return cartToken;
}

async function quoteWith(cartToken: string, discountCode: string, email?: string): Promise<Quote> {
  const response = await call<Quote>('POST', '/checkout/quote', {
    cartToken,
    body: { shippingAddress: US_ADDRESS, discountCode, ...(email ? { email } : {}) },
  });
  expect(response.status).toBe(200);
  return response.body;
}

/** Quotes with the code, then checks out at the total shown. */
async function checkoutWith(cartToken: string, discountCode: string, email = 'shopper@example.com') {
  const quote = await quoteWith(cartToken, discountCode, email);
  const body: CheckoutRequest = {
    email,
    shippingAddress: US_ADDRESS,
    shippingOptionId: quote.shippingOptionId ?? 'us-standard',
    discountCode,
    expectedTotal: quote.total,
  };
  return call<OrderOrProblem>('POST', '/cart/checkout', { cartToken, body });
}

/** A checkout answer: the order (202) or a problem (4xx), read loosely. */
type OrderOrProblem = Partial<Order> & Partial<Omit<Problem, 'status'>> & { orderId: string };

const TEN_PERCENT: DiscountDefinition = { value: { type: 'percentage', percentOff: 10 } };

describe('POST /checkout/quote with a discount code', () => {
  it('shows the discount, whatever the case the code is typed in, and prices shipping and tax after it', async () => {
    const code = await newCode(TEN_PERCENT);
    const cartToken = await guestWith({ 'GIFT-CARD-25': 2 });

    const quote = await quoteWith(cartToken, code.toLowerCase());

    expect(quote.subtotal).toBe(5_000);
    expect(quote.discount).toBe(500);
    expect(quote.problems).toEqual([]);
    // 4,500 after the discount is under the 5,000 free-shipping threshold: standard shipping is charged.
    expect(quote.shipping).toBe(500);
    expect(quote.total).toBe(quote.subtotal - quote.discount + quote.shipping + quote.tax);
  });

  it('says why a code gives nothing: unknown, not started, expired, below the minimum, not for these products', async () => {
    const cartToken = await guestWith({ 'CABLE-USBC': 1 });
    const hour = 3_600_000;
    const cases: [string, DiscountDefinition | undefined][] = [
      ['DISCOUNT_CODE_UNKNOWN', undefined],
      ['DISCOUNT_CODE_NOT_STARTED', { ...TEN_PERCENT, startsAt: new Date(Date.now() + hour).toISOString() }],
      ['DISCOUNT_CODE_EXPIRED', { ...TEN_PERCENT, endsAt: new Date(Date.now() - hour).toISOString() }],
      ['DISCOUNT_CODE_MINIMUM_NOT_MET', { ...TEN_PERCENT, minimumSubtotal: 1_000_000 }],
      ['DISCOUNT_CODE_NOT_APPLICABLE', { ...TEN_PERCENT, skus: ['HEADPHONES'] }],
    ];
    for (const [expected, definition] of cases) {
      const code = definition === undefined ? 'NO-SUCH-CODE' : await newCode(definition);
      const quote = await quoteWith(cartToken, code);
      expect(quote.discount, expected).toBe(0);
      expect(quote.problems.map((problem) => problem.code)).toEqual([expected]);
      expect(quote.problems[0]?.message).toContain(code);
    }
  });

  it('quotes the same discount whether the shop takes payment online or not (the session carries it as a coupon)', async () => {
    const code = await newCode(TEN_PERCENT);
    const cartToken = await guestWith({ 'GIFT-CARD-25': 1 });
    const base = await createDeps(loadConfig());
    const online = { ...base, config: { ...base.config, paymentProvider: 'stripe' as const } };
    const owner = await identify({ kind: 'anonymous', cartToken }, base);

    const offline = await quoteCart(base, owner, { shippingAddress: US_ADDRESS, discountCode: code });
    const paid = await quoteCart(online, owner, { shippingAddress: US_ADDRESS, discountCode: code });

    expect(offline.quote.discount).toBe(250);
    expect(offline.discount).toBeUndefined(); // no email yet: nothing to count against
    expect(paid.quote).toEqual(offline.quote);
    expect(paid.quote.problems).toEqual([]);
  });

  it('refuses a checkout with a code that does not apply (422, nothing placed, no use counted)', async () => {
    const code = await newCode({ ...TEN_PERCENT, minimumSubtotal: 1_000_000 });
    const cartToken = await guestWith({ 'CABLE-USBC': 1 });

    const blocked = await checkoutWith(cartToken, code);

    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('CHECKOUT_BLOCKED');
    expect(blocked.body.detail).toContain('needs a subtotal of at least $10,000.00');
    expect((await discounts.get(code))?.used).toBe(0);
  });
});

describe('POST /cart/checkout with a discount code', () => {
  it('places the order at the discounted total, records the code and counts one use for this customer', async () => {
    const code = await newCode({ value: { type: 'fixed', amountOff: 700 }, perCustomerLimit: 1 });
    const email = `disc-${randomUUID()}@example.com`;
    const cartToken = await guestWith({ 'GIFT-CARD-25': 1 });

    const placed = await checkoutWith(cartToken, code, email);

    expect(placed.status).toBe(202);
    expect(placed.body.totals?.discount).toBe(700);
    expect(placed.body.discountCode).toBe(code);
    // California's 7.25 % on the line after its discount: 1,800 × 0.0725 = 130.5, half-even 130.
    expect(placed.body.totals?.tax).toBe(130);
    expect(placed.body.totals?.total).toBe(2_500 - 700 + 500 + 130);
    expect((await discounts.get(code))?.used).toBe(1);
    expect(await discounts.customerUses(code, customerKey(email))).toBe(1);

    // The same customer (another cart, the email in another case) has used it up.
    const again = await guestWith({ 'GIFT-CARD-25': 1 });
    const refused = await checkoutWith(again, code, email.toUpperCase());
    expect(refused.status).toBe(422);
    expect(refused.body.quote?.problems.map((problem) => problem.code)).toEqual(['DISCOUNT_CODE_CUSTOMER_LIMIT']);
    // Someone else may still use it.
    const other = await checkoutWith(again, code, `other-${randomUUID()}@example.com`);
    expect(other.status).toBe(202);
    expect((await discounts.get(code))?.used).toBe(2);
  });

  it('never passes a usage limit under parallel checkouts: 12 shoppers, a limit of 5, exactly 5 orders', async () => {
    const code = await newCode({ ...TEN_PERCENT, usageLimit: 5 });
    const carts = await Promise.all(Array.from({ length: 12 }, () => guestWith({ 'GIFT-CARD-25': 1 })));
    const quotes = await Promise.all(carts.map((cartToken) => quoteWith(cartToken, code)));

    const answers = await Promise.all(
      carts.map((cartToken, i) =>
        call<OrderOrProblem>('POST', '/cart/checkout', {
          cartToken,
          body: {
            email: `p${i}-${randomUUID()}@example.com`,
            shippingAddress: US_ADDRESS,
            shippingOptionId: quotes[i]?.shippingOptionId ?? 'us-standard',
            discountCode: code,
            expectedTotal: quotes[i]?.total ?? 0,
          },
        }),
      ),
    );

    const placed = answers.filter((answer) => answer.status === 202);
    expect(placed).toHaveLength(5);
    for (const answer of answers.filter((a) => a.status !== 202)) {
      expect(answer.status).toBe(422);
      expect(answer.body.quote?.problems.map((problem) => problem.code)).toEqual(['DISCOUNT_CODE_EXHAUSTED']);
    }
    expect((await discounts.get(code))?.used).toBe(5);
  });

  it('gives the use back once when an order fails or expires', async () => {
    const code = await newCode({ ...TEN_PERCENT, usageLimit: 1 });
    const cartToken = await guestWith({ 'GIFT-CARD-25': 1 });
    const placed = await checkoutWith(cartToken, code);
    expect(placed.status).toBe(202);
    const orderId = placed.body.orderId;
    await eventually(async () => {
      const order = await readItem('Orders', { orderId });
      return order?.status === 'CONFIRMED' ? order : undefined;
    }, 15_000);
    expect((await discounts.get(code))?.used).toBe(1);

    // As the payment sweeper does for an unpaid order (the stream processor then gives the use back).
    await setStatus(orderId, 'EXPIRED');
    await eventually(async () => ((await discounts.get(code))?.used === 0 ? true : undefined));
    expect((await readItem('Orders', { orderId }))?.discountReleased).toBe(true);

    // Another change of the same order (a redelivered record alike) gives nothing back twice.
    await setStatus(orderId, 'EXPIRED');
    const another = await guestWith({ 'GIFT-CARD-25': 1 });
    expect((await checkoutWith(another, code)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await discounts.get(code))?.used).toBe(1);
  });
});

async function setStatus(orderId: string, status: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: tables.orders,
      Key: { orderId },
      UpdateExpression: 'SET #status = :s, updatedAt = :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':s': status, ':now': new Date().toISOString() },
    }),
  );
}

describe('the usage counter in the placing transaction (DynamoDB Local)', () => {
  it('a limit of 100 gives exactly 100 orders from 110 parallel placements', async () => {
    const code = await newCode({ ...TEN_PERCENT, usageLimit: 100 });
    const rule = await discounts.get(code);
    if (!rule) throw new Error('no rule');
    const now = Date.now();

    const results = await Promise.all(
      Array.from({ length: 110 }, async (_, i): Promise<PlaceResult> => {
        const ownerKey = `anon#disc-${randomUUID()}`;
        await documents.send(new PutCommand({ TableName: tables.carts, Item: { pk: ownerKey, version: 1 } }));
        const order = {
          orderId: `disc-${randomUUID()}`,
          ownerKey,
          status: 'PENDING',
          items: [],
          subtotal: 0,
          currency: 'USD',
          createdAt: new Date(now).toISOString(),
          updatedAt: new Date(now).toISOString(),
          cartVersion: 1,
          discountCode: code,
          discountCustomer: customerKey(`c${i}@example.com`),
        } satisfies StoredOrder;
        const use = discounts.useItems(
          { code, revision: rule.revision, customer: customerKey(`c${i}@example.com`) },
          now,
        );
        // As checkout does: a conflicting transaction ("cart-moved") is tried again.
        for (;;) {
          const result = await orders.place(order, { ownerKey, version: 1, previousOrderId: undefined }, now, use);
          if (result !== 'cart-moved') return result;
        }
      }),
    );

    expect(results.filter((result) => result === 'placed')).toHaveLength(100);
    expect(results.filter((result) => result === 'discount-refused')).toHaveLength(10);
    expect((await discounts.get(code))?.used).toBe(100);
  });
});

describe('a code restricted to a product with variants', () => {
  it("covers the product's variants: a line of one size is discounted, another product's line is not, and the order keeps it", async () => {
    const admin = await createAdmin();
    const sku = `DISC-HOODIE-${randomUUID().slice(0, 6).toUpperCase()}`;
    const put = await call('PUT', `/admin/products/${sku}`, {
      token: admin.accessToken,
      body: {
        name: 'Discount hoodie',
        visibility: 'active',
        options: ['size'],
        variants: [
          { sku: `${sku}-M`, options: { size: 'M' }, unitPrice: 4_200, stock: 10 },
          { sku: `${sku}-L`, options: { size: 'L' }, unitPrice: 4_400, stock: 10 },
        ],
      },
    });
    expect(put.status).toBe(201);
    await eventually(async () => ((await call('GET', `/products/${sku}-M`)).status === 200 ? true : undefined));
    const byProduct = await newCode({ ...TEN_PERCENT, skus: [sku] });
    const byVariant = await newCode({ ...TEN_PERCENT, skus: [`${sku}-L`] });
    const cartToken = await guestWith({ [`${sku}-M`]: 1, 'GIFT-CARD-25': 1 });

    const product = await quoteWith(cartToken, byProduct);
    const otherVariant = await quoteWith(cartToken, byVariant);
    const placed = await checkoutWith(cartToken, byProduct, `variant-${randomUUID()}@example.com`);

    // 10 % of the M line (4,200) only, not of the gift card.
    expect(product.discount).toBe(420);
    expect(product.problems).toEqual([]);
    // A code naming another variant's SKU covers that variant only.
    expect(otherVariant.discount).toBe(0);
    expect(otherVariant.problems.map((problem) => problem.code)).toEqual(['DISCOUNT_CODE_NOT_APPLICABLE']);
    expect(placed.status).toBe(202);
    expect(placed.body.totals?.discount).toBe(420);
    expect((await discounts.get(byProduct))?.used).toBe(1);

    await call('PATCH', `/admin/products/${sku}`, { token: admin.accessToken, body: { visibility: 'archived' } });
  });
});
