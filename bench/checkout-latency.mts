// Checkout latency on the local stack: POST /cart/checkout answered (202
// PENDING), then the order worker (through fauxqs and the SQS poller) confirms
// and the stream processor pushes `order.updated` CONFIRMED to the user's socket.
// Usage: node --import tsx bench/checkout-latency.mts [orders=30]
import WebSocket from 'ws';
import { summarize } from './lib/stats.mjs';

const orders = Number(process.argv[2] ?? 30);
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { startLocalStack } = await import('../packages/backend/src/local/stack.ts');
const stack = await startLocalStack({ port: 0, quiet: true });

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

try {
  const email = `bench-${Date.now()}@example.com`;
  const password = 'Correct-horse-9';
  await cognito('SignUp', {
    ClientId: stack.userPoolClientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  await cognito('AdminConfirmSignUp', { UserPoolId: stack.userPoolId, Username: email });
  const auth = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.userPoolClientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  const token = (auth.AuthenticationResult as { AccessToken: string }).AccessToken;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const socket = new WebSocket(`${stack.wsUrl}?token=${encodeURIComponent(token)}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const settled = new Map<string, { at: number; status: string }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; order?: { orderId: string; status: string } };
    if (message.type === 'order.updated' && message.order && message.order.status !== 'PENDING') {
      settled.set(message.order.orderId, { at: performance.now(), status: message.order.status });
    }
  });

  const accepted: number[] = [];
  const confirmed: number[] = [];
  for (let i = 0; i < orders; i++) {
    await fetch(`${stack.apiUrl}/cart/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sku: 'CABLE-USBC', quantity: 1 }),
    });
    const start = performance.now();
    const response = await fetch(`${stack.apiUrl}/cart/checkout`, { method: 'POST', headers });
    const order = (await response.json()) as { orderId: string };
    accepted.push(performance.now() - start);
    const deadline = Date.now() + 15_000;
    while (!settled.has(order.orderId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    const final = settled.get(order.orderId);
    if (final?.status !== 'CONFIRMED') throw new Error(`order ${order.orderId} ended ${final?.status ?? 'unsettled'}`);
    confirmed.push(final.at - start);
  }
  socket.close();
  const row = (name: string, values: number[]) => {
    const s = summarize(values);
    return `${name.padEnd(40)} p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms`;
  };
  console.log(`${orders} checkouts, one at a time, node ${process.version}`);
  console.log(row('POST /cart/checkout answered (202)', accepted));
  console.log(row('checkout to order.updated CONFIRMED', confirmed));
} finally {
  await stack.stop();
}
