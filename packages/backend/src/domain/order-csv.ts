import { ORDER_CSV_COLUMNS } from '@cartkit/contract';
import type { StoredOrder } from './order.js';
import { formatMoney } from './order.js';

/** One cell: text, or an integer written as digits. */
type Cell = string | number | undefined;

/**
 * A text cell as a spreadsheet may open it safely: one that starts with `=`,
 * `+`, `-`, `@` (or a tab or carriage return, which some spreadsheets skip
 * before reading a formula) gets a leading `'`, so `=HYPERLINK(...)` in an
 * email or a tracking number stays text (OWASP's CSV injection advice).
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * An RFC 4180 field: quoted (with `"` doubled) when it holds a comma, a quote,
 * a line break, or spaces at either end; text defused first ({@link defuseFormula}).
 */
export function csvCell(value: Cell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = defuseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record: cells joined by commas, ended by CRLF (RFC 4180). */
function record(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The export's header record ({@link ORDER_CSV_COLUMNS}). */
export const ORDER_CSV_HEADER = record(ORDER_CSV_COLUMNS);

/**
 * One order as a CSV record of {@link ORDER_CSV_COLUMNS}: money in integer minor
 * units plus the total as people read it; `lines` is the number of lines,
 * `units` the quantities' sum. An anonymised order has an empty email and
 * its kept country.
 *
 * @example
 * ```ts
 * const csv = ORDER_CSV_HEADER + orders.map(orderCsvRecord).join('');
 * ```
 */
export function orderCsvRecord(order: StoredOrder): string {
  const totals = order.totals;
  const total = totals?.total ?? order.subtotal;
  const cells: Record<(typeof ORDER_CSV_COLUMNS)[number], Cell> = {
    number: order.number,
    order_id: order.orderId,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    status: order.status,
    email: order.email,
    currency: order.currency,
    subtotal: totals?.subtotal ?? order.subtotal,
    discount: totals?.discount ?? 0,
    shipping: totals?.shipping ?? 0,
    tax: totals?.tax ?? 0,
    total,
    total_formatted: formatMoney(total, order.currency),
    refunded: order.refundedTotal ?? 0,
    lines: order.items.length,
    units: order.items.reduce((sum, line) => sum + line.quantity, 0),
    discount_code: order.discountCode,
    fulfilled_at: order.fulfilment?.fulfilledAt,
    tracking_number: order.fulfilment?.trackingNumber,
    carrier: order.fulfilment?.carrier,
    shipping_country: order.shippingAddress?.country ?? order.shippingCountry,
  };
  return record(ORDER_CSV_COLUMNS.map((column) => cells[column]));
}
