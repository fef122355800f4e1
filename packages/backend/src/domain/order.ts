import type { Cart, CartLine, Order } from '@cartkit/contract';
import type { LineState } from './cart.js';

/** An order as stored: the wire `Order` plus whose it is and the worker's bookkeeping. */
export interface StoredOrder extends Order {
  readonly ownerKey: string;
  /** The cart version that was frozen (checkout moved the cart one version on, to `cartVersion + 1`). */
  readonly cartVersion: number;
  /** Set once the ordered lines have been taken out of the cart (exactly once). */
  readonly cartCleared?: boolean;
  /** Online payment: stock is held for this order (set with the reservation, while still PENDING). */
  readonly stockReserved?: boolean;
  /** Set once held stock went back to the catalog (EXPIRED, or FAILED after a reservation), exactly once. */
  readonly stockReleased?: boolean;
  /** The provider's Checkout Session (`cs_...`), from AWAITING_PAYMENT on. */
  readonly paymentSessionId?: string;
  /** Sparse index keys of AWAITING_PAYMENT orders (`awaitingPayment`): "1" and the window's end (ISO). */
  readonly awaiting?: string;
  readonly paymentExpiresAt?: string;
  /** The host page the shopper checked out from (an allowed origin), where the payment page returns. */
  readonly returnUrl?: string;
  /** The provider event that moved the order to PAID or EXPIRED. */
  readonly paymentEventId?: string;
}

/**
 * Freezes a priced cart into a `PENDING` order.
 *
 * @example
 * ```ts
 * const order = freezeCart(cart, { orderId, ownerKey, now: Date.now() });
 * ```
 */
export function freezeCart(cart: Cart, options: { orderId: string; ownerKey: string; now: number }): StoredOrder {
  const at = new Date(options.now).toISOString();
  return {
    orderId: options.orderId,
    ownerKey: options.ownerKey,
    status: 'PENDING',
    items: cart.items,
    subtotal: cart.subtotal,
    currency: cart.currency,
    createdAt: at,
    updatedAt: at,
    cartVersion: cart.version,
  };
}

/** The wire shape of a stored order (no owner key or bookkeeping). */
export function toWireOrder(order: StoredOrder): Order {
  return {
    orderId: order.orderId,
    status: order.status,
    ...(order.reason === undefined ? {} : { reason: order.reason }),
    ...(order.reasonCode === undefined ? {} : { reasonCode: order.reasonCode }),
    items: order.items,
    subtotal: order.subtotal,
    currency: order.currency,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    ...(order.status === 'AWAITING_PAYMENT' && order.payment ? { payment: order.payment } : {}),
  };
}

/** Why a FAILED order failed, for code; `reason` says it for people. */
export const FAILURE = {
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  PRICE_CHANGED: 'PRICE_CHANGED',
  NO_LONGER_SOLD: 'NO_LONGER_SOLD',
  NOT_PROCESSED: 'NOT_PROCESSED',
} as const;
export type FailureCode = (typeof FAILURE)[keyof typeof FAILURE];

/** Why an order cannot be confirmed as it was checked out. */
export interface OrderFailure {
  readonly code: FailureCode;
  readonly reason: string;
}

/** A product as the worker reads it from the catalog table, strongly consistent. */
export interface CatalogFigures {
  readonly name: string;
  readonly unitPrice: number;
  readonly stock: number;
}

/**
 * Judges a PENDING order against the catalog as it is now. The order is
 * charged at the unit prices frozen at checkout or not at all: a product gone,
 * a price changed (up or down) or too little stock fails it, with a reason
 * that names the product.
 *
 * @example
 * ```ts
 * const failure = judgeOrder(order, (sku) => figures.get(sku));
 * if (failure) await orders.fail(order.orderId, failure.reason, now, failure.code);
 * ```
 */
export function judgeOrder(
  order: Pick<StoredOrder, 'items' | 'currency'>,
  catalog: (sku: string) => CatalogFigures | undefined,
): OrderFailure | undefined {
  const gone = order.items.filter((item) => catalog(item.sku) === undefined);
  if (gone.length > 0) {
    return {
      code: FAILURE.NO_LONGER_SOLD,
      reason: `No longer sold: ${gone.map((item) => `"${item.name}"`).join(', ')}. Nothing was charged.`,
    };
  }
  for (const item of order.items) {
    const now = catalog(item.sku);
    if (now && now.unitPrice !== item.unitPrice) return priceChanged(item, now.unitPrice, order.currency);
  }
  for (const item of order.items) {
    const now = catalog(item.sku);
    if (now && now.stock < item.quantity) return outOfStock(item, now.stock);
  }
  return undefined;
}

/** The failure for a line whose price is no longer the one frozen at checkout. */
export function priceChanged(item: CartLine, unitPrice: number, currency: string): OrderFailure {
  return {
    code: FAILURE.PRICE_CHANGED,
    reason:
      `The price of "${item.name}" changed from ${formatMoney(item.unitPrice, currency)} to ` +
      `${formatMoney(unitPrice, currency)} since checkout. Nothing was charged; check out again to buy at the new price.`,
  };
}

/** The failure for a line with too little stock left (`left` as read when the order failed). */
export function outOfStock(item: CartLine, left: number): OrderFailure {
  return {
    code: FAILURE.OUT_OF_STOCK,
    reason: `Out of stock: only ${Math.max(0, left)} of "${item.name}" left, ${item.quantity} requested.`,
  };
}

/** Integer minor units as a price people read, e.g. `formatMoney(8400, 'USD')` → `$84.00`. */
export function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/**
 * The cart's lines once an order's lines are taken out: a line bought in
 * full disappears; one raised since checkout keeps the difference.
 */
export function subtractLines(lines: readonly LineState[], ordered: readonly CartLine[]): LineState[] {
  const bought = new Map(ordered.map((line) => [line.sku, line.quantity]));
  const rest: LineState[] = [];
  for (const line of lines) {
    const quantity = line.quantity - (bought.get(line.sku) ?? 0);
    if (quantity > 0) rest.push({ ...line, quantity });
  }
  return rest;
}
