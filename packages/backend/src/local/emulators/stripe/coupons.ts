import { invalidParam, StripeApiError } from './api-error.js';
import type { FormObject, FormValue } from './form-params.js';
import { stripeId } from './ids.js';
import { MAX_AMOUNT } from './session-params.js';

/** Stripe's `coupon` object, the fields this stand-in fills. */
export interface CouponObject {
  id: string;
  object: 'coupon';
  amount_off: number | null;
  created: number;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_months: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Record<string, string>;
  name: string | null;
  percent_off: number | null;
  redeem_by: number | null;
  times_redeemed: number;
  valid: boolean;
}

const KNOWN = [
  'id',
  'amount_off',
  'currency',
  'percent_off',
  'duration',
  'duration_in_months',
  'name',
  'max_redemptions',
  'redeem_by',
  'metadata',
];
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

function str(form: FormObject, name: string): string | undefined {
  const value: FormValue | undefined = form[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParam(name, `Invalid string: ${name} must be a string`);
  return value;
}

function int(form: FormObject, name: string, min: number, max: number): number | undefined {
  const raw = str(form, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw invalidParam(name, `Invalid integer: ${raw}`);
  const n = Number(raw);
  if (n < min || n > max) throw invalidParam(name, `Invalid integer: ${name} must be between ${min} and ${max}`);
  return n;
}

/**
 * The stand-in's coupons, in memory: `POST /v1/coupons` checked as Stripe checks it
 * (exactly one of `amount_off` and `percent_off`; `currency` with `amount_off`;
 * `duration_in_months` with `repeating` only; a taken `id` is `resource_already_exists`),
 * and what a Checkout Session's `discounts[0][coupon]` takes off its line items.
 *
 * @example
 * ```ts
 * const coupons = new CouponStore();
 * const coupon = coupons.create(parseFormParams('amount_off=250&currency=usd&duration=once'), now);
 * coupons.discountOn(coupon.id, 'usd', 2500, 'discounts[0][coupon]'); // 250
 * ```
 */
export class CouponStore {
  readonly #coupons = new Map<string, CouponObject>();

  create(form: FormObject, now: number): CouponObject {
    for (const key of Object.keys(form)) {
      if (!KNOWN.includes(key)) {
        throw new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${key}`, {
          param: key,
          code: 'parameter_unknown',
        });
      }
    }
    const amountOff = int(form, 'amount_off', 1, MAX_AMOUNT);
    const percentRaw = str(form, 'percent_off');
    if (amountOff !== undefined && percentRaw !== undefined) {
      throw invalidParam('percent_off', 'You may only specify one of these parameters: amount_off, percent_off.');
    }
    if (amountOff === undefined && percentRaw === undefined) {
      throw invalidParam('amount_off', 'Must provide one of amount_off or percent_off.', 'parameter_missing');
    }
    let percentOff: number | null = null;
    if (percentRaw !== undefined) {
      percentOff = Number(percentRaw);
      if (!/^\d+(\.\d{1,2})?$/.test(percentRaw) || percentOff <= 0 || percentOff > 100) {
        throw invalidParam('percent_off', 'Invalid decimal: percent_off must be greater than 0 and at most 100.');
      }
    }
    const currencyRaw = str(form, 'currency')?.toLowerCase();
    if (currencyRaw !== undefined && !CURRENCIES.has(currencyRaw)) {
      throw invalidParam('currency', `Invalid currency: ${currencyRaw}`);
    }
    if (amountOff !== undefined && currencyRaw === undefined) {
      throw invalidParam('currency', 'You must pass currency when passing amount_off.', 'parameter_missing');
    }
    const duration = str(form, 'duration') ?? 'once';
    if (duration !== 'once' && duration !== 'repeating' && duration !== 'forever') {
      throw invalidParam('duration', `Invalid duration: must be one of once, repeating, or forever`);
    }
    const months = int(form, 'duration_in_months', 1, 1200);
    if (duration === 'repeating' && months === undefined) {
      throw invalidParam('duration_in_months', 'Missing required param: duration_in_months.', 'parameter_missing');
    }
    if (duration !== 'repeating' && months !== undefined) {
      throw invalidParam('duration_in_months', 'duration_in_months is only valid with duration=repeating.');
    }
    const name = str(form, 'name');
    if (name !== undefined && name.length > 40) {
      throw invalidParam('name', 'Invalid string: name must be at most 40 characters');
    }
    const redeemBy = int(form, 'redeem_by', 0, 2 ** 40);
    if (redeemBy !== undefined && redeemBy <= now) {
      throw invalidParam('redeem_by', 'redeem_by must be in the future.');
    }
    const id = str(form, 'id') ?? stripeId('', 8);
    if (id.length > 200) throw invalidParam('id', 'Invalid string: id must be at most 200 characters');
    if (this.#coupons.has(id)) {
      throw invalidParam('id', 'Coupon already exists.', 'resource_already_exists');
    }
    const metadata = form.metadata;
    if (metadata !== undefined && metadata !== '' && (typeof metadata === 'string' || Array.isArray(metadata))) {
      throw invalidParam('metadata', 'Invalid object: metadata');
    }
    const coupon: CouponObject = {
      id,
      object: 'coupon',
      amount_off: amountOff ?? null,
      created: now,
      currency: currencyRaw ?? null,
      duration,
      duration_in_months: months ?? null,
      livemode: false,
      max_redemptions: int(form, 'max_redemptions', 1, 2 ** 31) ?? null,
      metadata: Object.fromEntries(
        Object.entries(typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : {}).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
        ),
      ),
      name: name ?? null,
      percent_off: percentOff,
      redeem_by: redeemBy ?? null,
      times_redeemed: 0,
      valid: true,
    };
    this.#coupons.set(id, coupon);
    return coupon;
  }

  /** The coupon, or Stripe's 404 `resource_missing`. */
  get(id: string, param = 'coupon'): CouponObject {
    const coupon = this.#coupons.get(id);
    if (!coupon) {
      throw new StripeApiError(404, 'invalid_request_error', `No such coupon: '${id}'`, {
        param,
        code: 'resource_missing',
      });
    }
    return coupon;
  }

  /**
   * What coupon `id` takes off a session's line items worth `subtotal` (Stripe applies coupons to
   * line items, never to shipping, and never below zero). Refuses, as Stripe does, a coupon that is no
   * longer valid or whose `amount_off` is in another currency than the session's.
   */
  discountOn(id: string, currency: string, subtotal: number, param: string, now: number): number {
    const coupon = this.get(id, param);
    const redeemed = coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions;
    if (!coupon.valid || redeemed || (coupon.redeem_by !== null && coupon.redeem_by <= now)) {
      throw invalidParam(param, `Coupon \`${id}\` is not valid.`, 'coupon_expired');
    }
    if (coupon.amount_off !== null) {
      if (coupon.currency !== currency) {
        throw invalidParam(
          param,
          `The coupon \`${id}\` is in ${coupon.currency}, but this Checkout Session is in ${currency}.`,
        );
      }
      return Math.min(coupon.amount_off, subtotal);
    }
    return Math.min(subtotal, Math.round((subtotal * (coupon.percent_off ?? 0)) / 100));
  }

  /** Counts a redemption (a paid session that carried the coupon). */
  redeem(id: string): void {
    const coupon = this.#coupons.get(id);
    if (!coupon) return;
    coupon.times_redeemed += 1;
    if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) coupon.valid = false;
  }
}
