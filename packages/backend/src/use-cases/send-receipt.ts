import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Mailer } from '../adapters/mailer.js';
import type { ReceiptLedger } from '../adapters/receipt-ledger.js';
import { type ReceiptOrder, renderReceipt } from '../domain/receipt.js';

/** What the receipt reads of a stored order: the receipt's fields plus who it goes to and its bookkeeping. */
export interface ReceiptRecord extends ReceiptOrder {
  readonly orderId: string;
  readonly status: string;
  readonly email?: string | undefined;
  readonly receiptSentAt?: string | undefined;
}

/** The statuses of a completed sale: `PAID` (online payment), `CONFIRMED` (a shop with no online payment). */
export const RECEIPT_STATUSES: ReadonlySet<string> = new Set(['PAID', 'CONFIRMED']);

/**
 * How long one attempt holds the claim on an order's receipt. It must be
 * longer than the mail worker's Lambda timeout (a holder past it is dead)
 * and shorter than the mail queue's visibility timeout (a redelivery after a
 * crash finds the claim expired and sends).
 */
export const RECEIPT_LEASE_MS = 20_000;

/** The few log calls the use case makes (Powertools' `Logger` fits). Only order ids and outcomes go in. */
export interface ReceiptLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface SendReceiptDeps {
  readonly orders: { get(orderId: string): Promise<ReceiptRecord | undefined> };
  readonly ledger: ReceiptLedger;
  readonly mailer: Mailer;
  readonly now: () => number;
  readonly shopName: string;
  /** The order page with the order's access token (see {@link orderPageUrl}). */
  readonly orderUrl: (order: ReceiptRecord) => string | Promise<string>;
  readonly log: ReceiptLog;
  readonly locale?: string;
  readonly leaseMs?: number;
  /** A fresh claim token per attempt; `randomUUID` unless a test fixes it. */
  readonly newToken?: () => string;
}

/** What one call did. */
export type ReceiptOutcome = 'sent' | 'already-sent' | 'not-due' | 'no-address';

/** Another attempt is sending this receipt right now: retry the message later (SQS redelivers it). */
export class ReceiptBusyError extends Error {
  override name = 'ReceiptBusyError';
  constructor(until: number) {
    super(`Another attempt holds the receipt claim until ${new Date(until).toISOString()}`);
  }
}

/**
 * Sends an order's receipt once. The ledger makes it idempotent per order:
 * a redelivered message, a replayed webhook or two workers at once send one
 * email. SES has no idempotency key, so the order of writes decides what a
 * crash can cost:
 *
 * 1. **claim** (conditional write: not sent, no live claim) — only one
 *    attempt gets past it;
 * 2. **send** through the mailer;
 * 3. **mark sent** (conditional on still holding the claim).
 *
 * A crash between 1 and 2, or a failed send (the claim is released), costs
 * nothing: the redelivery sends. A crash between 2 and 3 (milliseconds, or
 * a failed write after SES accepted) leaves a claim that expires after
 * `leaseMs`; the redelivery then sends again: the receipt goes out **at
 * least once**, twice only in that window, never zero times. That is the
 * right side to err on: a guest reaches the order again only through this
 * email. (The other order, "mark sent, then send", would lose the receipt in
 * the same window.) Both copies carry the same `X-Cartkit-Idempotency-Key`.
 *
 * Throws (so SQS retries and finally dead-letters): the order missing,
 * `ReceiptBusyError`, the mailer's `UnavailableError` / `MailRejectedError`,
 * a `ReceiptRenderError` for an order that cannot be rendered.
 *
 * @example
 * ```ts
 * const outcome = await sendReceipt({ orders, ledger, mailer, now: Date.now, shopName, orderUrl, log: logger }, orderId);
 * ```
 */
export async function sendReceipt(deps: SendReceiptDeps, orderId: string): Promise<ReceiptOutcome> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new Error('The order does not exist (yet)');
  if (order.receiptSentAt !== undefined) return done(deps, orderId, 'already-sent');
  if (!RECEIPT_STATUSES.has(order.status)) return done(deps, orderId, 'not-due');
  if (!order.email) return done(deps, orderId, 'no-address');

  // Render before claiming: an order that cannot be rendered must not hold a claim.
  const receipt = renderReceipt(order, {
    shopName: deps.shopName,
    orderUrl: await deps.orderUrl(order),
    ...(deps.locale ? { locale: deps.locale } : {}),
  });
  return sendClaimed(deps, orderId, { to: order.email, ...receipt, idempotencyKey: receiptKey(orderId) }, 'receipt');
}

/** What {@link sendClaimed} needs: the ledger of this kind of email, the mailer, the clock and the log. */
export type ClaimedSendDeps = Pick<SendReceiptDeps, 'ledger' | 'mailer' | 'now' | 'log' | 'leaseMs' | 'newToken'>;

/**
 * The ledger's protocol for one email of an order, rendered already: claim, send, mark
 * sent (see {@link sendReceipt}: at least once, twice only after a crash between the send
 * and the mark, and then with the same idempotency key). `what` names it in the log.
 */
export async function sendClaimed(
  deps: ClaimedSendDeps,
  orderId: string,
  message: { to: string; subject: string; html: string; text: string; idempotencyKey: string },
  what: string,
): Promise<'sent' | 'already-sent'> {
  const token = (deps.newToken ?? randomUUID)();
  const claim = await deps.ledger.claim(orderId, { token, now: deps.now(), leaseMs: deps.leaseMs ?? RECEIPT_LEASE_MS });
  if (claim.outcome === 'sent') {
    deps.log.info(`${what} not sent`, { orderId, outcome: 'already-sent' });
    return 'already-sent';
  }
  if (claim.outcome === 'missing') throw new Error('The order vanished');
  if (claim.outcome === 'busy') throw new ReceiptBusyError(claim.until);

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(message));
  } catch (error) {
    await deps.ledger.release(orderId, token).catch(() => {
      // The lease expires by itself; the send error is the one to report.
    });
    throw error;
  }
  const recorded = await deps.ledger.markSent(orderId, token, { now: deps.now(), messageId });
  if (!recorded) {
    // Our lease ran out while SES was answering and another attempt took it: it may send a second copy.
    deps.log.warn(`${what} claim lost while sending`, { orderId, messageId });
  }
  deps.log.info(`${what} sent`, { orderId, messageId });
  return 'sent';
}

function done(deps: SendReceiptDeps, orderId: string, outcome: ReceiptOutcome): ReceiptOutcome {
  deps.log.info('receipt not sent', { orderId, outcome });
  return outcome;
}

/**
 * The idempotency key of an order's receipt (a header value: no personal data).
 *
 * @example
 * ```ts
 * receiptKey('ord_123'); // 'receipt-ord_123'
 * ```
 */
export function receiptKey(orderId: string): string {
  return `receipt-${orderId}`.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 128);
}

/** The order page link for the email (defined with the order access tokens). */
export { orderPageUrl } from '../domain/order-access.js';

const ReceiptJobSchema = v.object({
  type: v.picklist(['order.paid', 'order.fulfilled']),
  orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});
/**
 * The mail queue's message: an order that was just paid (or confirmed): its receipt; or
 * one just fulfilled: its "on its way" email (use-cases/send-shipped.ts).
 */
export type ReceiptJob = v.InferOutput<typeof ReceiptJobSchema>;

/**
 * Parses a mail queue message; a malformed one throws, so it is retried and
 * then dead-lettered, never dropped.
 *
 * @example
 * ```ts
 * const { orderId } = parseReceiptJob(record.body);
 * ```
 */
export function parseReceiptJob(body: string): ReceiptJob {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error('The message is not JSON');
  }
  return v.parse(ReceiptJobSchema, data);
}
