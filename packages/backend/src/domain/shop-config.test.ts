import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ShopConfigError } from './errors.js';
import { parseShopConfig, publicShopConfig, zoneFor } from './shop-config.js';

const SHIPPED = new URL('../../data/shop.json', import.meta.url);

/** A small valid configuration each test breaks in one way. */
const valid = () => ({
  currency: 'USD',
  countries: ['US', 'GB'],
  shipping: {
    zones: [
      { id: 'us', countries: ['US'], options: [{ id: 'us-standard', label: 'Standard', amount: 500, freeFrom: 5000 }] },
      { id: 'uk', countries: ['GB'], options: [{ id: 'gb-standard', label: 'Standard', amount: 900 }] },
    ],
  },
  tax: {
    rounding: 'per-line',
    countries: {
      US: {
        pricesIncludeTax: false,
        percent: 0,
        regionRequired: true,
        regions: { CA: { name: 'California', percent: 7.25 } },
      },
      GB: { pricesIncludeTax: true, percent: 20, shippingTaxable: true },
    },
  },
});

/** The `path: message` pairs a bad configuration is refused with. */
function issuesOf(raw: unknown): { path: string; message: string }[] {
  try {
    parseShopConfig(raw);
  } catch (error) {
    if (error instanceof ShopConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('the shipped data/shop.json', () => {
  it('is a valid configuration: USD, ships to US, CA, GB and DE, each in one zone', async () => {
    const shop = parseShopConfig(JSON.parse(await readFile(SHIPPED, 'utf8')), 'data/shop.json');
    expect(shop.currency).toBe('USD');
    expect(shop.countries).toEqual(['US', 'CA', 'GB', 'DE']);
    for (const country of shop.countries) expect(zoneFor(shop, country), country).toBeDefined();
    expect(shop.tax.countries.US?.pricesIncludeTax).toBe(false);
    expect(shop.tax.countries.GB?.pricesIncludeTax).toBe(true);
    expect(shop.tax.countries.DE?.pricesIncludeTax).toBe(true);
    expect(shop.shipping.zones.some((zone) => zone.options.some((option) => option.freeFrom !== undefined))).toBe(true);
  });
});

describe('parseShopConfig', () => {
  it('accepts a valid configuration as it is', () => {
    expect(parseShopConfig(valid())).toEqual(valid());
  });

  it('lists every bad field at once, one per line, with its path', () => {
    const raw = valid();
    const bad = {
      ...raw,
      currency: 'usd',
      countries: ['US', 'gb'],
      tax: { rounding: 'nearest', countries: { US: { ...raw.tax.countries.US, percent: 101 } } },
    };
    let message = '';
    try {
      parseShopConfig(bad, 'data/shop.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'data/shop.json is not a valid shop configuration:',
      '  - currency: must be an ISO 4217 code',
      '  - countries.1: must be an ISO 3166-1 alpha-2 code such as "US"',
      '  - tax.rounding: must be "per-line" or "per-total"',
      '  - tax.countries.US.percent: must be at most 100',
    ]);
  });

  it('refuses unknown fields (a typo is not silently ignored)', () => {
    const raw = valid();
    expect(issuesOf({ ...raw, tax: { ...raw.tax, rouding: 'per-line' } })).toEqual([
      { path: 'tax.rouding', message: 'is not a field of the shop configuration (docs/shop-config.md lists them)' },
    ]);
  });

  it('takes an optional lowStockThreshold of whole units, refusing a negative, fractional or non-number one', () => {
    expect(parseShopConfig({ ...valid(), lowStockThreshold: 5 }).lowStockThreshold).toBe(5);
    expect(parseShopConfig(valid()).lowStockThreshold).toBeUndefined();
    for (const bad of [-1, 2.5, '5']) {
      expect(issuesOf({ ...valid(), lowStockThreshold: bad }), String(bad)).toEqual([
        { path: 'lowStockThreshold', message: expect.stringMatching(/whole number|at least 0/) },
      ]);
    }
  });

  it('refuses rates past 4 decimals, negative or fractional money and empty zones', () => {
    const raw = valid();
    const zone = raw.shipping.zones[0]!;
    const option = zone.options[0]!;
    expect(
      issuesOf({
        ...raw,
        tax: { ...raw.tax, countries: { ...raw.tax.countries, GB: { ...raw.tax.countries.GB, percent: 20.00001 } } },
      }),
    ).toEqual([{ path: 'tax.countries.GB.percent', message: 'must have at most 4 decimals' }]);
    expect(
      issuesOf({
        ...raw,
        shipping: { zones: [{ ...zone, options: [{ ...option, amount: 4.99 }] }, raw.shipping.zones[1]] },
      }).map((i) => i.path),
    ).toEqual(['shipping.zones.0.options.0.amount']);
    expect(
      issuesOf({
        ...raw,
        shipping: { zones: [{ ...zone, options: [{ ...option, freeFrom: -1 }] }, raw.shipping.zones[1]] },
      }).map((i) => i.path),
    ).toEqual(['shipping.zones.0.options.0.freeFrom']);
    expect(issuesOf({ ...raw, shipping: { zones: [{ ...zone, options: [] }, raw.shipping.zones[1]] } })).toEqual([
      { path: 'shipping.zones.0.options', message: 'must offer at least one shipping option' },
    ]);
  });

  it('ties the parts together: every country in exactly one zone, zones and tax only for listed countries, unique ids', () => {
    const raw = valid();
    const [us, uk] = raw.shipping.zones as [
      ReturnType<typeof valid>['shipping']['zones'][number],
      ReturnType<typeof valid>['shipping']['zones'][number],
    ];
    expect(issuesOf({ ...raw, shipping: { zones: [us] } })).toEqual([
      { path: 'countries.1', message: '"GB" is in no shipping zone' },
    ]);
    expect(issuesOf({ ...raw, shipping: { zones: [us, { ...uk, countries: ['GB', 'US'] }] } })).toEqual([
      { path: 'shipping.zones.1.countries.1', message: '"US" is already in zone "us"' },
    ]);
    expect(issuesOf({ ...raw, shipping: { zones: [us, { ...uk, countries: ['GB', 'FR'] }] } })).toEqual([
      { path: 'shipping.zones.1.countries.1', message: '"FR" is not in "countries"' },
    ]);
    expect(issuesOf({ ...raw, shipping: { zones: [us, { ...uk, id: 'us', options: us.options }] } })).toEqual([
      { path: 'shipping.zones.1.id', message: 'zone "us" is defined twice' },
      {
        path: 'shipping.zones.1.options.0.id',
        message: 'option "us-standard" is defined twice (ids are unique across zones)',
      },
    ]);
    expect(issuesOf({ ...raw, countries: ['US', 'GB', 'US'] })).toEqual([
      { path: 'countries.2', message: '"US" is listed twice' },
    ]);
    expect(
      issuesOf({
        ...raw,
        tax: { ...raw.tax, countries: { ...raw.tax.countries, DE: { pricesIncludeTax: true, percent: 19 } } },
      }),
    ).toEqual([{ path: 'tax.countries.DE', message: '"DE" is not in "countries"' }]);
    expect(
      issuesOf({
        ...raw,
        tax: {
          ...raw.tax,
          countries: { ...raw.tax.countries, GB: { pricesIncludeTax: true, percent: 20, regionRequired: true } },
        },
      }),
    ).toEqual([{ path: 'tax.countries.GB.regionRequired', message: 'needs "regions" to tell regions apart' }]);
  });

  it('refuses what is not a configuration at all', () => {
    for (const raw of [null, [], 'USD', 42])
      expect(() => parseShopConfig(raw), JSON.stringify(raw)).toThrow(ShopConfigError);
  });
});

describe('publicShopConfig', () => {
  it('tells the browser the currency and, per country, whether prices include tax and a region is needed; no rates', () => {
    expect(publicShopConfig(parseShopConfig(valid()))).toEqual({
      currency: 'USD',
      countries: [
        { code: 'US', pricesIncludeTax: false, regionRequired: true },
        { code: 'GB', pricesIncludeTax: true, regionRequired: false },
      ],
    });
  });

  it('treats a country with no tax rule as tax-exclusive with no region needed', () => {
    const raw = valid();
    const shop = parseShopConfig({ ...raw, tax: { ...raw.tax, countries: { GB: raw.tax.countries.GB } } });
    expect(publicShopConfig(shop).countries[0]).toEqual({ code: 'US', pricesIncludeTax: false, regionRequired: false });
  });
});
