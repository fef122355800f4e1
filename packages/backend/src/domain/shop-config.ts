import { CurrencySchema, MoneySchema, type PublicShopConfig, ShippingOptionIdSchema } from '@cartkit/contract';
import * as v from 'valibot';
import { ShopConfigError } from './errors.js';

// The shop's configuration: currency, where it ships, what shipping costs and
// how tax is worked out. One file (packages/backend/data/shop.json), read by
// both deploy targets and documented field by field in docs/shop-config.md.

/** A country in the file: exactly two upper-case letters (ISO 3166-1 alpha-2), no normalising. */
const CountrySchema = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"'));

/** A region key: the subdivision part of an ISO 3166-2 code (`CA` of `US-CA`, `ON` of `CA-ON`). */
const RegionCodeSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Z0-9]{1,3}$/, 'must be the subdivision part of an ISO 3166-2 code, such as "CA" or "ON"'),
);

/** A tax rate in percent, 0..100 with at most 4 decimals (`14.975`), so it converts exactly to parts per million. */
const PercentSchema = v.pipe(
  v.number('must be a number of percent'),
  v.minValue(0, 'must be at least 0'),
  v.maxValue(100, 'must be at most 100'),
  v.check((value) => Math.abs(value * 10_000 - Math.round(value * 10_000)) < 1e-6, 'must have at most 4 decimals'),
);

const LabelSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(80, 'must be at most 80 characters'),
);

/** One way to ship to a zone: a flat amount, free from a subtotal if `freeFrom` is set. */
const ShippingRateSchema = v.strictObject({
  id: ShippingOptionIdSchema,
  label: LabelSchema,
  amount: v.pipe(MoneySchema, v.maxValue(Number.MAX_SAFE_INTEGER)),
  freeFrom: v.optional(MoneySchema),
});

const ZoneSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lower-case letters, digits or "-"')),
  countries: v.pipe(v.array(CountrySchema), v.minLength(1, 'must list at least one country')),
  options: v.pipe(v.array(ShippingRateSchema), v.minLength(1, 'must offer at least one shipping option')),
});

const RegionTaxSchema = v.strictObject({ name: LabelSchema, percent: PercentSchema });

const CountryTaxSchema = v.strictObject({
  pricesIncludeTax: v.boolean(),
  percent: PercentSchema,
  regions: v.optional(v.record(RegionCodeSchema, RegionTaxSchema)),
  regionRequired: v.optional(v.boolean()),
  shippingTaxable: v.optional(v.boolean()),
});

const StructureSchema = v.strictObject({
  currency: CurrencySchema,
  countries: v.pipe(v.array(CountrySchema), v.minLength(1, 'must list at least one country')),
  shipping: v.strictObject({
    zones: v.pipe(v.array(ZoneSchema), v.minLength(1, 'must define at least one zone')),
  }),
  tax: v.strictObject({
    rounding: v.picklist(['per-line', 'per-total'], 'must be "per-line" or "per-total"'),
    countries: v.record(CountrySchema, CountryTaxSchema),
  }),
  /** Online payment: `{ provider: 'stripe' }`, or `null` (absent) for a shop that confirms orders without payment. */
  payment: v.optional(v.nullable(v.strictObject({ provider: v.picklist(['stripe'], 'must be "stripe"') }))),
  /** `product.low_stock` is sent when a product's stock falls from above this to at or below it; absent: never. */
  lowStockThreshold: v.optional(
    v.pipe(
      v.number('must be a whole number of units'),
      v.integer('must be a whole number of units'),
      v.minValue(0, 'must be at least 0'),
      v.maxValue(1_000_000, 'must be at most 1000000'),
    ),
  ),
  /**
   * Abandoned-cart reminders (opt-in): a cart with a known email left untouched for `afterHours`
   * gets one reminder email. Absent or `null`: never.
   */
  abandonedCarts: v.optional(
    v.nullable(
      v.strictObject({
        afterHours: v.pipe(
          v.number('must be a number of hours'),
          v.integer('must be a whole number of hours'),
          v.minValue(1, 'must be at least 1'),
          v.maxValue(720, 'must be at most 720 (30 days: an anonymous cart expires after 30 days untouched)'),
        ),
      }),
    ),
  ),
});

/** The shop's configuration as read from `data/shop.json` (docs/shop-config.md explains every field). */
export type ShopConfig = v.InferOutput<typeof StructureSchema>;
/** A shipping zone of the configuration. */
export type ShippingZone = ShopConfig['shipping']['zones'][number];
/** A country's tax rule. */
export type CountryTax = ShopConfig['tax']['countries'][string];

/** Every rule that ties the file's parts together, each reported at the field that breaks it. */
function crossChecks(config: ShopConfig): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const allowed = new Set<string>();
  config.countries.forEach((code, i) => {
    if (allowed.has(code)) issues.push({ path: `countries.${i}`, message: `"${code}" is listed twice` });
    allowed.add(code);
  });
  const zoneOf = new Map<string, string>();
  const zoneIds = new Set<string>();
  const optionIds = new Set<string>();
  config.shipping.zones.forEach((zone, z) => {
    if (zoneIds.has(zone.id))
      issues.push({ path: `shipping.zones.${z}.id`, message: `zone "${zone.id}" is defined twice` });
    zoneIds.add(zone.id);
    zone.countries.forEach((code, c) => {
      const path = `shipping.zones.${z}.countries.${c}`;
      if (!allowed.has(code)) issues.push({ path, message: `"${code}" is not in "countries"` });
      const other = zoneOf.get(code);
      if (other !== undefined) issues.push({ path, message: `"${code}" is already in zone "${other}"` });
      else zoneOf.set(code, zone.id);
    });
    zone.options.forEach((option, o) => {
      if (optionIds.has(option.id)) {
        issues.push({
          path: `shipping.zones.${z}.options.${o}.id`,
          message: `option "${option.id}" is defined twice (ids are unique across zones)`,
        });
      }
      optionIds.add(option.id);
    });
  });
  config.countries.forEach((code, i) => {
    if (!zoneOf.has(code)) issues.push({ path: `countries.${i}`, message: `"${code}" is in no shipping zone` });
  });
  for (const [code, rule] of Object.entries(config.tax.countries)) {
    if (!allowed.has(code)) issues.push({ path: `tax.countries.${code}`, message: `"${code}" is not in "countries"` });
    if (rule.regionRequired === true && rule.regions === undefined) {
      issues.push({ path: `tax.countries.${code}.regionRequired`, message: 'needs "regions" to tell regions apart' });
    }
  }
  return issues;
}

/**
 * The schema of the shop's configuration file: the shape of every field, then
 * the rules that tie the parts together (each allowed country in exactly one
 * zone, option ids unique, tax rules only for allowed countries).
 *
 * @example
 * ```ts
 * v.safeParse(ShopConfigSchema, JSON.parse(text)).success;
 * ```
 */
export const ShopConfigSchema = v.pipe(
  StructureSchema,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const issue of crossChecks(dataset.value)) {
      const [head, ...rest] = issue.path.split('.').map((key) => ({
        type: 'object' as const,
        origin: 'value' as const,
        input: dataset.value,
        key,
        value: undefined,
      }));
      if (head !== undefined) addIssue({ message: issue.message, path: [head, ...rest] });
    }
  }),
);

/**
 * Validates a parsed shop configuration. Throws `ShopConfigError` listing every
 * bad field (`path: message`, one per line) so the file can be fixed in one go.
 *
 * @example
 * ```ts
 * import raw from '../../data/shop.json' with { type: 'json' };
 * export const SHOP = parseShopConfig(raw, 'data/shop.json');
 * ```
 */
export function parseShopConfig(raw: unknown, source = 'shop.json'): ShopConfig {
  const result = v.safeParse(ShopConfigSchema, raw);
  if (result.success) return result.output;
  throw new ShopConfigError(
    source,
    result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '(root)',
      // valibot says "Expected never" for a key a strict object does not know: say it for people.
      message:
        issue.type === 'strict_object' && issue.expected === 'never'
          ? 'is not a field of the shop configuration (docs/shop-config.md lists them)'
          : issue.message,
    })),
  );
}

/**
 * What `GET /config` tells a browser about the shop: its currency and, per
 * country it ships to, whether prices include that country's tax and whether
 * an address there needs a region.
 *
 * @example
 * ```ts
 * publicShopConfig(shop); // { currency: 'USD', countries: [{ code: 'US', pricesIncludeTax: false, regionRequired: true }, ...] }
 * ```
 */
export function publicShopConfig(config: ShopConfig): PublicShopConfig {
  return {
    currency: config.currency,
    countries: config.countries.map((code) => {
      const rule = Object.hasOwn(config.tax.countries, code) ? config.tax.countries[code] : undefined;
      return { code, pricesIncludeTax: rule?.pricesIncludeTax ?? false, regionRequired: rule?.regionRequired ?? false };
    }),
  };
}

/** The country's tax rule, own properties only (a country code is client input). */
export function countryTax(config: ShopConfig, country: string): CountryTax | undefined {
  return Object.hasOwn(config.tax.countries, country) ? config.tax.countries[country] : undefined;
}

/** The zone that ships to `country`, if the shop ships there. */
export function zoneFor(config: ShopConfig, country: string): ShippingZone | undefined {
  if (!config.countries.includes(country)) return undefined;
  return config.shipping.zones.find((zone) => zone.countries.includes(country));
}
