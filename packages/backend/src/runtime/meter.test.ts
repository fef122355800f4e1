import { afterEach, describe, expect, it } from 'vitest';
import { METER_ENV, meterClient, meteredInvocation, meterSnapshot } from './meter.js';

// The cost meter of the bench's cost section: attached only with CARTKIT_METER=1, so
// production clients never ask for ReturnConsumedCapacity nor count anything.

type Middleware = (
  next: (args: { input: Record<string, unknown> }) => Promise<{ output: object }>,
  context: { commandName?: string },
) => (args: { input: Record<string, unknown> }) => Promise<{ output: object }>;

function fakeClient() {
  const added: Middleware[] = [];
  return { added, middlewareStack: { add: (middleware: Middleware) => added.push(middleware) } };
}

afterEach(() => {
  delete process.env[METER_ENV];
});

describe('the cost meter', () => {
  it('attaches nothing without CARTKIT_METER=1', () => {
    const client = fakeClient();
    meterClient(client, 'dynamodb');
    expect(client.added).toHaveLength(0);
  });

  it('with it, asks DynamoDB for the consumed capacity and counts it under the function that made the call', async () => {
    process.env[METER_ENV] = '1';
    const client = fakeClient();
    meterClient(client, 'dynamodb');
    const sent: Record<string, unknown>[] = [];
    const call = client.added[0]?.(
      async (args) => {
        sent.push(args.input);
        return { output: { ConsumedCapacity: { TableName: 'Carts', CapacityUnits: 3 } } };
      },
      { commandName: 'UpdateItemCommand' },
    );
    const before = meterSnapshot().calls['cart-api|dynamodb|UpdateItem']?.writeUnits ?? 0;

    await meteredInvocation('cart-api', async () => call?.({ input: { TableName: 'Carts' } }));

    expect(sent[0]?.ReturnConsumedCapacity).toBe('TOTAL');
    expect(meterSnapshot().calls['cart-api|dynamodb|UpdateItem']?.writeUnits).toBe(before + 3);
    expect(meterSnapshot().invocations['cart-api']).toBeGreaterThanOrEqual(1);
  });
});
