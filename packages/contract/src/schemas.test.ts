import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, isErrorCode } from './codes.js';
import { LIMITS } from './limits.js';
import {
  AddItemBodySchema,
  CartSchema,
  IdempotencyKeySchema,
  ProblemSchema,
  SetQuantityBodySchema,
  SkuSchema,
} from './schemas.js';

describe('request schemas', () => {
  it('accept a well-formed add and refuse anything else', () => {
    expect(v.is(AddItemBodySchema, { sku: 'TEE-1', quantity: 1 })).toBe(true);
    for (const bad of [
      { sku: 'TEE-1', quantity: 0 },
      { sku: 'TEE-1', quantity: 100 },
      { sku: 'TEE-1', quantity: 1.5 },
      { sku: 'TEE-1', quantity: '1' },
      { sku: '<b>', quantity: 1 },
      { sku: 'TEE-1', quantity: 1, unitPrice: 1 },
      { quantity: 1 },
      null,
      [],
    ]) {
      expect(v.is(AddItemBodySchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('let PUT set 0 (remove) up to 99', () => {
    expect(v.is(SetQuantityBodySchema, { quantity: 0 })).toBe(true);
    expect(v.is(SetQuantityBodySchema, { quantity: LIMITS.maxQuantity })).toBe(true);
    expect(v.is(SetQuantityBodySchema, { quantity: -1 })).toBe(false);
    expect(v.is(SetQuantityBodySchema, { quantity: 100 })).toBe(false);
  });

  it('bound SKUs and idempotency keys', () => {
    expect(v.is(SkuSchema, 'A'.repeat(64))).toBe(true);
    expect(v.is(SkuSchema, 'A'.repeat(65))).toBe(false);
    expect(v.is(SkuSchema, '../etc')).toBe(false);
    expect(v.is(IdempotencyKeySchema, 'x'.repeat(64))).toBe(true);
    expect(v.is(IdempotencyKeySchema, 'x'.repeat(65))).toBe(false);
    expect(v.is(IdempotencyKeySchema, 'has space')).toBe(false);
    expect(v.is(IdempotencyKeySchema, '')).toBe(false);
  });
});

describe('wire shapes', () => {
  it('read a cart with money in integer minor units only', () => {
    const cart = {
      owner: 'anonymous',
      version: 1,
      currency: 'USD',
      items: [{ sku: 'A', name: 'A', unitPrice: 250, quantity: 2, lineTotal: 500, image: '' }],
      itemCount: 2,
      subtotal: 500,
      updatedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
    };
    expect(v.is(CartSchema, cart)).toBe(true);
    expect(v.is(CartSchema, { ...cart, subtotal: 5.0001 })).toBe(false);
    expect(v.is(CartSchema, { ...cart, currency: 'usd' })).toBe(false);
  });

  it('read problems whose code is one of the contract codes', () => {
    expect(v.is(ProblemSchema, { type: 't', title: 'x', status: 422, code: 'CART_FULL' })).toBe(true);
    expect(v.is(ProblemSchema, { type: 't', title: 'x', status: 422, code: 'NOPE' })).toBe(false);
  });
});

describe('error codes', () => {
  it('map every contract code to its HTTP status', () => {
    expect(ERROR_STATUS).toMatchObject({
      VALIDATION_FAILED: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      PAYLOAD_TOO_LARGE: 413,
      VERSION_CONFLICT: 412,
      UNKNOWN_SKU: 422,
      OUT_OF_STOCK: 422,
      QUANTITY_LIMIT: 422,
      CART_FULL: 422,
      RATE_LIMITED: 429,
      UNAVAILABLE: 503,
      INTERNAL: 500,
    });
    expect(isErrorCode('CART_FULL')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});
