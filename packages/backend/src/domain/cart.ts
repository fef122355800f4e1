import { type Cart, LIMITS, type Product } from '@cartkit/contract';
import { CartFullError, OutOfStockError, QuantityLimitError, UnknownSkuError, ValidationError } from './errors.js';
import type { Owner } from './owner.js';

/** One stored line: only what the owner chose. Names and prices come from the catalog when read. */
export interface LineState {
  readonly sku: string;
  readonly quantity: number;
  /** Epoch ms the line was first added; orders the lines. */
  readonly addedAt: number;
  /**
   * The catalog's unit price when the shopper last added to the line (the price
   * they saw), so the quote can tell `PRICE_CHANGED`; absent on lines stored before it was kept.
   */
  readonly addedUnitPrice?: number;
}

/** A stored cart, as the pure rules see it. */
export interface CartState {
  readonly version: number;
  readonly lines: readonly LineState[];
  readonly updatedAt: string | null;
  /** Epoch seconds after which the cart expires (anonymous carts), or null. */
  readonly expiresAt: number | null;
}

/** The empty, never-written cart every owner starts with. */
export const EMPTY_CART: CartState = { version: 0, lines: [], updatedAt: null, expiresAt: null };

/** A change a caller asks for. */
export type CartOperation =
  /** `unitPrice`: the catalog's price now, remembered as the line's `addedUnitPrice` (the newest add wins). */
  | { readonly type: 'add'; readonly sku: string; readonly quantity: number; readonly unitPrice?: number }
  /** `unitPrice`: remembered only for a line this creates; a quantity change keeps the price seen when added. */
  | { readonly type: 'set'; readonly sku: string; readonly quantity: number; readonly unitPrice?: number }
  | { readonly type: 'remove'; readonly sku: string }
  | { readonly type: 'clear' };

/** Looks products up by SKU; the catalog is the only source of prices. */
export type ProductLookup = (sku: string) => Product | undefined;

/**
 * Checks an operation against the catalog before anything is written:
 * unknown SKUs and sold-out products are refused.
 *
 * @example
 * ```ts
 * checkAgainstCatalog({ type: 'add', sku: 'TEE-1', quantity: 1 }, catalog.lookup);
 * ```
 */
export function checkAgainstCatalog(operation: CartOperation, lookup: ProductLookup): void {
  if (operation.type === 'clear' || operation.type === 'remove') return;
  const product = lookup(operation.sku);
  if (product === undefined) throw new UnknownSkuError(operation.sku);
  if (product.variants !== undefined) {
    // A product with variants is sold only as one of them: each has its own SKU, price and stock.
    throw new ValidationError(`"${operation.sku}" has options: add one of its variants.`, [
      {
        path: 'sku',
        message: `choose one of ${product.variants.map((variant) => variant.sku).join(', ') || 'its variants'}`,
      },
    ]);
  }
  if (operation.quantity > 0 && product.stock <= 0) throw new OutOfStockError(operation.sku);
}

/**
 * Applies an operation to a cart, enforcing the contract's limits. Pure: the
 * store writes the result (or an equivalent single conditional update).
 * `changed` is false when nothing would change (removing an absent line,
 * clearing an empty cart), so no version is spent.
 *
 * @example
 * ```ts
 * const { state } = applyOperation(EMPTY_CART, { type: 'add', sku: 'TEE-1', quantity: 2 }, Date.now());
 * state.version; // 1
 * ```
 */
export function applyOperation(
  cart: CartState,
  operation: CartOperation,
  now: number,
): { state: CartState; changed: boolean } {
  const index = operation.type === 'clear' ? -1 : cart.lines.findIndex((line) => line.sku === operation.sku);
  const existing = index >= 0 ? cart.lines[index] : undefined;
  let lines: LineState[];
  switch (operation.type) {
    case 'add': {
      const quantity = (existing?.quantity ?? 0) + operation.quantity;
      if (quantity > LIMITS.maxQuantity) throw new QuantityLimitError(operation.sku, LIMITS.maxQuantity);
      if (existing === undefined && cart.lines.length >= LIMITS.maxLines) throw new CartFullError(LIMITS.maxLines);
      const price = operation.unitPrice ?? existing?.addedUnitPrice;
      const priced = price === undefined ? {} : { addedUnitPrice: price };
      lines = existing
        ? cart.lines.map((line, i) => (i === index ? { ...line, quantity, ...priced } : line))
        : [...cart.lines, { sku: operation.sku, quantity, addedAt: now, ...priced }];
      break;
    }
    case 'set': {
      if (operation.quantity > LIMITS.maxQuantity) throw new QuantityLimitError(operation.sku, LIMITS.maxQuantity);
      if (operation.quantity === 0) return applyOperation(cart, { type: 'remove', sku: operation.sku }, now);
      if (existing === undefined && cart.lines.length >= LIMITS.maxLines) throw new CartFullError(LIMITS.maxLines);
      lines = existing
        ? cart.lines.map((line, i) => (i === index ? { ...line, quantity: operation.quantity } : line))
        : [
            ...cart.lines,
            {
              sku: operation.sku,
              quantity: operation.quantity,
              addedAt: now,
              ...(operation.unitPrice === undefined ? {} : { addedUnitPrice: operation.unitPrice }),
            },
          ];
      break;
    }
    case 'remove':
      if (existing === undefined) return { state: cart, changed: false };
      lines = cart.lines.filter((_, i) => i !== index);
      break;
    case 'clear':
      if (cart.lines.length === 0) return { state: cart, changed: false };
      lines = [];
      break;
  }
  return { state: touch(cart, lines, now), changed: true };
}

/**
 * Moves the lines of `source` into `target`: quantities add, capped at the
 * per-line limit; new lines are appended while there is room. Returns the
 * merged lines and the SKUs that did not fit.
 *
 * @example
 * ```ts
 * mergeLines(userCart.lines, anonymousCart.lines, Date.now());
 * ```
 */
export function mergeLines(
  target: readonly LineState[],
  source: readonly LineState[],
  now: number,
): { lines: LineState[]; dropped: string[] } {
  const lines = target.map((line) => ({ ...line }));
  const dropped: string[] = [];
  for (const incoming of source) {
    const existing = lines.find((line) => line.sku === incoming.sku);
    if (existing) {
      existing.quantity = Math.min(LIMITS.maxQuantity, existing.quantity + incoming.quantity);
      // The anonymous cart is the one the shopper is looking at as they sign in: its price is the newer seen.
      if (incoming.addedUnitPrice !== undefined) existing.addedUnitPrice = incoming.addedUnitPrice;
    } else if (lines.length < LIMITS.maxLines) {
      lines.push({
        sku: incoming.sku,
        quantity: Math.min(LIMITS.maxQuantity, incoming.quantity),
        addedAt: now,
        ...(incoming.addedUnitPrice === undefined ? {} : { addedUnitPrice: incoming.addedUnitPrice }),
      });
    } else {
      dropped.push(incoming.sku);
    }
  }
  return { lines, dropped };
}

/**
 * The cart after a change: version up by exactly one, new `updatedAt`, expiry
 * kept. Every new cart version is made here: operations, merge (both carts),
 * fulfilment taking the ordered lines out. The two writes that bump a version
 * inside an update expression say the same in DynamoDB's terms
 * (`version = version + :one`, `updatedAt`): a mutation's single UpdateItem
 * (adapters/cart-update.ts) and checkout's mark (adapters/order-store.ts).
 *
 * @example
 * ```ts
 * const next = touch(cart, lines, Date.now()); // next.version === cart.version + 1
 * ```
 */
export function touch(cart: CartState, lines: readonly LineState[], now: number): CartState {
  return { version: cart.version + 1, lines, updatedAt: new Date(now).toISOString(), expiresAt: cart.expiresAt };
}

/**
 * The wire `Cart`: lines priced from the catalog in integer minor units.
 * A line whose product is no longer sold is not among the items nor in the totals (it cannot be
 * bought); it is listed in `unavailable` (named by `nameOf` when known) so the shopper sees it went.
 * A line whose price changed since it was added carries that `addedUnitPrice`.
 *
 * @example
 * ```ts
 * const cart = priceCart(state, owner.kind, catalog.lookup, 'USD');
 * ```
 */
export function priceCart(
  cart: CartState,
  owner: Owner['kind'],
  lookup: ProductLookup,
  currency: string,
  nameOf: (sku: string) => string | undefined = () => undefined,
): Cart {
  const items: Cart['items'] = [];
  const unavailable: NonNullable<Cart['unavailable']> = [];
  for (const line of [...cart.lines].sort((a, b) => a.addedAt - b.addedAt)) {
    const product = lookup(line.sku);
    if (product === undefined) {
      unavailable.push({ sku: line.sku, name: nameOf(line.sku) ?? line.sku, quantity: line.quantity });
      continue;
    }
    items.push({
      sku: line.sku,
      name: product.name,
      unitPrice: product.unitPrice,
      quantity: line.quantity,
      lineTotal: product.unitPrice * line.quantity,
      image: product.image,
      stock: product.stock,
      ...(product.optionValues ? { options: { ...product.optionValues } } : {}),
      ...(line.addedUnitPrice !== undefined && line.addedUnitPrice !== product.unitPrice
        ? { addedUnitPrice: line.addedUnitPrice }
        : {}),
    });
  }
  return {
    owner,
    version: cart.version,
    currency,
    items,
    itemCount: items.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: items.reduce((sum, line) => sum + line.lineTotal, 0),
    updatedAt: cart.updatedAt,
    expiresAt: cart.expiresAt === null ? null : new Date(cart.expiresAt * 1000).toISOString(),
    ...(unavailable.length > 0 ? { unavailable } : {}),
  };
}
