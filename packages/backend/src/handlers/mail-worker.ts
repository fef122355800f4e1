import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { dynamodb, orderStore, receiptLedgerStore } from '../runtime/services/dynamodb.js';
import { ses } from '../runtime/services/ses.js';
import { parseReceiptJob, type ReceiptRecord, sendReceipt } from '../use-cases/send-receipt.js';

const getDeps = functionDeps('mail-worker', { dynamodb: dynamodb(orderStore, receiptLedgerStore), ses });

const processor = new BatchProcessor(EventType.SQS);

/** The link in the receipt: the order page with the order in the fragment (and its access token, once orders carry one). */
function orderUrl(page: string, order: ReceiptRecord): string {
  const url = new URL(page);
  const token = (order as { accessToken?: unknown }).accessToken;
  url.hash = new URLSearchParams({
    'cartkit-order': order.orderId,
    ...(typeof token === 'string' ? { token } : {}),
  }).toString();
  return url.href;
}

async function processRecord(record: SQSRecord): Promise<void> {
  const { orderId } = parseReceiptJob(record.body);
  const deps = await getDeps();
  const page = deps.config.orderPageUrl;
  if (!page) throw new Error('Set ORDER_PAGE_URL: the receipt links to the order page');
  await sendReceipt(
    {
      orders: { get: (id) => deps.orders.get(id) as Promise<ReceiptRecord | undefined> },
      ledger: deps.receiptLedger,
      mailer: deps.mailer,
      now: deps.now,
      shopName: deps.config.shopName,
      orderUrl: (order) => orderUrl((order as { returnUrl?: string }).returnUrl ?? page, order),
      // Order ids and outcomes only: never the address or the link's token.
      log: logger,
    },
    orderId,
  );
}

/** The mail worker Lambda (SQS): one receipt per paid order, through SES v2. */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context });
