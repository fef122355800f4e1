import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer, createSesClient } from '../../src/adapters/mailer.js';
import { DynamoReceiptLedger, type ReceiptLedger } from '../../src/adapters/receipt-ledger.js';
import { UnavailableError } from '../../src/domain/errors.js';
import { localClientConfig } from '../../src/local/support/aws-config.js';
import { type SesLocal, startSesLocal } from '../../src/local/emulators/ses.js';
import {
  ReceiptBusyError,
  type ReceiptRecord,
  type SendReceiptDeps,
  orderPageUrl,
  receiptKey,
  sendReceipt,
} from '../../src/use-cases/send-receipt.js';
import { stackEnv } from '../support/stack.js';

const LEASE_MS = 20_000;
let ses: SesLocal;
let documents: DynamoDBDocumentClient;
let table: string;
let ledger: DynamoReceiptLedger;
let mailer: SesMailer;
const logs: { level: string; message: string; extra: Record<string, unknown> }[] = [];

beforeAll(async () => {
  const { env } = stackEnv();
  table = env.ORDERS_TABLE ?? '';
  ses = await startSesLocal();
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(env.DYNAMODB_ENDPOINT ?? '')), {
    marshallOptions: { removeUndefinedValues: true },
  });
  ledger = new DynamoReceiptLedger(documents, table);
  mailer = new SesMailer(createSesClient({ region: 'us-east-1', endpoint: ses.endpoint }), {
    from: 'Stone & Thread <receipts@shop.example>',
  });
});

afterAll(async () => {
  documents?.destroy();
  await ses?.stop();
});

/** A paid order as issue 14 stores it, written straight into the Orders table. */
async function paidOrder(
  overrides: Record<string, unknown> = {},
): Promise<{ orderId: string; email: string; token: string }> {
  const orderId = `ord_${randomUUID().replaceAll('-', '')}`;
  const email = `shopper+${orderId}@example.com`;
  const token = `tok_${randomUUID().replaceAll('-', '')}`;
  await documents.send(
    new PutCommand({
      TableName: table,
      Item: {
        orderId,
        ownerKey: `anon#${randomUUID().replaceAll('-', '').slice(0, 22)}`,
        cartVersion: 1,
        status: 'PAID',
        number: `K7M-${orderId.slice(-4).toUpperCase()}`,
        email,
        accessToken: token,
        createdAt: '2025-03-14T09:30:00.000Z',
        updatedAt: '2025-03-14T09:31:00.000Z',
        currency: 'USD',
        items: [{ sku: 'TEE', name: 'Classic <Tee>', quantity: 2, unitPrice: 2000, lineTotal: 4000, image: '' }],
        subtotal: 4000,
        totals: { subtotal: 4000, discount: 0, shipping: 495, tax: 320, total: 4815 },
        shippingAddress: {
          name: 'Ada Lovelace',
          line1: '12 St James Square',
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'GB',
        },
        shippingOption: { id: 'standard', label: 'Standard', amount: 495 },
        ...overrides,
      },
    }),
  );
  return { orderId, email, token };
}

async function readOrder(orderId: string): Promise<Record<string, unknown> | undefined> {
  return (await documents.send(new GetCommand({ TableName: table, Key: { orderId }, ConsistentRead: true }))).Item;
}

function deps(overrides: Partial<SendReceiptDeps> = {}): SendReceiptDeps {
  return {
    // Until StoredOrder carries issue 14's fields, the test reads the item itself.
    orders: { get: async (orderId) => (await readOrder(orderId)) as ReceiptRecord | undefined },
    ledger,
    mailer,
    now: Date.now,
    shopName: 'Stone & Thread',
    orderUrl: (order) =>
      orderPageUrl(
        'https://shop.example/orders',
        order.orderId,
        String((order as { accessToken?: string }).accessToken),
      ),
    log: {
      info: (message, extra) => logs.push({ level: 'info', message, extra }),
      warn: (message, extra) => logs.push({ level: 'warn', message, extra }),
    },
    leaseMs: LEASE_MS,
    ...overrides,
  };
}

async function mailTo(email: string) {
  return (await ses.emails()).filter((candidate) => candidate.destination.to.includes(email));
}

describe('sendReceipt against DynamoDB Local and aws-ses-v2-local', () => {
  it('sends one receipt with both parts and the order link, and records it on the order', async () => {
    const { orderId, email, token } = await paidOrder();

    const outcome = await sendReceipt(deps(), orderId);

    const [mail, ...more] = await mailTo(email);
    const stored = await readOrder(orderId);
    expect(outcome).toBe('sent');
    expect(more).toEqual([]);
    expect(mail?.subject).toBe(`Stone & Thread: your receipt for order K7M-${orderId.slice(-4).toUpperCase()}`);
    expect(mail?.from).toBe('Stone & Thread <receipts@shop.example>');
    expect(mail?.body.html).toContain('&lt;Tee&gt;');
    expect(mail?.body.html).toContain(`#cartkit-order=${orderId}&amp;token=${token}`);
    expect(mail?.body.text).toContain(`https://shop.example/orders#cartkit-order=${orderId}&token=${token}`);
    expect(mail?.body.text).toMatch(/Total paid\s+\$48\.15/);
    expect(mail?.headers).toContainEqual({ name: 'X-Cartkit-Idempotency-Key', value: receiptKey(orderId) });
    expect(stored).toMatchObject({ receiptSentAt: expect.any(String), receiptMessageId: mail?.messageId });
    expect(stored).not.toHaveProperty('receiptClaim');
  });

  it('sends nothing more when the message is redelivered or the webhook replayed', async () => {
    const { orderId, email } = await paidOrder();
    await sendReceipt(deps(), orderId);

    const again = [await sendReceipt(deps(), orderId), await sendReceipt(deps(), orderId)];

    expect(again).toEqual(['already-sent', 'already-sent']);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('sends one email when five deliveries of the same message run at once', async () => {
    const { orderId, email } = await paidOrder();

    const results = await Promise.allSettled(Array.from({ length: 5 }, () => sendReceipt(deps(), orderId)));

    const sent = results.filter((result) => result.status === 'fulfilled' && result.value === 'sent');
    const others = results.filter((result) => !(result.status === 'fulfilled' && result.value === 'sent'));
    expect(sent).toHaveLength(1);
    for (const other of others) {
      // Lost the claim race: either saw the receipt sent, or found the claim held and asks SQS to retry.
      if (other.status === 'fulfilled') expect(other.value).toBe('already-sent');
      else expect(other.reason).toBeInstanceOf(ReceiptBusyError);
    }
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('after a crash between claim and send: the redelivery waits out the lease, then sends once', async () => {
    const { orderId, email } = await paidOrder();
    const start = Date.now();
    expect(await ledger.claim(orderId, { token: 'crashed-attempt', now: start, leaseMs: LEASE_MS })).toEqual({
      outcome: 'claimed',
    });

    const early = await sendReceipt(deps({ now: () => start + 1_000 }), orderId).catch((error: unknown) => error);
    const mailWhileHeld = await mailTo(email);
    const late = await sendReceipt(deps({ now: () => start + LEASE_MS + 1 }), orderId);

    expect(early).toBeInstanceOf(ReceiptBusyError);
    expect(mailWhileHeld).toEqual([]);
    expect(late).toBe('sent');
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('after SES failed: the claim is given back, and the next delivery sends at once', async () => {
    const { orderId, email } = await paidOrder();
    const down = new SesMailer(createSesClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }), {
      from: 'receipts@shop.example',
    });

    const failed = await sendReceipt(deps({ mailer: down }), orderId).catch((error: unknown) => error);
    const afterFailure = await readOrder(orderId);
    const retried = await sendReceipt(deps(), orderId);

    expect(failed).toBeInstanceOf(UnavailableError);
    expect(afterFailure).not.toHaveProperty('receiptClaim');
    expect(retried).toBe('sent');
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('after a crash between send and record: one duplicate at most, after the lease, with the same idempotency key', async () => {
    const { orderId, email } = await paidOrder();
    const start = Date.now();
    const crashing: ReceiptLedger = {
      claim: (id, claim) => ledger.claim(id, claim),
      release: (id, token) => ledger.release(id, token),
      markSent: async () => {
        throw new Error('Lambda timed out before the write');
      },
    };

    await expect(sendReceipt(deps({ ledger: crashing, now: () => start }), orderId)).rejects.toThrow(/timed out/);
    const early = await sendReceipt(deps({ now: () => start + 1_000 }), orderId).catch((error: unknown) => error);
    const late = await sendReceipt(deps({ now: () => start + LEASE_MS + 1 }), orderId);
    const final = await sendReceipt(deps({ now: () => start + LEASE_MS + 2 }), orderId);

    const mail = await mailTo(email);
    expect(early).toBeInstanceOf(ReceiptBusyError);
    expect([late, final]).toEqual(['sent', 'already-sent']);
    expect(mail).toHaveLength(2);
    expect(new Set(mail.map((m) => m.headers?.find((h) => h.name === 'X-Cartkit-Idempotency-Key')?.value))).toEqual(
      new Set([receiptKey(orderId)]),
    );
  });

  it.each([
    ['an order not paid yet', { status: 'AWAITING_PAYMENT' }, 'not-due'],
    ['an order without an email', { email: undefined }, 'no-address'],
  ])('sends nothing for %s and takes no claim', async (_what, overrides, expected) => {
    const { orderId, email } = await paidOrder(overrides);

    const outcome = await sendReceipt(deps(), orderId);

    expect(outcome).toBe(expected);
    expect(await mailTo(email)).toEqual([]);
    expect(await readOrder(orderId)).not.toHaveProperty('receiptClaim');
  });

  it('fails a message for an order that does not exist (retried, then dead-lettered)', async () => {
    await expect(sendReceipt(deps(), `ord_${randomUUID()}`)).rejects.toThrow(/does not exist/);
  });

  it('never logs an email address or the order access token', async () => {
    const { orderId, email, token } = await paidOrder();
    const before = logs.length;
    await sendReceipt(deps(), orderId);
    await sendReceipt(deps(), orderId);

    const written = JSON.stringify(logs.slice(before));
    expect(logs.length).toBeGreaterThan(before);
    expect(written).toContain(orderId);
    expect(written).not.toContain(email);
    expect(written).not.toContain(token);
    expect(written).not.toMatch(/@example\.com/);
  });
});
