import * as v from 'valibot';
import { IsoTimeSchema, MoneySchema } from './primitives.js';
import { OrderSchema, OrderStatusSchema } from './schemas.js';

/** Body of `POST /admin/orders/{id}/fulfil` (may be empty): the carrier's tracking number, carrier and tracking page, if any. */
export const FulfilRequestSchema = v.strictObject({
  trackingNumber: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, 'trackingNumber cannot be empty'),
      v.maxLength(64, 'trackingNumber has at most 64 characters'),
    ),
  ),
  carrier: v.optional(
    v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64, 'carrier has at most 64 characters')),
  ),
  /** The carrier's tracking page for the parcel: an https URL, linked from the shopper's "on its way" email. */
  trackingUrl: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(512, 'trackingUrl has at most 512 characters'),
      v.url('trackingUrl is an https URL'),
      v.startsWith('https://', 'trackingUrl is an https URL'),
    ),
  ),
});
export type FulfilRequest = v.InferOutput<typeof FulfilRequestSchema>;

/** Body of `POST /admin/orders/{id}/refund` (may be empty): `amount` in minor units, default all that is left. */
export const RefundRequestSchema = v.strictObject({
  amount: v.optional(
    v.pipe(
      v.number('amount must be a number'),
      v.integer('amount is in integer minor units'),
      v.minValue(1, 'amount must be at least 1'),
    ),
  ),
  reason: v.optional(v.picklist(['duplicate', 'fraudulent', 'requested_by_customer'])),
});
export type RefundRequest = v.InferOutput<typeof RefundRequestSchema>;

/** One refund of an order, as the provider made it. */
export const OrderRefundSchema = v.object({
  refundId: v.string(),
  amount: MoneySchema,
  at: IsoTimeSchema,
});
export type OrderRefund = v.InferOutput<typeof OrderRefundSchema>;

/** An order as the admin API shows it: the shopper's view plus whose it is and its refunds. */
export const AdminOrderSchema = v.object({
  ...OrderSchema.entries,
  ownerKind: v.picklist(['user', 'anonymous']),
  refunds: v.array(OrderRefundSchema),
});
export type AdminOrder = v.InferOutput<typeof AdminOrderSchema>;

/** `GET /admin/orders`: a page of orders; `nextCursor` absent on the last page. */
export const AdminOrderPageSchema = v.object({
  items: v.array(AdminOrderSchema),
  nextCursor: v.optional(v.string()),
});
export type AdminOrderPage = v.InferOutput<typeof AdminOrderPageSchema>;

const LIMIT_MESSAGE = 'limit is a whole number from 1 to 100';

/** A `limit` query parameter: digits, `min`..`max`. */
function pageLimit(max: number, message: string) {
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, message),
      v.transform(Number),
      v.minValue(1, message),
      v.maxValue(max, message),
    ),
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** `2026-02-31` is not a day (Date would roll it over into March). */
function realDay(day: string): boolean {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}

/**
 * A `from` / `to` bound on an order's `createdAt`: a day (`2026-12-01`, UTC) or a
 * time with its offset, as the ISO instant it names. A day as `to` means the end
 * of that day, so `from=2026-12-01&to=2026-12-01` is that whole day.
 */
function dateBound(name: 'from' | 'to') {
  const message = `${name} is a date (2026-12-01) or a time with its offset (2026-12-01T09:30:00Z)`;
  return v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(TIME, message),
      v.check(
        (text) => realDay(text.slice(0, 10)) && !Number.isNaN(Date.parse(DAY.test(text) ? `${text}T00:00:00Z` : text)),
        message,
      ),
      v.transform((text) => {
        if (!DAY.test(text)) return new Date(text).toISOString();
        const start = Date.parse(`${text}T00:00:00Z`);
        return new Date(name === 'to' ? start + 86_400_000 : start).toISOString();
      }),
    ),
  );
}

/**
 * The filters of `GET /admin/orders` and its CSV export: `status`; `from` (inclusive) and `to`
 * (exclusive; a day means up to its end) on `createdAt`; and a search by order `number`
 * (exact, any case: `ck-7qf3-k9m2` finds `CK-7QF3-K9M2`) or by `email` (exact, compared
 * trimmed and lower-cased), not both.
 */
const ORDER_FILTERS = {
  status: v.optional(OrderStatusSchema),
  from: dateBound('from'),
  to: dateBound('to'),
  number: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.toUpperCase(),
      v.regex(/^CK-[0-9A-Z-]{1,32}$/, 'number is an order number like CK-7QF3-K9M2'),
    ),
  ),
  email: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.toLowerCase(),
      v.maxLength(254, 'email has at most 254 characters'),
      v.email('email is an email address like name@example.com'),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(1024))),
};

type FilterInput = { from?: string; to?: string; number?: string; email?: string };

function filtersAgree<S extends v.GenericSchema<unknown, FilterInput>>(schema: S) {
  return v.pipe(
    schema,
    v.forward(
      v.check(
        (query: FilterInput) => query.from === undefined || query.to === undefined || query.from < query.to,
        'to must come after from',
      ),
      ['to' as never],
    ),
    v.forward(
      v.check(
        (query: FilterInput) => query.number === undefined || query.email === undefined,
        'search by number or by email, not both',
      ),
      ['email' as never],
    ),
  );
}

/** Query of `GET /admin/orders`: the filters, `limit` 1..100 (default 20) and `cursor`. */
export const AdminOrderQuerySchema = filtersAgree(v.object({ ...ORDER_FILTERS, limit: pageLimit(100, LIMIT_MESSAGE) }));
export type AdminOrderQuery = v.InferOutput<typeof AdminOrderQuerySchema>;

/** Query of `GET /admin/orders/export`: the same filters, `limit` 1..1000 orders per CSV page (default 500). */
export const AdminOrderExportQuerySchema = filtersAgree(
  v.object({ ...ORDER_FILTERS, limit: pageLimit(1000, 'limit is a whole number from 1 to 1000') }),
);
export type AdminOrderExportQuery = v.InferOutput<typeof AdminOrderExportQuerySchema>;

/** The header of each CSV export page that carries the next page's `cursor` (absent on the last page). */
export const EXPORT_CURSOR_HEADER = 'X-Next-Cursor';

/**
 * The columns of the orders CSV export, in order. Money columns are integer minor
 * units; `total_formatted` is the total as people read it (`$45.54`).
 */
export const ORDER_CSV_COLUMNS = [
  'number',
  'order_id',
  'created_at',
  'updated_at',
  'status',
  'email',
  'currency',
  'subtotal',
  'discount',
  'shipping',
  'tax',
  'total',
  'total_formatted',
  'refunded',
  'lines',
  'units',
  'discount_code',
  'fulfilled_at',
  'tracking_number',
  'carrier',
  'shipping_country',
] as const;
