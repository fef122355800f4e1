import type { CartLine, DiscountDefinition, DiscountRefusal, QuoteProblem } from '@cartkit/contract';
import { emailKey } from './email-key.js';
import { formatMoney } from './order.js';

/**
 * A discount code as stored: its definition, the usage counter that the
 * checkout transaction increments, and a `revision` that every write of the
 * definition bumps (checkout places an order only at the revision it quoted).
 */
export interface DiscountRule extends DiscountDefinition {
  /** Upper case: codes are matched without regard to case. */
  readonly code: string;
  readonly used: number;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a code gives this cart: an amount in minor units, or the reason it gives nothing. */
export type DiscountVerdict =
  | { readonly ok: true; readonly amount: number }
  | { readonly ok: false; readonly problem: QuoteProblem };

/** What the verdict needs besides the rule: the priced lines, the clock and the customer's own uses (if known). */
export interface DiscountContext {
  /** The priced lines; a variant's line names its product in `productSku` (from the catalog). */
  readonly items: readonly (Pick<CartLine, 'sku' | 'lineTotal'> & { readonly productSku?: string | undefined })[];
  readonly subtotal: number;
  readonly currency: string;
  /** Epoch ms. */
  readonly now: number;
  /** Orders this customer placed with the code; undefined when the customer is not known yet (a quote without email). */
  readonly customerUses?: number;
}

/**
 * The canonical form of a typed code (trimmed, upper case), under which it is stored.
 *
 * @example
 * ```ts
 * canonicalCode(' summer10 '); // 'SUMMER10'
 * ```
 */
export function canonicalCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Who "one customer" is for `perCustomerLimit`: the order's email, lower-cased,
 * hashed (the usage row keeps no personal data).
 *
 * @example
 * ```ts
 * customerKey('Ada@Example.com') === customerKey('ada@example.com'); // true
 * ```
 */
export function customerKey(email: string): string {
  return emailKey(email);
}

/**
 * Judges a code against a cart, purely. Checked in this order, the first
 * failing one is the reason: unknown, not started (`startsAt` is inclusive),
 * ended (`endsAt` exclusive), used up, used up by this customer, subtotal
 * below the minimum, no eligible line. The amount is the percentage of the
 * eligible lines' total (rounded half up to a minor unit) or the fixed amount,
 * never more than the eligible lines' total.
 *
 * @example
 * ```ts
 * const verdict = judgeDiscount('SUMMER10', rule, { items, subtotal, currency: 'USD', now: Date.now() });
 * if (verdict.ok) discount = verdict.amount;
 * ```
 */
export function judgeDiscount(code: string, rule: DiscountRule | undefined, context: DiscountContext): DiscountVerdict {
  if (rule === undefined) {
    return {
      ok: false,
      problem: {
        code: 'DISCOUNT_CODE_UNKNOWN',
        discountCode: code,
        message: `The discount code "${code}" is not valid.`,
      },
    };
  }
  const refuse = (
    reason: DiscountRefusal,
    message: string,
    extra: { minimumSubtotal?: number } = {},
  ): DiscountVerdict => ({
    ok: false,
    problem: { code: reason, discountCode: code, message, ...extra },
  });
  if (rule.startsAt !== undefined && context.now < Date.parse(rule.startsAt)) {
    return refuse('DISCOUNT_CODE_NOT_STARTED', `The discount code "${code}" cannot be used yet.`);
  }
  if (rule.endsAt !== undefined && context.now >= Date.parse(rule.endsAt)) {
    return refuse('DISCOUNT_CODE_EXPIRED', `The discount code "${code}" has expired.`);
  }
  if (rule.usageLimit !== undefined && rule.used >= rule.usageLimit) {
    return refuse('DISCOUNT_CODE_EXHAUSTED', `The discount code "${code}" has been used up.`);
  }
  if (
    rule.perCustomerLimit !== undefined &&
    context.customerUses !== undefined &&
    context.customerUses >= rule.perCustomerLimit
  ) {
    return refuse(
      'DISCOUNT_CODE_CUSTOMER_LIMIT',
      rule.perCustomerLimit === 1
        ? `You have already used the discount code "${code}".`
        : `You have already used the discount code "${code}" ${rule.perCustomerLimit} times, its limit.`,
    );
  }
  if (rule.minimumSubtotal !== undefined && context.subtotal < rule.minimumSubtotal) {
    return refuse(
      'DISCOUNT_CODE_MINIMUM_NOT_MET',
      `The discount code "${code}" needs a subtotal of at least ${formatMoney(rule.minimumSubtotal, context.currency)}.`,
      { minimumSubtotal: rule.minimumSubtotal },
    );
  }
  const only = rule.skus === undefined ? undefined : new Set(rule.skus);
  // A product's SKU covers its variants (a line of size M of TEE is a line of TEE); a variant's SKU only itself.
  const eligible = context.items.filter(
    (item) => only === undefined || only.has(item.sku) || (item.productSku !== undefined && only.has(item.productSku)),
  );
  if (eligible.length === 0) {
    return refuse(
      'DISCOUNT_CODE_NOT_APPLICABLE',
      `The discount code "${code}" does not apply to anything in your cart.`,
    );
  }
  const base = eligible.reduce((sum, item) => sum + item.lineTotal, 0);
  const amount =
    rule.value.type === 'percentage'
      ? Number((BigInt(base) * BigInt(rule.value.percentOff) + 50n) / 100n)
      : Math.min(rule.value.amountOff, base);
  return { ok: true, amount: Math.min(amount, base) };
}
