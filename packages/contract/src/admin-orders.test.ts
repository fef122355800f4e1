import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AdminOrderExportQuerySchema, AdminOrderQuerySchema } from './admin-orders.js';

function issues(query: Record<string, string>): Record<string, string> {
  const result = v.safeParse(AdminOrderQuerySchema, query);
  if (result.success) return {};
  return Object.fromEntries(result.issues.map((issue) => [v.getDotPath(issue) ?? '', issue.message]));
}

describe('AdminOrderQuery', () => {
  it('normalises the search: the number upper-cased, the email trimmed and lower-cased', () => {
    expect(v.parse(AdminOrderQuerySchema, { number: ' ck-7qf3-k9m2 ' })).toEqual({ number: 'CK-7QF3-K9M2' });
    expect(v.parse(AdminOrderQuerySchema, { email: ' Ada@Example.COM ' })).toEqual({ email: 'ada@example.com' });
  });

  it('reads a day as its whole UTC day and a time with its offset as the instant', () => {
    expect(v.parse(AdminOrderQuerySchema, { from: '2026-12-01', to: '2026-12-01' })).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
    expect(v.parse(AdminOrderQuerySchema, { from: '2026-12-01T10:00:00+01:00' })).toEqual({
      from: '2026-12-01T09:00:00.000Z',
    });
  });

  it('names each bad filter and refuses both searches at once, or a range that ends before it starts', () => {
    expect(issues({ number: 'K7M-1234' })).toEqual({ number: 'number is an order number like CK-7QF3-K9M2' });
    expect(issues({ email: 'ada' })).toEqual({ email: 'email is an email address like name@example.com' });
    expect(issues({ from: '01/12/2026' })).toEqual({
      from: 'from is a date (2026-12-01) or a time with its offset (2026-12-01T09:30:00Z)',
    });
    expect(issues({ to: '2026-02-31' })).toMatchObject({ to: expect.stringMatching(/^to is a date/) });
    expect(issues({ from: '2026-12-02', to: '2026-12-01' })).toEqual({ to: 'to must come after from' });
    expect(issues({ number: 'CK-7QF3-K9M2', email: 'ada@example.com' })).toEqual({
      email: 'search by number or by email, not both',
    });
    expect(issues({ limit: '101' })).toEqual({ limit: 'limit is a whole number from 1 to 100' });
  });

  it('lets an export page hold up to 1,000 orders', () => {
    expect(v.parse(AdminOrderExportQuerySchema, { limit: '1000', status: 'PAID' })).toEqual({
      limit: 1000,
      status: 'PAID',
    });
    expect(v.safeParse(AdminOrderExportQuerySchema, { limit: '1001' }).success).toBe(false);
  });
});
