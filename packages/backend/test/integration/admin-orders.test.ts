import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripePayments } from '../../src/adapters/stripe-payments.js';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';
import type { StoredOrder } from '../../src/domain/order.js';
import { type StripeLocal, startStripeLocal } from '../../src/local/emulators/stripe/stripe-local.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/local/emulators/stripe/webhook-receiver.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { silentLogger } from '../../src/local/support/log.js';
import type { Deps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { fulfilOrder, refundOrder } from '../../src/use-cases/admin-orders.js';
import { eventually } from '../support/api.js';
import { readItem, stackEnv } from '../support/stack.js';

// The admin's order moves against DynamoDB Local and the local Stripe, through the official
// `stripe` client: fulfil (idempotent, 409 for an unpaid order) and refunds (full, partial,
// never twice for one Idempotency-Key, 409 past what is left).

let deps: Deps;
let documents: DynamoDBDocumentClient;
let stripeLocal: StripeLocal;
let receiver: WebhookReceiver;
let stripe: Stripe;

beforeAll(async () => {
  const { env } = stackEnv();
  receiver = await startWebhookReceiver();
  stripeLocal = await startStripeLocal({ webhookUrl: receiver.url, log: silentLogger });
  stripe = new Stripe(stripeLocal.apiKey, { ...stripeLocal.endpoint, maxNetworkRetries: 0 });
  const payments = new StripePayments(
    { secretKey: stripeLocal.apiKey, webhookSecret: stripeLocal.webhookSecret },
    stripeLocal.endpoint,
  );
  deps = { ...(await createDeps(loadConfig())), payments: async () => payments };
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? '')), {
    marshallOptions: { removeUndefinedValues: true },
  });
});

afterAll(async () => {
  await stripeLocal?.stop();
  await receiver?.stop();
});

/** An order as checkout and the payment worker leave it: `status`, paid through a real (stand-in) session if PAID. */
async function seedOrder(status: StoredOrder['status'], paid = status === 'PAID'): Promise<StoredOrder> {
  let paymentSessionId: string | undefined;
  if (paid) {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { quantity: 1, price_data: { currency: 'usd', unit_amount: 2_500, product_data: { name: 'Gift card' } } },
      ],
      expires_at: Math.floor(Date.now() / 1000) + 3_600,
      success_url: 'http://localhost/ok',
      cancel_url: 'http://localhost/back',
    });
    await fetch(`${session.url as string}/pay`, { method: 'POST', redirect: 'manual' });
    paymentSessionId = session.id;
  }
  const at = new Date().toISOString();
  const order: StoredOrder = {
    orderId: `${Date.now().toString(36)}-${randomUUID().replaceAll('-', '').slice(0, 22)}`,
    ownerKey: `anon#admin-${randomUUID()}`,
    status,
    number: `CK-T${randomUUID().slice(0, 8).toUpperCase()}`,
    items: [
      {
        sku: 'GIFT-CARD-25',
        name: 'Gift card',
        unitPrice: 2_500,
        quantity: 1,
        lineTotal: 2_500,
        image: '/assets/products/GIFT-CARD-25.svg',
      },
    ],
    subtotal: 2_500,
    totals: { subtotal: 2_500, discount: 0, shipping: 0, tax: 0, taxIncluded: false, total: 2_500 },
    currency: 'USD',
    createdAt: at,
    updatedAt: at,
    cartVersion: 1,
    ...(paymentSessionId ? { paymentSessionId } : {}),
  };
  await documents.send(new PutCommand({ TableName: stackEnv().env.ORDERS_TABLE, Item: order }));
  return order;
}

async function conflict(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(409);
  expect((error as AppError).code).toBe('ORDER_STATE_CONFLICT');
  return error as AppError;
}

describe('fulfil', () => {
  it('moves a paid order to FULFILLED with its tracking, again idempotently, and updates a new tracking number', async () => {
    const order = await seedOrder('PAID');

    const first = await fulfilOrder(deps, order.orderId, { trackingNumber: '1Z999', carrier: 'UPS' });
    const again = await fulfilOrder(deps, order.orderId, { trackingNumber: '1Z999', carrier: 'UPS' });
    const moved = await fulfilOrder(deps, order.orderId, { trackingNumber: '1Z1000', carrier: 'UPS' });

    expect(first.status).toBe('FULFILLED');
    expect(first.fulfilment).toMatchObject({ trackingNumber: '1Z999', carrier: 'UPS' });
    expect(again.updatedAt).toBe(first.updatedAt);
    expect(moved.fulfilment?.trackingNumber).toBe('1Z1000');
    expect(moved.fulfilment?.fulfilledAt).toBe(first.fulfilment?.fulfilledAt);
    expect(await readItem('Orders', { orderId: order.orderId })).toMatchObject({ status: 'FULFILLED' });
  });

  it('refuses an order that is not paid yet, or failed, with 409 saying why, changing nothing', async () => {
    const awaiting = await seedOrder('AWAITING_PAYMENT');
    const failed = await seedOrder('FAILED');

    const error = await conflict(fulfilOrder(deps, awaiting.orderId, {}));
    await conflict(fulfilOrder(deps, failed.orderId, {}));

    expect(error.message).toBe(
      `Order ${awaiting.number} is AWAITING_PAYMENT: it can be fulfilled once it is paid or confirmed.`,
    );
    expect((await readItem('Orders', { orderId: awaiting.orderId }))?.status).toBe('AWAITING_PAYMENT');
  });

  it('answers 404 for an order that does not exist', async () => {
    await expect(fulfilOrder(deps, `${Date.now().toString(36)}-${'A'.repeat(22)}`, {})).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('refund', () => {
  it('refunds part, then the rest: PARTIALLY_REFUNDED, then REFUNDED; Stripe refunded exactly the total', async () => {
    const order = await seedOrder('PAID');

    const part = await refundOrder(deps, order.orderId, { amount: 1_000 }, undefined);
    const rest = await refundOrder(deps, order.orderId, {}, undefined);

    expect(part.order).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedTotal: 1_000 });
    expect(rest.order).toMatchObject({ status: 'REFUNDED', refundedTotal: 2_500 });
    expect(rest.order.refunds?.map((refund) => refund.amount)).toEqual([1_000, 1_500]);
    const session = await stripe.checkout.sessions.retrieve(order.paymentSessionId ?? '');
    // Nothing is left at Stripe either.
    await expect(stripe.refunds.create({ payment_intent: session.payment_intent as string })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    });
    const third = await conflict(refundOrder(deps, order.orderId, {}, undefined));
    expect(third.message).toContain('refunded in full already');
  });

  it('with one Idempotency-Key, parallel repeats refund once', async () => {
    const order = await seedOrder('PAID');

    const results = await Promise.all(
      Array.from({ length: 4 }, () => refundOrder(deps, order.orderId, { amount: 700 }, 'admin-retry-1')),
    );

    const stored = await eventually(async () => {
      const item = (await readItem('Orders', { orderId: order.orderId })) as StoredOrder | undefined;
      return item?.refundedTotal === undefined ? undefined : item;
    });
    expect(stored.refundedTotal).toBe(700);
    expect(stored.refunds).toHaveLength(1);
    expect(new Set(results.map((result) => result.order.refundedTotal))).toEqual(new Set([700]));
  });

  it('refuses more than is left, and an order paid outside cartkit, with 409 and no refund', async () => {
    const order = await seedOrder('PAID');
    const confirmed = await seedOrder('CONFIRMED');

    const tooMuch = await conflict(refundOrder(deps, order.orderId, { amount: 2_501 }, undefined));
    const offline = await conflict(refundOrder(deps, confirmed.orderId, {}, undefined));

    expect(tooMuch.message).toBe(`Order ${order.number} has $25.00 left to refund; $25.01 was asked.`);
    expect(offline.message).toContain('was not paid online');
    expect((await readItem('Orders', { orderId: order.orderId }))?.refundedTotal).toBeUndefined();
  });

  it('refunds a fulfilled order, keeping its fulfilment', async () => {
    const order = await seedOrder('PAID');
    await fulfilOrder(deps, order.orderId, { trackingNumber: 'TRK-1' });

    const { order: refunded } = await refundOrder(deps, order.orderId, {}, undefined);

    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.fulfilment?.trackingNumber).toBe('TRK-1');
  });
});
