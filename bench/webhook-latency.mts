// Merchant webhook latency on the local stack with online payment (the local Stripe): the shopper
// pays on the hosted page, Stripe's event reaches the payment worker (PAID), the stream processor
// queues an `order.paid` delivery and the webhook worker POSTs it, signed, to a loopback receiver that
// verifies it with `standardwebhooks`. Prints p50/p95 from the order's `paidAt` to the webhook
// received, and from the shopper's "Pay" to the webhook received.
// Usage: node --import tsx bench/webhook-latency.mts [orders=20]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { summarize } from './lib/stats.mjs';

const orders = Number(process.argv[2] ?? 20);
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { startLocalStack } = await import('../packages/backend/src/local/stack.ts');
const stack = await startLocalStack({ port: 0, quiet: true, paymentProvider: 'stripe' });

async function cognito(target: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(stack.env.COGNITO_ENDPOINT as string, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${target}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function api<T>(method: string, path: string, auth: Record<string, string>, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const received = new Map<string, { at: number; paidAt: string; verified: boolean }>();
let secret = '';
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const at = Date.now();
    const body = Buffer.concat(chunks).toString('utf8');
    let verified = true;
    try {
      new Webhook(secret).verify(body, {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      });
    } catch {
      verified = false;
    }
    const event = JSON.parse(body) as { type: string; data: { order: { orderId: string; updatedAt: string } } };
    if (event.type === 'order.paid') {
      received.set(event.data.order.orderId, { at, paidAt: event.data.order.updatedAt, verified });
    }
    res.writeHead(verified ? 204 : 400).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

try {
  const email = `bench-admin-${Date.now()}@example.com`;
  const password = 'Correct-horse-9';
  await cognito('SignUp', {
    ClientId: stack.userPoolClientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  await cognito('AdminConfirmSignUp', { UserPoolId: stack.userPoolId, Username: email });
  await cognito('AdminAddUserToGroup', { UserPoolId: stack.userPoolId, Username: email, GroupName: 'admin' });
  const auth = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.userPoolClientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  const admin = { authorization: `Bearer ${(auth.AuthenticationResult as { AccessToken: string }).AccessToken}` };
  const registered = await api<{ endpoints: { secret: string }[] }>('PUT', '/admin/webhooks', admin, {
    endpoints: [{ url: receiverUrl, events: ['order.paid'] }],
  });
  secret = registered.endpoints[0]?.secret ?? '';

  const fromPaid: number[] = [];
  const fromPay: number[] = [];
  const address = {
    name: 'Bench',
    line1: '1 Market St',
    city: 'San Francisco',
    region: 'CA',
    postalCode: '94105',
    country: 'US',
  };
  for (let i = 0; i < orders; i++) {
    const { cartToken } = await api<{ cartToken: string }>('POST', '/cart/anonymous', {});
    const guest = { 'x-cart-token': cartToken };
    await api('POST', '/cart/items', guest, { sku: 'CABLE-USBC', quantity: 1 });
    const quote = await api<{ total: number; shippingOptionId: string }>('POST', '/checkout/quote', guest, {
      shippingAddress: address,
    });
    const order = await api<{ orderId: string }>('POST', '/cart/checkout', guest, {
      email: 'bench@example.com',
      shippingAddress: address,
      shippingOptionId: quote.shippingOptionId,
      expectedTotal: quote.total,
    });
    let url: string | undefined;
    for (const deadline = Date.now() + 15_000; url === undefined && Date.now() < deadline; ) {
      const seen = await api<{ status: string; payment?: { url: string } }>('GET', `/orders/${order.orderId}`, guest);
      if (seen.status === 'AWAITING_PAYMENT') url = seen.payment?.url;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!url) throw new Error(`order ${order.orderId} never awaited payment`);
    const pay = Date.now();
    await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' });
    for (const deadline = Date.now() + 20_000; !received.has(order.orderId) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const hook = received.get(order.orderId);
    if (!hook) throw new Error(`no order.paid webhook for ${order.orderId}`);
    if (!hook.verified) throw new Error('a webhook did not verify');
    fromPaid.push(hook.at - Date.parse(hook.paidAt));
    fromPay.push(hook.at - pay);
  }
  const row = (name: string, values: number[]) => {
    const s = summarize(values);
    return `${name.padEnd(44)} p50 ${s.p50.toFixed(0)} ms  p95 ${s.p95.toFixed(0)} ms  max ${Math.max(...values).toFixed(0)} ms`;
  };
  console.log(`${orders} paid orders, one at a time, node ${process.version} (every webhook verified)`);
  console.log(row('order PAID (paidAt) to webhook received', fromPaid));
  console.log(row('shopper "Pay" to webhook received', fromPay));
} finally {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await stack.stop();
}
