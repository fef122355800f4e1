import type { Cart, CartLine, Order, OrderTotals, Quote, ShippingAddress } from '@cartkit/contract';
import type { LineState } from './cart.js';
import { emailKey } from './email-key.js';

/** An order as stored: the wire `Order` plus whose it is and the worker's bookkeeping. */
export interface StoredOrder extends Order {
  readonly ownerKey: string;
  /** The cart version that was frozen (checkout moved the cart one version on, to `cartVersion + 1`). */
  readonly cartVersion: number;
  /** Set once the ordered lines have been taken out of the cart (exactly once). */
  readonly cartCleared?: boolean;
  /** SHA-256 of the order's access token (domain/order-access.ts); the token itself is never stored. */
  readonly accessTokenHash?: string;
  /** A hash of the checkout request (route, path, body), so an `Idempotency-Key` reused with another body is refused. */
  readonly requestHash?: string;
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
  /** `emailKey` of the order's email: the `byEmail` index's key (the admin's search by email); erased with the email. */
  readonly emailKey?: string;
  /** Whose use of `discountCode` the order counted (`customerKey` of its email). */
  readonly discountCustomer?: string;
  /** Set once the shopper's account was deleted and the order's personal fields erased. */
  readonly anonymisedAt?: string;
  /** The erased address's country and region, kept for the tax records. */
  readonly shippingCountry?: string;
  readonly shippingRegion?: string;
  /** Set once a FAILED or EXPIRED order gave its discount use back (exactly once). */
  readonly discountReleased?: boolean;
  /** The provider's refunds, in the order they were made (their sum is `refundedTotal`). */
  readonly refunds?: readonly {
    readonly refundId: string;
    readonly amount: number;
    readonly at: string;
    /** The provider idempotency key it was made with (a retried request finds it). */
    readonly key?: string;
  }[];
}

/** What checkout freezes besides the lines: who to tell, where it goes, and the confirmed quote. */
export interface CheckoutDetails {
  readonly orderId: string;
  readonly ownerKey: string;
  readonly now: number;
  readonly number: string;
  readonly email: string;
  readonly shippingAddress: ShippingAddress;
  readonly accessTokenHash: string;
  readonly requestHash: string;
  /** The host page to return to after payment (checked against the allowed origins by the caller). */
  readonly returnUrl?: string;
  /** The code applied (canonical) and the customer its use counts against. */
  readonly discount?: { readonly code: string; readonly customer: string };
}

/**
 * Freezes a quote the shopper confirmed (its `total` was their `expectedTotal`)
 * into a `PENDING` order: the lines at the quoted prices, the totals, the
 * shipping option the figures used, the address and the email. The order is
 * charged exactly `totals.total` (see {@link orderCharge}).
 *
 * @example
 * ```ts
 * const order = freezeQuote(quote, cartVersion, { orderId, ownerKey, now, number, email, shippingAddress, accessTokenHash, requestHash });
 * ```
 */
export function freezeQuote(quote: Quote, cartVersion: number, details: CheckoutDetails): StoredOrder {
  const at = new Date(details.now).toISOString();
  const shippingOption = quote.shippingOptions.find((option) => option.id === quote.shippingOptionId);
  if (shippingOption === undefined) throw new RangeError('A quote without a shipping option cannot be frozen');
  return {
    orderId: details.orderId,
    ownerKey: details.ownerKey,
    status: 'PENDING',
    number: details.number,
    email: details.email,
    emailKey: emailKey(details.email),
    shippingAddress: details.shippingAddress,
    shippingOption,
    items: quote.items,
    subtotal: quote.subtotal,
    totals: {
      subtotal: quote.subtotal,
      discount: quote.discount,
      shipping: quote.shipping,
      tax: quote.tax,
      taxIncluded: quote.taxIncluded,
      total: quote.total,
    },
    currency: quote.currency,
    createdAt: at,
    updatedAt: at,
    cartVersion,
    accessTokenHash: details.accessTokenHash,
    requestHash: details.requestHash,
    ...(details.returnUrl === undefined ? {} : { returnUrl: details.returnUrl }),
    ...(details.discount === undefined
      ? {}
      : { discountCode: details.discount.code, discountCustomer: details.discount.customer }),
  };
}

/**
 * The amount to charge (or confirm) for an order: exactly its frozen
 * `totals.total`, once the totals are checked against the frozen lines
 * (`subtotal` = Σ line totals, `total` = subtotal − discount + shipping +
 * tax unless included). Orders placed before totals existed charge their
 * subtotal. Undefined: the frozen figures disagree, so nothing may be charged.
 *
 * @example
 * ```ts
 * const amount = orderCharge(order); // 9218
 * ```
 */
export function orderCharge(order: Pick<StoredOrder, 'items' | 'subtotal' | 'totals'>): number | undefined {
  const lines = order.items.reduce((sum, item) => sum + item.lineTotal, 0);
  const exact = order.items.every((item) => item.lineTotal === item.unitPrice * item.quantity);
  if (!exact || lines !== order.subtotal) return undefined;
  const totals: OrderTotals | undefined = order.totals;
  if (totals === undefined) return order.subtotal;
  const total = totals.subtotal - totals.discount + totals.shipping + (totals.taxIncluded ? 0 : totals.tax);
  return totals.subtotal === lines && totals.total === total && total >= 0 ? total : undefined;
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
    // An order's lines are what was bought; the cart's live `stock` is not part of them.
    items: cart.items.map(({ stock: _stock, ...line }) => line),
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
    ...(order.number === undefined ? {} : { number: order.number }),
    ...(order.email === undefined ? {} : { email: order.email }),
    ...(order.shippingAddress === undefined ? {} : { shippingAddress: order.shippingAddress }),
    ...(order.shippingOption === undefined ? {} : { shippingOption: order.shippingOption }),
    items: order.items,
    subtotal: order.subtotal,
    ...(order.totals === undefined ? {} : { totals: order.totals }),
    ...(order.discountCode === undefined ? {} : { discountCode: order.discountCode }),
    ...(order.fulfilment === undefined ? {} : { fulfilment: order.fulfilment }),
    ...(order.refundedTotal === undefined ? {} : { refundedTotal: order.refundedTotal }),
    currency: order.currency,
    ...(order.payment === undefined ? {} : { payment: order.payment }),
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
 * charged at the unit prices frozen at checkout (and exactly its frozen total,
 * `orderCharge`) or not at all: a product gone,
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

/** The failure for an order whose frozen totals do not add up from its lines (`orderCharge` is undefined). */
export const TOTALS_MISMATCH: OrderFailure = {
  code: FAILURE.NOT_PROCESSED,
  reason: 'The order total does not add up from its lines. Nothing was charged; please check out again.',
};

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
