import type { Cart, CartLine, Order } from '@cartkit/contract';
import type { LineState } from './cart.js';

/** An order as stored: the wire `Order` plus whose it is and the worker's bookkeeping. */
export interface StoredOrder extends Order {
  readonly ownerKey: string;
  /** The cart version that was frozen. */
  readonly cartVersion: number;
  /** Set once the ordered lines have been taken out of the cart (exactly once). */
  readonly cartCleared?: boolean;
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
    items: order.items,
    subtotal: order.subtotal,
    currency: order.currency,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/** Re-prices order lines with current catalog prices; undefined for a SKU the catalog no longer has. */
export function reprice(
  items: readonly CartLine[],
  price: (sku: string) => { unitPrice: number; name: string } | undefined,
): { items: CartLine[]; subtotal: number; missing: string[] } {
  const missing: string[] = [];
  const repriced: CartLine[] = [];
  for (const item of items) {
    const current = price(item.sku);
    if (current === undefined) {
      missing.push(item.sku);
      continue;
    }
    repriced.push({
      ...item,
      name: current.name,
      unitPrice: current.unitPrice,
      lineTotal: current.unitPrice * item.quantity,
    });
  }
  return { items: repriced, subtotal: repriced.reduce((sum, item) => sum + item.lineTotal, 0), missing };
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
