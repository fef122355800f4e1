import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QuoteLineInput, quote, quoteLines } from './quote.js';
import { parseShopConfig, type ShopConfig } from './shop-config.js';
import { allocate, roundHalfEven, taxOfAmounts } from './tax.js';

/** The shop these tests price against (a fixture, so editing data/shop.json cannot move them). */
const SHOP: ShopConfig = parseShopConfig({
  currency: 'USD',
  countries: ['US', 'CA', 'GB', 'DE'],
  shipping: {
    zones: [
      {
        id: 'us',
        countries: ['US'],
        options: [
          { id: 'us-standard', label: 'Standard', amount: 500, freeFrom: 5000 },
          { id: 'us-express', label: 'Express', amount: 1500 },
        ],
      },
      {
        id: 'canada',
        countries: ['CA'],
        options: [{ id: 'ca-standard', label: 'Standard', amount: 1200, freeFrom: 10000 }],
      },
      {
        id: 'europe',
        countries: ['GB', 'DE'],
        options: [
          { id: 'eu-standard', label: 'International', amount: 1500, freeFrom: 15000 },
          { id: 'eu-express', label: 'International express', amount: 3500 },
        ],
      },
    ],
  },
  tax: {
    rounding: 'per-line',
    countries: {
      US: {
        pricesIncludeTax: false,
        percent: 0,
        regionRequired: true,
        regions: { CA: { name: 'California', percent: 7.25 }, NY: { name: 'New York', percent: 4 } },
      },
      CA: {
        pricesIncludeTax: false,
        percent: 5,
        regionRequired: true,
        shippingTaxable: true,
        regions: { ON: { name: 'Ontario', percent: 13 }, QC: { name: 'Quebec', percent: 14.975 } },
      },
      GB: { pricesIncludeTax: true, percent: 20, shippingTaxable: true },
      DE: { pricesIncludeTax: true, percent: 19, shippingTaxable: true },
    },
  },
});

/** The same shop with one rounding rule. */
const withRounding = (rounding: 'per-line' | 'per-total'): ShopConfig => ({ ...SHOP, tax: { ...SHOP.tax, rounding } });

const product = (unitPrice: number, name = 'Classic Tee', stock = 1_000) => ({
  name,
  unitPrice,
  stock,
  image: '/t.svg',
});
const line = (sku: string, unitPrice: number, quantity = 1, extra: Partial<QuoteLineInput> = {}): QuoteLineInput => ({
  sku,
  quantity,
  product: product(unitPrice, sku),
  ...extra,
});
const CALIFORNIA = { country: 'US', region: 'CA' };
const OREGON = { country: 'US', region: 'OR' };
const LONDON = { country: 'GB' };

describe('quote: lines and subtotal', () => {
  it('prices every line from the catalog and adds them up', () => {
    const q = quote([line('TEE', 2_400, 2), line('CAP', 2_200)], OREGON, undefined, SHOP);
    expect(q.items.map((item) => [item.sku, item.unitPrice, item.quantity, item.lineTotal])).toEqual([
      ['TEE', 2_400, 2, 4_800],
      ['CAP', 2_200, 1, 2_200],
    ]);
    expect(q.subtotal).toBe(7_000);
    expect(q.currency).toBe('USD');
    expect(q.problems).toEqual([]);
  });

  it('quotes a zero-line cart as nothing at all, with CART_EMPTY', () => {
    const q = quote([], CALIFORNIA, undefined, SHOP);
    expect(q).toMatchObject({ items: [], subtotal: 0, discount: 0, shipping: 0, tax: 0, total: 0 });
    expect(q.problems).toEqual([{ code: 'CART_EMPTY', message: 'Your cart is empty.' }]);
    expect(q.shippingOptions.map((option) => option.id)).toEqual(['us-standard', 'us-express']);
  });

  it('flags a price changed since the line was added, naming the product and both prices, and quotes the new price', () => {
    const q = quote(
      [line('TEE', 2_400, 1, { addedUnitPrice: 2_000 }), line('CAP', 2_200, 1, { addedUnitPrice: 2_200 })],
      OREGON,
      undefined,
      SHOP,
    );
    expect(q.problems).toEqual([
      {
        code: 'PRICE_CHANGED',
        sku: 'TEE',
        name: 'TEE',
        oldUnitPrice: 2_000,
        newUnitPrice: 2_400,
        message: 'The price of "TEE" changed from $20.00 to $24.00 since you added it.',
      },
    ]);
    expect(q.subtotal).toBe(4_600);
  });

  it('flags a line past the stock by product name, and a sold-out one, keeping them in the quote', () => {
    const q = quote(
      [
        { sku: 'TEE', quantity: 5, product: product(2_400, 'Classic Tee', 2) },
        { sku: 'CAP', quantity: 1, product: product(2_200, 'Canvas Cap', 0) },
      ],
      OREGON,
      undefined,
      SHOP,
    );
    expect(q.problems).toEqual([
      {
        code: 'OVER_STOCK',
        sku: 'TEE',
        name: 'Classic Tee',
        quantity: 5,
        stock: 2,
        message: 'Only 2 of "Classic Tee" left; you have 5 in your cart.',
      },
      {
        code: 'OVER_STOCK',
        sku: 'CAP',
        name: 'Canvas Cap',
        quantity: 1,
        stock: 0,
        message: '"Canvas Cap" is sold out; remove it to check out.',
      },
    ]);
    expect(q.subtotal).toBe(5 * 2_400 + 2_200);
  });

  it('leaves out a product that left the catalog, as UNAVAILABLE', () => {
    const q = quote([line('TEE', 2_400), { sku: 'GONE-1', quantity: 3, product: undefined }], OREGON, undefined, SHOP);
    expect(q.items.map((item) => item.sku)).toEqual(['TEE']);
    expect(q.subtotal).toBe(2_400);
    expect(q.problems).toEqual([
      {
        code: 'UNAVAILABLE',
        sku: 'GONE-1',
        message: 'A product in your cart (GONE-1) is no longer sold; remove it to check out.',
      },
    ]);
  });

  it('builds its lines from a stored cart and the catalog, in the order they were added', () => {
    const catalog = new Map([
      ['A', { sku: 'A', name: 'A', description: '', unitPrice: 100, currency: 'USD', image: '', stock: 9 }],
    ]);
    const lines = quoteLines(
      [
        { sku: 'B', quantity: 1, addedAt: 2 },
        { sku: 'A', quantity: 2, addedAt: 1, addedUnitPrice: 90 },
      ],
      (sku) => catalog.get(sku),
    );
    expect(lines).toEqual([
      { sku: 'A', quantity: 2, product: catalog.get('A'), addedUnitPrice: 90 },
      { sku: 'B', quantity: 1, product: undefined },
    ]);
  });
});

describe('quote: shipping', () => {
  it('offers the options of the address zone, in the configured order, first one by default', () => {
    const cart = [line('TEE', 2_400)];
    expect(quote(cart, OREGON, undefined, SHOP).shippingOptions).toEqual([
      { id: 'us-standard', label: 'Standard', amount: 500 },
      { id: 'us-express', label: 'Express', amount: 1_500 },
    ]);
    expect(quote(cart, { country: 'CA', region: 'ON' }, undefined, SHOP).shippingOptions.map((o) => o.id)).toEqual([
      'ca-standard',
    ]);
    expect(quote(cart, LONDON, undefined, SHOP).shippingOptions.map((o) => o.id)).toEqual([
      'eu-standard',
      'eu-express',
    ]);
    expect(quote(cart, { country: 'DE' }, undefined, SHOP).shippingOptions.map((o) => o.id)).toEqual([
      'eu-standard',
      'eu-express',
    ]);
    const q = quote(cart, OREGON, undefined, SHOP);
    expect([q.shippingOptionId, q.shipping]).toEqual(['us-standard', 500]);
  });

  it('charges the chosen option', () => {
    const q = quote([line('TEE', 2_400)], OREGON, 'us-express', SHOP);
    expect([q.shippingOptionId, q.shipping, q.total]).toEqual(['us-express', 1_500, 3_900]);
  });

  it('answers an option of another zone with SHIPPING_OPTION_UNAVAILABLE and quotes the default', () => {
    const q = quote([line('TEE', 2_400)], OREGON, 'eu-express', SHOP);
    expect([q.shippingOptionId, q.shipping]).toEqual(['us-standard', 500]);
    expect(q.problems.map((p) => p.code)).toEqual(['SHIPPING_OPTION_UNAVAILABLE']);
  });

  it('ships free exactly at the threshold, not a cent below', () => {
    expect(quote([line('TEE', 4_999)], OREGON, undefined, SHOP).shipping).toBe(500);
    expect(quote([line('TEE', 5_000)], OREGON, undefined, SHOP).shipping).toBe(0);
    expect(quote([line('TEE', 2_500, 2)], OREGON, undefined, SHOP).shipping).toBe(0);
    // Only the option with a threshold becomes free.
    expect(quote([line('TEE', 5_000)], OREGON, 'us-express', SHOP).shipping).toBe(1_500);
  });

  it('measures the threshold on the subtotal after discount', () => {
    const discount = (amount: number) => ({ discount: { code: 'TEN', amount } });
    expect(quote([line('TEE', 5_100)], OREGON, undefined, SHOP, discount(100)).shipping).toBe(0);
    expect(quote([line('TEE', 5_100)], OREGON, undefined, SHOP, discount(101)).shipping).toBe(500);
  });

  it('answers a country the shop does not ship to with COUNTRY_NOT_SHIPPED, no options and no tax, without throwing', () => {
    const q = quote([line('TEE', 2_400)], { country: 'FR' }, 'eu-standard', SHOP);
    expect(q).toMatchObject({
      shippingOptions: [],
      shippingOptionId: null,
      shipping: 0,
      tax: 0,
      taxIncluded: false,
      total: 2_400,
    });
    expect(q.problems).toEqual([{ code: 'COUNTRY_NOT_SHIPPED', country: 'FR', message: 'We do not ship to France.' }]);
    expect(quote([line('TEE', 1)], { country: 'ZZ' }, undefined, SHOP).problems[0]).toMatchObject({
      code: 'COUNTRY_NOT_SHIPPED',
    });
  });
});

describe('quote: tax', () => {
  it('adds tax-exclusive tax on top: California 7.25 %', () => {
    const q = quote([line('TEE', 2_400, 2), line('CAP', 2_200)], CALIFORNIA, undefined, SHOP);
    // 4800 × 7.25 % = 348; 2200 × 7.25 % = 159.5 → 160 (half to even); shipping free from 5000.
    expect(q).toMatchObject({ subtotal: 7_000, shipping: 0, tax: 508, taxIncluded: false, total: 7_508 });
  });

  it('uses the region rate where there is one, the country rate elsewhere, and matches regions by code or name', () => {
    const cart = [line('TEE', 10_000)];
    expect(quote(cart, { country: 'US', region: 'NY' }, undefined, SHOP).tax).toBe(400);
    expect(quote(cart, OREGON, undefined, SHOP).tax).toBe(0);
    for (const region of ['CA', ' ca ', 'US-CA', 'california']) {
      expect(quote(cart, { country: 'US', region }, undefined, SHOP).tax, region).toBe(725);
    }
    // Canada: the HST of Ontario, Quebec's 14.975 %, and the 5 % GST of a province with no rule; shipping is taxed there.
    expect(quote(cart, { country: 'CA', region: 'ON' }, undefined, SHOP)).toMatchObject({
      shipping: 0,
      tax: 1_300,
      total: 11_300,
    });
    expect(quote(cart, { country: 'CA', region: 'QC' }, undefined, SHOP).tax).toBe(1_498); // 1497.5 → 1498 (half to even)
    expect(quote([line('TEE', 1_000)], { country: 'CA', region: 'AB' }, undefined, SHOP)).toMatchObject({
      shipping: 1_200,
      tax: 50 + 60,
      total: 1_000 + 1_200 + 110,
    });
  });

  it('asks for the region where the shop needs one', () => {
    const q = quote([line('TEE', 2_400)], { country: 'US' }, undefined, SHOP);
    expect(q.problems).toEqual([
      {
        code: 'REGION_REQUIRED',
        country: 'US',
        message: 'Enter the state or province for an address in United States.',
      },
    ]);
    expect(q.tax).toBe(0);
  });

  it('takes tax-inclusive tax out of the price without adding it: GB 20 %, DE 19 %, shipping included', () => {
    const gb = quote([line('TEE', 2_400)], LONDON, undefined, SHOP);
    // 2400 contains 400; shipping 1500 contains 250.
    expect(gb).toMatchObject({ subtotal: 2_400, shipping: 1_500, tax: 650, taxIncluded: true, total: 3_900 });
    const de = quote([line('TEE', 1_000)], { country: 'DE' }, undefined, SHOP);
    // 1000 × 19/119 = 159.66 → 160; 1500 × 19/119 = 239.50 → 239.
    expect(de).toMatchObject({ tax: 160 + 239, taxIncluded: true, total: 2_500 });
  });

  it('rounds per line or per total as the configuration says, and the two differ', () => {
    // Exclusive, Ontario 13 %, shipping 1200 taxed: per line 13.65 → 14 twice, plus 156; per total (210 + 1200) × 13 % = 183.3 → 183.
    const cart = [line('A', 105), line('B', 105)];
    const ontario = { country: 'CA', region: 'ON' };
    expect(quote(cart, ontario, undefined, withRounding('per-line')).tax).toBe(28 + 156);
    expect(quote(cart, ontario, undefined, withRounding('per-total')).tax).toBe(183);
    // Inclusive, GB 20 %: three lines of 0.03 each contain 0.5 → 0 (half to even), shipping 1500 contains 250;
    // per total, 1509 contains 251.5 → 252.
    const pennies = [line('A', 3), line('B', 3), line('C', 3)];
    expect(quote(pennies, LONDON, undefined, withRounding('per-line')).tax).toBe(0 + 250);
    expect(quote(pennies, LONDON, undefined, withRounding('per-total')).tax).toBe(252);
  });

  it('taxes each line after its share of the discount', () => {
    const q = quote([line('A', 1_000), line('B', 3_000)], CALIFORNIA, undefined, SHOP, {
      discount: { code: 'TEN', amount: 1_000 },
    });
    // Shares 250 and 750: 750 × 7.25 % = 54.375 → 54; 2250 × 7.25 % = 163.125 → 163.
    expect(q).toMatchObject({
      subtotal: 4_000,
      discount: 1_000,
      shipping: 500,
      tax: 217,
      total: 4_000 - 1_000 + 500 + 217,
    });
  });
});

describe('quote: discount', () => {
  it('never takes off more than the subtotal', () => {
    const q = quote([line('TEE', 2_400)], LONDON, undefined, SHOP, { discount: { code: 'ALL', amount: 10_000 } });
    expect(q).toMatchObject({ discount: 2_400, shipping: 1_500, tax: 250, total: 1_500 });
  });

  it('answers an unknown code with DISCOUNT_CODE_UNKNOWN and no discount', () => {
    const q = quote([line('TEE', 2_400)], OREGON, undefined, SHOP, { discount: { code: 'NOPE', amount: null } });
    expect(q.discount).toBe(0);
    expect(q.problems).toEqual([
      { code: 'DISCOUNT_CODE_UNKNOWN', discountCode: 'NOPE', message: 'The discount code "NOPE" is not valid.' },
    ]);
  });
});

describe('quote: large amounts stay exact', () => {
  it('taxes 99 × 10,101,010,101 at 14.975 % to the cent', () => {
    const q = quote([line('GOLD', 10_101_010_101, 99)], { country: 'CA', region: 'QC' }, undefined, SHOP);
    // 999,999,999,999 × 0.14975 = 149,749,999,999.85 → 149,750,000,000.
    expect(q).toMatchObject({ subtotal: 999_999_999_999, shipping: 0, tax: 149_750_000_000, total: 1_149_749_999_999 });
  });

  it('rounds a tie half to even where Math.round on floats would round up', () => {
    // 8 × 125,000,000,025 = 1,000,000,000,200; × 7.25 % = 72,500,000,014.5 exactly.
    const q = quote([line('BAR', 125_000_000_025, 8)], CALIFORNIA, undefined, SHOP);
    expect(Math.round(1_000_000_000_200 * 0.0725)).toBe(72_500_000_015);
    expect(q.tax).toBe(72_500_000_014);
  });
});

describe('tax arithmetic', () => {
  it('rounds half to even', () => {
    expect([1n, 3n, 5n, 7n].map((n) => roundHalfEven(n, 2n))).toEqual([0n, 2n, 2n, 4n]);
    expect(roundHalfEven(7n, 3n)).toBe(2n);
    expect(roundHalfEven(8n, 3n)).toBe(3n);
  });

  it('splits a discount into whole units that add up exactly', () => {
    expect(allocate(100, [1_000, 2_000])).toEqual([33, 67]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(4, [1, 2])).toThrow(RangeError);
  });

  it('rounds per line and per total differently', () => {
    expect(taxOfAmounts([105, 105], 100_000, false, 'per-line')).toBe(20);
    expect(taxOfAmounts([105, 105], 100_000, false, 'per-total')).toBe(21);
  });
});

const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR'];
const REGIONS = [undefined, 'CA', 'NY', 'OR', 'ON', 'QC', 'AB'];
const OPTION_IDS = [undefined, 'us-standard', 'us-express', 'ca-standard', 'eu-standard', 'eu-express', 'nope'];

const cartArb = fc.array(
  fc.record({
    sku: fc.stringMatching(/^[A-Z]{1,6}$/),
    quantity: fc.integer({ min: 1, max: 99 }),
    product: fc.option(
      fc.record({
        name: fc.constant('P'),
        unitPrice: fc.integer({ min: 0, max: 10_000_000 }),
        stock: fc.integer({ min: 0, max: 200 }),
        image: fc.constant(''),
      }),
      { nil: undefined },
    ),
    addedUnitPrice: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
  }),
  { maxLength: 50 },
);

describe('quote: properties', () => {
  it('total is always subtotal - discount + shipping + added tax, every figure a non-negative integer', () => {
    fc.assert(
      fc.property(
        cartArb,
        fc.constantFrom(...COUNTRIES),
        fc.constantFrom(...REGIONS),
        fc.constantFrom(...OPTION_IDS),
        fc.constantFrom('per-line' as const, 'per-total' as const),
        fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: undefined }),
        (lines, country, region, optionId, rounding, discount) => {
          const q = quote(
            lines,
            { country, region },
            optionId,
            withRounding(rounding),
            discount === undefined ? {} : { discount: { code: 'D', amount: discount } },
          );
          for (const figure of [q.subtotal, q.discount, q.shipping, q.tax, q.total]) {
            expect(Number.isSafeInteger(figure) && figure >= 0).toBe(true);
          }
          expect(q.total).toBe(q.subtotal - q.discount + q.shipping + (q.taxIncluded ? 0 : q.tax));
          expect(q.subtotal).toBe(q.items.reduce((sum, item) => sum + item.lineTotal, 0));
          expect(q.discount).toBeLessThanOrEqual(q.subtotal);
          if (q.items.length > 0)
            expect(q.shipping).toBe(q.shippingOptions.find((o) => o.id === q.shippingOptionId)?.amount ?? 0);
          if (q.taxIncluded) expect(q.tax).toBeLessThanOrEqual(q.subtotal - q.discount + q.shipping);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('per-line and per-total tax differ by at most half a unit per taxed amount', () => {
    fc.assert(
      fc.property(
        cartArb,
        fc.constantFrom('US', 'CA', 'GB', 'DE'),
        fc.constantFrom(...REGIONS),
        (lines, country, region) => {
          const a = quote(lines, { country, region }, undefined, withRounding('per-line'));
          const b = quote(lines, { country, region }, undefined, withRounding('per-total'));
          expect(Math.abs(a.tax - b.tax)).toBeLessThanOrEqual((a.items.length + 1) / 2);
        },
      ),
      { numRuns: 300 },
    );
  });
});
