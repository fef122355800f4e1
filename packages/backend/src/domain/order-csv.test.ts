import { ORDER_CSV_COLUMNS } from '@cartkit/contract';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../catalog-file/format.js';
import type { StoredOrder } from './order.js';
import { csvCell, ORDER_CSV_HEADER, orderCsvRecord } from './order-csv.js';

const ORDER: StoredOrder = {
  orderId: 'mk1-abcdefghijklmnopqrstuv',
  ownerKey: 'anon#x',
  cartVersion: 1,
  status: 'FULFILLED',
  number: 'CK-7QF3-K9M2',
  email: '=HYPERLINK("http://evil.example","x")@example.com',
  items: [
    { sku: 'TEE-M', name: 'Tee, "M"', unitPrice: 2_000, quantity: 2, lineTotal: 4_000, image: '' },
    { sku: 'CAP', name: 'Cap', unitPrice: 554, quantity: 1, lineTotal: 554, image: '' },
  ],
  subtotal: 4_554,
  totals: { subtotal: 4_554, discount: 455, shipping: 500, tax: 297, taxIncluded: false, total: 4_896 },
  currency: 'USD',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T11:00:00.000Z',
  discountCode: 'TEN',
  fulfilment: { fulfilledAt: '2026-12-01T11:00:00.000Z', trackingNumber: '-1Z 999\nX', carrier: '@ups' },
  shippingAddress: { name: 'Ada', line1: '1 Market St', city: 'SF', region: 'CA', postalCode: '94105', country: 'US' },
};

describe('orders CSV', () => {
  it('writes one RFC 4180 record per order that a CSV reader reads back into the columns', () => {
    const text = ORDER_CSV_HEADER + orderCsvRecord(ORDER);

    const [header, row] = parseCsv(text);

    expect(text.endsWith('\r\n')).toBe(true);
    expect(header?.fields).toEqual([...ORDER_CSV_COLUMNS]);
    expect(Object.fromEntries(ORDER_CSV_COLUMNS.map((column, i) => [column, row?.fields[i]]))).toEqual({
      number: 'CK-7QF3-K9M2',
      order_id: 'mk1-abcdefghijklmnopqrstuv',
      created_at: '2026-12-01T10:00:00.000Z',
      updated_at: '2026-12-01T11:00:00.000Z',
      status: 'FULFILLED',
      email: `'=HYPERLINK("http://evil.example","x")@example.com`,
      currency: 'USD',
      subtotal: '4554',
      discount: '455',
      shipping: '500',
      tax: '297',
      total: '4896',
      total_formatted: '$48.96',
      refunded: '0',
      lines: '2',
      units: '3',
      discount_code: 'TEN',
      fulfilled_at: '2026-12-01T11:00:00.000Z',
      tracking_number: "'-1Z 999\nX",
      carrier: "'@ups",
      shipping_country: 'US',
    });
  });

  it('defuses every formula lead character in text cells, and quotes only what needs it', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\t=1",
      `"'\r=1"`,
    ]);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes an anonymised order with no email and its kept country, and an order without totals from its subtotal', () => {
    const { email: _email, shippingAddress: _address, totals: _totals, ...rest } = ORDER;
    const row = parseCsv(ORDER_CSV_HEADER + orderCsvRecord({ ...rest, shippingCountry: 'GB' }))[1]?.fields ?? [];
    const cell = (column: (typeof ORDER_CSV_COLUMNS)[number]) => row[ORDER_CSV_COLUMNS.indexOf(column)];

    expect([cell('email'), cell('shipping_country'), cell('total'), cell('discount')]).toEqual(['', 'GB', '4554', '0']);
  });
});
