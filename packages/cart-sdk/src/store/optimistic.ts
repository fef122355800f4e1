import type { Cart } from '@cartkit/contract';
import { LIMITS } from '@cartkit/contract/values';
import type { PendingMutation, SnapshotCart, SnapshotLine } from '../types.js';

/** An empty cart, as the server reports an owner with no cart (`version: 0`). */
export function emptyCart(currency: string, owner: Cart['owner'] = 'anonymous'): Cart {
  return {
    owner,
    version: 0,
    currency,
    items: [],
    itemCount: 0,
    subtotal: 0,
    updatedAt: null,
    expiresAt: null,
  };
}

function confirmedLine(line: Cart['items'][number]): SnapshotLine {
  return { ...line, pending: false, priceKnown: true };
}

function withQuantity(line: SnapshotLine, quantity: number): SnapshotLine {
  return {
    ...line,
    quantity,
    lineTotal: line.priceKnown ? line.unitPrice * quantity : 0,
    pending: true,
  };
}

function newLine(mutation: PendingMutation & { sku: string }, quantity: number): SnapshotLine {
  const hint = mutation.product;
  return {
    sku: mutation.sku,
    name: hint?.name ?? mutation.sku,
    unitPrice: hint?.unitPrice ?? 0,
    image: hint?.image ?? '',
    quantity,
    lineTotal: hint ? hint.unitPrice * quantity : 0,
    pending: true,
    priceKnown: hint !== undefined,
  };
}

function applyOne(lines: SnapshotLine[], mutation: PendingMutation): SnapshotLine[] {
  switch (mutation.kind) {
    case 'add': {
      const index = lines.findIndex((l) => l.sku === mutation.sku);
      if (index < 0) return [...lines, newLine(mutation, Math.min(mutation.quantity, LIMITS.maxQuantity))];
      const line = lines[index]!;
      const next = lines.slice();
      next[index] = withQuantity(line, Math.min(line.quantity + mutation.quantity, LIMITS.maxQuantity));
      return next;
    }
    case 'setQuantity': {
      if (mutation.quantity === 0) return lines.filter((l) => l.sku !== mutation.sku);
      const index = lines.findIndex((l) => l.sku === mutation.sku);
      if (index < 0) return [...lines, newLine(mutation, mutation.quantity)];
      const next = lines.slice();
      next[index] = withQuantity(lines[index]!, mutation.quantity);
      return next;
    }
    case 'remove':
      return lines.filter((l) => l.sku !== mutation.sku);
    case 'clear':
      return [];
  }
}

/**
 * The cart to show: the server's cart with the pending mutations applied in order
 * (a rebase, so a rollback is "drop the mutation and recompute" and never clobbers
 * a later change).
 */
export function applyPending(base: Cart, pending: readonly PendingMutation[]): SnapshotCart {
  let lines = base.items.map(confirmedLine);
  for (const mutation of pending) lines = applyOne(lines, mutation);
  let itemCount = 0;
  let subtotal = 0;
  let priceKnown = true;
  for (const line of lines) {
    itemCount += line.quantity;
    if (line.priceKnown) subtotal += line.lineTotal;
    else priceKnown = false;
  }
  return {
    ...base,
    items: lines,
    itemCount,
    // With no pending change the server's totals are authoritative.
    subtotal: pending.length === 0 ? base.subtotal : subtotal,
    pending: pending.length > 0,
    priceKnown,
  };
}
