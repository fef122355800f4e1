import * as v from 'valibot';
import { IsoTimeSchema, MoneySchema } from './primitives.js';
import { OrderSchema, OrderStatusSchema } from './schemas.js';

/** Body of `POST /admin/orders/{id}/fulfil` (may be empty): the carrier's tracking number, if any. */
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

/** Query of `GET /admin/orders`. */
export const AdminOrderQuerySchema = v.object({
  status: v.optional(OrderStatusSchema),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'limit is a whole number from 1 to 100'),
      v.transform(Number),
      v.minValue(1, 'limit is a whole number from 1 to 100'),
      v.maxValue(100, 'limit is a whole number from 1 to 100'),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(1024))),
});
