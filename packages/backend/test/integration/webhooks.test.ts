import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AdminOrder, Order, WebhookDelivery, WebhookDeliveryPage, WebhookEndpointList } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { anonymousToken, call, createAdmin, eventually, type TestUser } from '../support/api.js';
import { checkoutBody } from '../support/checkout.js';
import { stackEnv } from '../support/stack.js';
import { type MerchantReceiver, startMerchantReceiver } from '../support/webhook-receiver.js';

// Issue 16, "Webhooks to the merchant's systems", on the local stack: the stream processor queues a
// delivery per subscribed endpoint, the webhook worker signs it (standardwebhooks) and POSTs it to a
// real loopback URL, retries after a 500 with the queue's backoff (1 s each here: WEBHOOK_RETRY_DELAYS
// in test/global-setup.ts), gives up into the DLQ after 8 attempts, and the admin API replays it.

let admin: TestUser;
let flaky: MerchantReceiver;
let down: MerchantReceiver;
let downHealthy = false;

beforeAll(async () => {
  admin = await createAdmin();
  flaky = await startMerchantReceiver((count) => (count === 1 ? 500 : 200));
  down = await startMerchantReceiver(() => (downHealthy ? 204 : 500));
});

afterAll(async () => {
  await call('PUT', '/admin/webhooks', { token: admin.accessToken, body: { endpoints: [] } });
  await flaky?.stop();
  await down?.stop();
});

async function confirmedOrder(): Promise<string> {
  const cartToken = await anonymousToken();
  expect((await call('POST', '/cart/items', { cartToken, body: { sku: 'STICKERS', quantity: 1 } })).status).toBe(200);
  const placed = await call<Order>('POST', '/cart/checkout', { cartToken, body: await checkoutBody({ cartToken }) });
  expect(placed.status).toBe(202);
  await eventually(async () => {
    const order = await call<Order>('GET', `/orders/${placed.body.orderId}`, { cartToken });
    return order.body.status === 'CONFIRMED' ? true : undefined;
  }, 15_000);
  return placed.body.orderId;
}

const aboutOrder = (orderId: string) => (hook: { body: string }) => hook.body.includes(`"orderId":"${orderId}"`);

describe('merchant webhooks', () => {
  it('registers endpoints (https or loopback only), keeping the secret of a URL already registered', async () => {
    const bad = await call('PUT', '/admin/webhooks', {
      token: admin.accessToken,
      body: { endpoints: [{ url: 'http://example.com/hooks', events: ['order.paid'] }] },
    });
    expect(bad.status).toBe(400);
    const unknownEvent = await call('PUT', '/admin/webhooks', {
      token: admin.accessToken,
      body: { endpoints: [{ url: flaky.url, events: ['order.shipped'] }] },
    });
    expect(unknownEvent.status).toBe(400);

    const first = await call<WebhookEndpointList>('PUT', '/admin/webhooks', {
      token: admin.accessToken,
      body: { endpoints: [{ url: flaky.url, events: ['order.paid'] }] },
    });
    const second = await call<WebhookEndpointList>('PUT', '/admin/webhooks', {
      token: admin.accessToken,
      body: {
        endpoints: [
          { url: flaky.url, events: ['order.fulfilled', 'order.refunded'] },
          { url: down.url, events: ['order.fulfilled'] },
        ],
      },
    });
    const listed = await call<WebhookEndpointList>('GET', '/admin/webhooks', { token: admin.accessToken });

    expect(first.status).toBe(200);
    expect(second.body.endpoints[0]).toMatchObject({
      id: first.body.endpoints[0]?.id,
      secret: first.body.endpoints[0]?.secret,
    });
    expect(second.body.endpoints[0]?.secret).toMatch(/^whsec_/);
    expect(listed.body.endpoints.map((endpoint) => endpoint.url)).toEqual([flaky.url, down.url]);
    flaky.secret = second.body.endpoints[0]?.secret ?? '';
    down.secret = second.body.endpoints[1]?.secret ?? '';
  });

  it('delivers order.fulfilled signed (verified by a standardwebhooks receiver), retrying after a 500 with the same webhook-id', async () => {
    const orderId = await confirmedOrder();

    const fulfilled = await call<AdminOrder>('POST', `/admin/orders/${orderId}/fulfil`, {
      token: admin.accessToken,
      body: { trackingNumber: 'HOOK-1' },
    });
    const retried = await flaky.waitFor((hook) => aboutOrder(orderId)(hook) && hook.answered === 200);
    const attempts = flaky.received.filter(aboutOrder(orderId));

    expect(fulfilled.status).toBe(200);
    expect(attempts.map((hook) => hook.answered)).toEqual([500, 200]);
    expect(attempts.every((hook) => hook.verified)).toBe(true);
    expect(new Set(attempts.map((hook) => hook.id)).size).toBe(1);
    expect(attempts[1]?.at ?? 0).toBeGreaterThanOrEqual((attempts[0]?.at ?? 0) + 900);
    expect(JSON.parse(retried.body)).toMatchObject({
      type: 'order.fulfilled',
      data: { order: { orderId, status: 'FULFILLED', fulfilment: { trackingNumber: 'HOOK-1' } } },
    });
    const log = await eventually(async () => {
      const page = await call<WebhookDeliveryPage>('GET', '/admin/webhooks/deliveries?status=delivered&limit=100', {
        token: admin.accessToken,
      });
      return page.body.items.find((item) => item.id === retried.id);
    });
    expect(log).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, type: 'order.fulfilled' });
  });

  it('gives up after 8 attempts into the DLQ, and a replay from the admin API delivers it', async () => {
    const orderId = await confirmedOrder();
    await call('POST', `/admin/orders/${orderId}/fulfil`, { token: admin.accessToken });
    const first = await down.waitFor(aboutOrder(orderId));

    const failed = await eventually(
      async () => {
        const page = await call<WebhookDeliveryPage>('GET', '/admin/webhooks/deliveries?status=failed&limit=100', {
          token: admin.accessToken,
        });
        return page.body.items.find((item) => item.id === first.id);
      },
      40_000,
      250,
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 500 });
    expect(down.received.filter((hook) => hook.id === first.id)).toHaveLength(8);
    const { env } = stackEnv();
    const sqs = new SQSClient(localClientConfig(env.SQS_ENDPOINT ?? ''));
    const dead = await eventually(
      async () => {
        const got = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: env.WEBHOOKS_DLQ_URL, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }),
        );
        return (got.Messages ?? []).find((message) => message.Body?.includes(first.id));
      },
      15_000,
      200,
    );
    sqs.destroy();
    expect(dead).toBeDefined();

    downHealthy = true;
    const replay = await call<WebhookDelivery>('POST', `/admin/webhooks/deliveries/${first.id}/replay`, {
      token: admin.accessToken,
    });
    const redelivered = await down.waitFor((hook) => hook.id === first.id && hook.answered === 204);

    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ status: 'pending', attempts: 0, replays: 1 });
    expect(redelivered.verified).toBe(true);
    expect(redelivered.body).toBe(first.body);
    const delivered = await eventually(async () => {
      const page = await call<WebhookDeliveryPage>('GET', '/admin/webhooks/deliveries?status=delivered&limit=100', {
        token: admin.accessToken,
      });
      return page.body.items.find((item) => item.id === first.id);
    });
    expect(delivered).toMatchObject({ attempts: 1, replays: 1 });
    expect(
      (await call('POST', '/admin/webhooks/deliveries/msg_nope000000/replay', { token: admin.accessToken })).status,
    ).toBe(404);
  }, 90_000);
});

describe('product.low_stock (shop lowStockThreshold: 5 in data/shop.json)', () => {
  it('is sent once when stock falls to or below the threshold, not again until it has risen above it', async () => {
    const receiver = await startMerchantReceiver(() => 200);
    try {
      const registered = await call<WebhookEndpointList>('PUT', '/admin/webhooks', {
        token: admin.accessToken,
        body: { endpoints: [{ url: receiver.url, events: ['product.low_stock'] }] },
      });
      expect(registered.status).toBe(200);
      receiver.secret = registered.body.endpoints[0]?.secret ?? '';
      const sku = `LOWSTOCK-${randomUUID().slice(0, 8).toUpperCase()}`;
      const put = await call('PUT', `/admin/products/${sku}`, {
        token: admin.accessToken,
        body: {
          name: 'Last few',
          unitPrice: 900,
          stock: 7,
          visibility: 'active',
          images: ['/assets/products/MUG-STONE.svg'],
        },
      });
      expect(put.status).toBeLessThan(300);
      const adjust = async (delta: number, expected: number) => {
        const moved = await call<{ stock: number }>('POST', `/admin/products/${sku}/stock`, {
          token: admin.accessToken,
          body: { delta },
        });
        expect(moved.status).toBe(200);
        expect(moved.body.stock).toBe(expected);
      };
      const lowOf = () =>
        receiver.received.filter((hook) => hook.body.includes(`"sku":"${sku}"`) && hook.answered === 200);

      await adjust(-1, 6); // above: nothing
      await adjust(-1, 5); // falls to the threshold: sent
      const first = await receiver.waitFor((hook) => hook.body.includes(`"sku":"${sku}"`));
      await adjust(-2, 3); // low already: nothing
      await adjust(+6, 9); // back above
      await adjust(-5, 4); // falls again: sent
      const second = await receiver.waitFor((hook) => hook.body.includes(`"sku":"${sku}"`) && hook.id !== first.id);
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // anything else would have come by now

      expect(first.verified).toBe(true);
      expect(second.verified).toBe(true);
      expect(first.headers['webhook-signature']).toMatch(/^v1,/);
      expect(JSON.parse(first.body)).toMatchObject({
        type: 'product.low_stock',
        data: { product: { sku, name: 'Last few', stock: 5, threshold: 5, visibility: 'active' } },
      });
      expect(JSON.parse(second.body)).toMatchObject({ data: { product: { sku, stock: 4, threshold: 5 } } });
      expect(new Set(lowOf().map((hook) => hook.id)).size).toBe(2);
    } finally {
      await receiver.stop();
    }
  }, 60_000);
});
