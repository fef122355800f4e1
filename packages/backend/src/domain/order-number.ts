import { randomInt } from 'node:crypto';

/**
 * The letters of an order number: digits and upper-case letters without
 * `0`, `O`, `1` and `I` (read aloud or typed from paper, they are confused).
 * 32 symbols, so each carries 5 bits.
 */
export const ORDER_NUMBER_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `CK-` and two groups of four: `CK-7QF3-K9M2`. */
export const ORDER_NUMBER = /^CK-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/**
 * A new order number a person can read aloud, e.g. `CK-7QF3-K9M2`: 8 symbols
 * drawn with `crypto.randomInt` (40 bits). Random, not derived from the order
 * id, so it says nothing about the id or the order count; checkout claims it
 * with a conditional write in the order's own transaction and draws again on
 * the (rare) collision, so no two orders share one.
 *
 * @example
 * ```ts
 * newOrderNumber(); // 'CK-7QF3-K9M2'
 * ```
 */
export function newOrderNumber(random: (max: number) => number = randomInt): string {
  let symbols = '';
  for (let i = 0; i < 8; i++) symbols += ORDER_NUMBER_ALPHABET[random(ORDER_NUMBER_ALPHABET.length)];
  return `CK-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}
