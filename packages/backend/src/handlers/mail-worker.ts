import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { orderPageUrl } from '../domain/order-access.js';
import type { StoredOrder } from '../domain/order.js';
import { functionDeps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { dynamodb, orderStore, receiptLedgerStore } from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { ses } from '../runtime/services/ses.js';
import { orderAccessToken } from '../use-cases/order-access.js';
import { DynamoReceiptLedger } from '../adapters/receipt-ledger.js';
import { parseReceiptJob, type ReceiptRecord, sendReceipt } from '../use-cases/send-receipt.js';
import { type ShippedRecord, sendShipped } from '../use-cases/send-shipped.js';

const getDeps = functionDeps('mail-worker', {
  dynamodb: dynamodb(orderStore, receiptLedgerStore),
  ses,
  'secrets-manager': secretsManager,
});

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  const { type, orderId } = parseReceiptJob(record.body);
  const deps = await getDeps();
  // The page the shopper checked out from (its origin checked at checkout), else the shop's order page;
  // with the order's access token, so a guest opens the order from the email with nothing else.
  const orderUrl = async (order: { orderId: string }) => {
    const page = (order as Partial<StoredOrder>).returnUrl ?? deps.config.orderPageUrl;
    if (!page) throw new Error('Set ORDER_PAGE_URL: the order emails link to the order page');
    return orderPageUrl(page, order.orderId, await orderAccessToken(deps, order.orderId));
  };
  if (type === 'order.fulfilled') {
    // The "on its way" email keeps its own marks on the order (`shipped*`), beside the receipt's.
    await sendShipped(
      {
        orders: { get: (id) => deps.orders.get(id) as Promise<ShippedRecord | undefined> },
        ledger: new DynamoReceiptLedger(deps.db, deps.config.tables.orders, 'shipped'),
        mailer: deps.mailer,
        now: deps.now,
        shopName: deps.config.shopName,
        orderUrl,
        log: logger,
      },
      orderId,
    );
    return;
  }
  await sendReceipt(
    {
      orders: { get: (id) => deps.orders.get(id) as Promise<ReceiptRecord | undefined> },
      ledger: deps.receiptLedger,
      mailer: deps.mailer,
      now: deps.now,
      shopName: deps.config.shopName,
      orderUrl,
      // Order ids and outcomes only: never the address or the link's token.
      log: logger,
    },
    orderId,
  );
}

/** The mail worker Lambda (SQS): one receipt per paid (or confirmed) order, one "on its way" email per fulfilled order, through SES v2. */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context });
