// Tax arithmetic in integer minor units. Rates are parts per million (7.25 % is
// 72_500 ppm) and products are taken in BigInt, so amounts of any size that the
// wire can carry (safe integers) are taxed exactly, with no float in between.

/** How tax amounts are rounded to minor units: each taxed amount on its own, or once on their sum. */
export type TaxRounding = 'per-line' | 'per-total';

const MILLION = 1_000_000n;

/**
 * `numerator / denominator` rounded to the nearest integer, ties to even
 * ("banker's rounding", so ties do not bias totals up). Both are non-negative.
 *
 * @example
 * ```ts
 * roundHalfEven(5n, 2n); // 2n (2.5 → 2)
 * roundHalfEven(7n, 2n); // 4n (3.5 → 4)
 * ```
 */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n || numerator < 0n) throw new RangeError('roundHalfEven takes a non-negative fraction');
  const quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/**
 * A rate in percent (at most 4 decimals, as the shop's configuration allows) in parts per million.
 *
 * @example
 * ```ts
 * percentToPpm(14.975); // 149_750
 * ```
 */
export function percentToPpm(percent: number): number {
  const ppm = Math.round(percent * 10_000);
  if (ppm < 0 || ppm > 1_000_000 || Math.abs(percent * 10_000 - ppm) > 1e-6) {
    throw new RangeError(`A tax rate must be 0..100 % with at most 4 decimals (got ${percent})`);
  }
  return ppm;
}

/**
 * The tax in `amount` minor units at `ppm`: added on top (`inclusive: false`,
 * `amount × rate`) or contained in it (`inclusive: true`, `amount × rate / (1 + rate)`),
 * rounded half-even to a minor unit.
 *
 * @example
 * ```ts
 * taxOf(2_400, 200_000, true); // 400: a 24.00 price with 20 % VAT contains 4.00
 * ```
 */
export function taxOf(amount: number, ppm: number, inclusive: boolean): number {
  return Number(taxOfBig(BigInt(amount), ppm, inclusive));
}

function taxOfBig(amount: bigint, ppm: number, inclusive: boolean): bigint {
  const rate = BigInt(ppm);
  return roundHalfEven(amount * rate, inclusive ? MILLION + rate : MILLION);
}

/**
 * The tax on several taxed amounts (an order's lines after discount, and
 * shipping where it is taxed), rounded the way the shop's configuration says:
 * `per-line` rounds each amount's tax and adds them up; `per-total` adds the
 * amounts and rounds once. The two can differ by up to half a minor unit per amount.
 *
 * @example
 * ```ts
 * taxOfAmounts([105, 105], 100_000, false, 'per-line'); // 20 (10.5 → 10, twice)
 * taxOfAmounts([105, 105], 100_000, false, 'per-total'); // 21
 * ```
 */
export function taxOfAmounts(
  amounts: readonly number[],
  ppm: number,
  inclusive: boolean,
  rounding: TaxRounding,
): number {
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount) || amount < 0)
      throw new RangeError(`Taxed amounts are non-negative integers (got ${amount})`);
  }
  if (rounding === 'per-total')
    return Number(
      taxOfBig(
        amounts.reduce((sum, a) => sum + BigInt(a), 0n),
        ppm,
        inclusive,
      ),
    );
  return Number(amounts.reduce((sum, a) => sum + taxOfBig(BigInt(a), ppm, inclusive), 0n));
}

/**
 * Splits `discount` over `amounts` in proportion to each, in whole minor units
 * that add up to exactly `discount` (largest remainder first; ties go to the
 * earlier amount). `discount` is at most the sum of `amounts`.
 *
 * @example
 * ```ts
 * allocate(100, [1_000, 2_000]); // [33, 67]
 * ```
 */
export function allocate(discount: number, amounts: readonly number[]): number[] {
  const total = amounts.reduce((sum, a) => sum + BigInt(a), 0n);
  const off = BigInt(discount);
  if (off < 0n || off > total) throw new RangeError('The discount must be between 0 and the sum of the amounts');
  if (total === 0n) return amounts.map(() => 0);
  const shares = amounts.map((a) => (off * BigInt(a)) / total);
  const remainders = amounts.map((a, i) => ({ i, r: (off * BigInt(a)) % total }));
  let left = off - shares.reduce((sum, s) => sum + s, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}
