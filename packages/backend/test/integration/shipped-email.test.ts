import { randomUUID } from 'node:crypto';
import type { AdminOrder, Order } from '@cartkit/contract';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { handler as mailWorker } from '../../src/handlers/mail-worker.js';
import type { LocalEmail } from '../../src/local/emulators/ses.js';
import { setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { shippedKey } from '../../src/use-cases/send-shipped.js';
import { anonymousToken, call, createAdmin, eventually, type TestUser } from '../support/api.js';
import { checkoutBody } from '../support/checkout.js';
import { readItem, stackEnv } from '../support/stack.js';

// Issue 16, "fulfil (with an optional tracking number), which emails the shopper": the admin's
// POST /admin/orders/{id}/fulfil moves the order; the stream processor queues the email on the
// mail queue; the mail worker sends "Your order CK-… is on its way" through aws-ses-v2-local, once,
// however often the message arrives; never to an order without an email.

let admin: TestUser;
let mailStore: string;
const context = {
  functionName: 'mail-worker',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

beforeAll(async () => {
  mailStore = `${stackEnv().env.SES_ENDPOINT}/store`;
  admin = await createAdmin();
});
afterEach(() => setDeps(undefined));

async function mailTo(email: string): Promise<LocalEmail[]> {
  const store = (await (await fetch(mailStore)).json()) as { emails: LocalEmail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(email));
}

/** A guest's CONFIRMED order with `email`, its receipt out (so the next email to the address is the new one). */
async function confirmedOrder(email: string): Promise<Order> {
  const cartToken = await anonymousToken();
  expect((await call('POST', '/cart/items', { cartToken, body: { sku: 'GIFT-CARD-25', quantity: 1 } })).status).toBe(
    200,
  );
  const body = { ...(await checkoutBody({ cartToken }, undefined, email)), returnUrl: 'http://localhost:5173/shop' };
  const placed = await call<Order>('POST', '/cart/checkout', { cartToken, body });
  expect(placed.status).toBe(202);
  await eventually(async () => ((await mailTo(email)).length === 1 ? true : undefined), 15_000);
  return eventually(async () => {
    const { body: order } = await call<Order>('GET', `/orders/${placed.body.orderId}`, { cartToken });
    return order.status === 'CONFIRMED' ? order : undefined;
  }, 15_000);
}

const fulfil = (orderId: string, body: unknown) =>
  call<AdminOrder>('POST', `/admin/orders/${orderId}/fulfil`, { token: admin.accessToken, body });

function job(orderId: string): SQSRecord {
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify({ type: 'order.fulfilled', orderId }),
    attributes: {
      ApproximateReceiveCount: '2',
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:mail',
    awsRegion: 'us-east-1',
  };
}

const shipped = (mails: LocalEmail[]) => mails.filter((mail) => mail.subject.endsWith('is on its way'));

describe('fulfilling an order emails the shopper', () => {
  it('sends "Your order CK-… is on its way" with the tracking number, carrier and link, once', async () => {
    const email = `shipped-${randomUUID()}@example.com`;
    const order = await confirmedOrder(email);

    const answer = await fulfil(order.orderId, {
      trackingNumber: '1Z999AA10123456784',
      carrier: 'UPS',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    });
    const [mail] = await eventually(async () => {
      const mails = shipped(await mailTo(email));
      return mails.length > 0 ? mails : undefined;
    }, 15_000);
    // The same message again (SQS is at least once), twice in one batch, and once more later.
    const redelivered = await mailWorker({ Records: [job(order.orderId), job(order.orderId)] } as SQSEvent, context);
    await mailWorker({ Records: [job(order.orderId)] } as SQSEvent, context);
    // A tracking number corrected later: the order is updated, no second email.
    expect((await fulfil(order.orderId, { trackingNumber: '1Z999AA10123456785', carrier: 'UPS' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(answer.status).toBe(200);
    expect(answer.body.fulfilment).toMatchObject({
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(shipped(await mailTo(email))).toHaveLength(1);
    expect(mail?.subject).toBe(`Your order ${order.number} is on its way`);
    expect(mail?.body.text).toContain('Tracking number: 1Z999AA10123456784 (UPS)');
    expect(mail?.body.text).toContain('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    expect(mail?.body.text).toContain('1 × Gift Card $25');
    expect(mail?.body.html).toContain('href="https://www.ups.com/track?tracknum=1Z999AA10123456784"');
    const link = /View your order:\n(\S+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    expect(new URL(link).hash).toContain(`cartkit-order=${order.orderId}`);
    expect(mail?.headers).toContainEqual({ name: 'X-Cartkit-Idempotency-Key', value: shippedKey(order.orderId) });
    expect(await readItem('Orders', { orderId: order.orderId })).toMatchObject({
      shippedSentAt: expect.any(String),
      shippedMessageId: mail?.messageId,
      receiptSentAt: expect.any(String),
    });
  });

  it('without a tracking number says only that it is on its way', async () => {
    const email = `shipped-plain-${randomUUID()}@example.com`;
    const order = await confirmedOrder(email);

    expect((await fulfil(order.orderId, {})).status).toBe(200);
    const [mail] = await eventually(async () => {
      const mails = shipped(await mailTo(email));
      return mails.length > 0 ? mails : undefined;
    }, 15_000);

    expect(mail?.body.text).toContain(`Your order ${order.number} is on its way.`);
    expect(mail?.body.text).not.toContain('Tracking number');
  });

  it('never mails an order whose email was erased (DELETE /me anonymised it)', async () => {
    const email = `shipped-erased-${randomUUID()}@example.com`;
    const order = await confirmedOrder(email);
    const deps = await createDeps(loadConfig(process.env));
    await deps.orders.anonymise(order.orderId, Date.now());

    expect((await fulfil(order.orderId, { trackingNumber: 'TRACK-ERASED' })).status).toBe(200);
    const direct = await mailWorker({ Records: [job(order.orderId)] } as SQSEvent, context);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(direct).toEqual({ batchItemFailures: [] });
    expect(shipped(await mailTo(email))).toEqual([]);
    expect(await readItem('Orders', { orderId: order.orderId })).not.toHaveProperty('shippedSentAt');
  });
});
