import { describe, expect, it } from 'vitest';
import { EMPTY_CART } from '../domain/cart.js';
import { IdempotencyKeyReuseError } from '../domain/errors.js';
import { fromItem, keysToForget, MAX_REMEMBERED_KEYS, rememberedEntry, toItem } from './cart-item.js';
import { buildUpdate, diagnose, keyClauses, planKeys } from './cart-update.js';
import { decodeEntry, encodeEntry, encodeTime, keyId, readEntries } from './idempotency-memory.js';

// The compact idempotency memory (issue 17): 19 bytes an entry instead of ~80, so a
// 5-line cart with its 32 keys stays within one 1 KB write unit, and items written
// before it (`idem: { 'k:<key>': { h, t } }`) are read, honoured and retired.

const HASH = 'AbCdEfGhIjKlMnOpQrStUv'; // a request hash as routes/cart.ts makes it (22 base64url chars)
const OTHER_HASH = 'ZZZdEfGhIjKlMnOpQrStUv';
const NOW = Date.UTC(2026, 11, 1, 10, 0, 0, 123);
const DAY = 24 * 3600 * 1000;

function itemWithKeys(count: number, start = NOW - 1000): Record<string, unknown> {
  const ik: Record<string, string> = {};
  for (let i = 0; i < count; i++) ik[keyId(`key-${i}`)] = encodeEntry(start + i, HASH);
  return { pk: 'anon#x', version: 3, qty: {}, added: {}, price: {}, ik };
}

describe('a compact entry', () => {
  it('is 6 characters of name and 12 of value, and reads back to its time (ms) and a prefix of the hash', () => {
    const value = encodeEntry(NOW, HASH);

    expect(keyId('0b0f3c9e-2d4f-4a55-9c1e-5b6a7d8e9f00')).toMatch(/^[A-Za-z0-9_-]{6}$/);
    expect(value).toHaveLength(12);
    expect(decodeEntry(value)).toEqual({ t: NOW, h: HASH.slice(0, 5) });
  });

  it("keeps time order in plain string order, the order DynamoDB's `<` uses in the update's condition", () => {
    const times = [0, 1, 63, 64, 4095, NOW - DAY, NOW - 1, NOW, NOW + 1, Date.UTC(2100, 0, 1)];
    const encoded = times.map(encodeTime);

    expect([...encoded].sort()).toEqual(encoded);
    expect(encodeEntry(NOW, HASH) < encodeTime(NOW + 1)).toBe(true); // seen before the cutoff: expired
    expect(encodeEntry(NOW, HASH) < encodeTime(NOW)).toBe(false); // seen at the cutoff: still remembered
  });

  it('still replays a retry and still refuses the same key with another request', () => {
    const item = { ...itemWithKeys(0), ik: { [keyId('retry-me')]: encodeEntry(NOW - 5000, HASH) } };
    const cart = fromItem(item);
    const options = (hash: string) => ({ now: NOW, mayCreate: true, idempotency: { key: 'retry-me', hash } });

    expect(diagnose(cart, { type: 'add', sku: 'TEE', quantity: 1 }, options(HASH))).toMatchObject({ replayed: true });
    expect(() => diagnose(cart, { type: 'add', sku: 'TEE', quantity: 1 }, options(OTHER_HASH))).toThrow(
      IdempotencyKeyReuseError,
    );
    expect(rememberedEntry(cart, 'another key')).toBeUndefined();
  });

  it('a 5-line cart with 32 keys is an item under 1 KB (one write unit); with full keys it was over 2 KB', () => {
    const lines = ['TEE-CLASSIC', 'HOODIE-ZIP', 'MUG-STONE', 'BACKPACK-DAY', 'CANDLE-CEDAR'].map((sku, i) => ({
      sku,
      quantity: 2,
      addedAt: NOW + i,
      addedUnitPrice: 2400,
    }));
    const state = {
      version: 77,
      lines,
      updatedAt: new Date(NOW).toISOString(),
      expiresAt: Math.floor(NOW / 1000) + 7 * 86400,
    };
    const entries = Object.fromEntries(
      Array.from({ length: 32 }, (_, i) => [keyId(crypto.randomUUID()), { h: HASH, t: NOW + i }]),
    );
    const legacy = Object.fromEntries(
      Array.from({ length: 32 }, (_, i) => [`k:${crypto.randomUUID()}`, { h: HASH, t: NOW + i }]),
    );
    const pk = 'anon#AAAAAAAAAAAAAAAAAAAAAA';

    expect(dynamoSize(toItem(pk, state, entries))).toBeLessThanOrEqual(1024);
    expect(dynamoSize({ ...toItem(pk, state, {}), ik: undefined, idem: legacy })).toBeGreaterThan(2048);
  });
});

describe('the write that records a key', () => {
  it('forgets the oldest key in the same update once 32 are held: no second write', () => {
    const item = itemWithKeys(MAX_REMEMBERED_KEYS);
    const plan = planKeys(item, NOW, 'new-key');
    const update = buildUpdate(
      'anon#x',
      { type: 'add', sku: 'TEE', quantity: 1 },
      { now: NOW, mayCreate: true, idempotency: { key: 'new-key', hash: HASH } },
      plan,
    );

    expect(plan.forget).toEqual([keyId('key-0')]);
    expect(update.UpdateExpression).toMatch(/SET .*ik\.#k = :entry.* REMOVE ik\.#f0$/);
    expect(update.ExpressionAttributeNames?.['#f0']).toBe(keyId('key-0'));
    expect(update.ConditionExpression).toContain('(attribute_not_exists(ik.#k) OR ik.#k < :cutoffT)');
  });

  it('on an item in the old format, honours its keys in the condition, retires its oldest, and starts the compact map', () => {
    const legacy = {
      pk: 'anon#x',
      version: 3,
      qty: {},
      added: {},
      price: {},
      idem: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k:old-${i}`, { h: HASH, t: NOW - 1000 + i }])),
    };
    const cart = fromItem(legacy);
    const clauses = keyClauses({ key: 'new-key', hash: HASH }, NOW, planKeys(legacy, NOW, 'new-key'));

    // Read: every old entry is there, a retry of an old key replays, another request with it is refused.
    expect(Object.keys(cart.idempotency)).toHaveLength(32);
    expect(
      diagnose(cart, { type: 'clear' }, { now: NOW, mayCreate: true, idempotency: { key: 'old-5', hash: HASH } }),
    ).toMatchObject({ replayed: true });
    expect(() =>
      diagnose(cart, { type: 'clear' }, { now: NOW, mayCreate: true, idempotency: { key: 'old-5', hash: OTHER_HASH } }),
    ).toThrow(IdempotencyKeyReuseError);
    // Write: the compact map is created (only if still absent), the old key name is checked, the oldest old key goes.
    expect(clauses.set).toEqual(['ik = :fresh']);
    expect(clauses.conditions).toEqual([
      'attribute_not_exists(ik)',
      '(attribute_not_exists(idem.#lk) OR idem.#lk.t < :cutoff)',
    ]);
    expect(clauses.names['#lk']).toBe('k:new-key');
    expect(clauses.remove).toEqual(['idem.#f0']);
    expect(clauses.names['#f0']).toBe('k:old-0');
  });

  it('a whole-item write (merge, an order taking lines out) converts old entries to compact ones that still replay', () => {
    const legacy = { pk: 'user#u', version: 2, qty: {}, added: {}, idem: { 'k:kept': { h: HASH, t: NOW - 10 } } };
    const rewritten = toItem('user#u', EMPTY_CART, fromItem(legacy).idempotency);

    expect(rewritten.idem).toBeUndefined();
    expect(rewritten.ik).toEqual({ [keyId('kept')]: encodeEntry(NOW - 10, HASH) });
    expect(rememberedEntry(fromItem(rewritten), 'kept')).toEqual({ t: NOW - 10, h: HASH.slice(0, 5) });
  });

  it('forgets keys past 24 h and the oldest beyond the cap, across both formats', () => {
    const entries = readEntries({
      idem: { 'k:ancient': { h: HASH, t: NOW - DAY - 1 }, 'k:old': { h: HASH, t: NOW - 50 } },
      ik: { [keyId('new')]: encodeEntry(NOW - 10, HASH), [keyId('newer')]: encodeEntry(NOW - 5, HASH) },
    });

    expect(keysToForget(entries, NOW, 2)).toEqual(['k:ancient', 'k:old']);
  });

  it('reads names that are JavaScript object keys as plain entries', () => {
    const entries = readEntries({ idem: { ['__proto__']: { h: HASH, t: NOW }, 'k:constructor': { h: HASH, t: NOW } } });

    expect(Object.keys(entries).sort()).toEqual(['__proto__', 'k:constructor']);
    expect(Object.getPrototypeOf(entries)).toBe(Object.prototype);
  });
});

/** DynamoDB's item size rules (names + values; numbers ~1 byte per 2 digits + 1; maps 3 + 1 per entry). */
function dynamoSize(value: unknown): number {
  const size = (v: unknown): number => {
    if (typeof v === 'string') return Buffer.byteLength(v);
    if (typeof v === 'number')
      return (
        Math.ceil(
          String(Math.abs(v))
            .replace('.', '')
            .replace(/^0+|0+$/g, '').length / 2,
        ) + 1
      );
    if (typeof v === 'boolean' || v === null) return 1;
    if (typeof v === 'object')
      return (
        3 +
        Object.entries(v as object).reduce(
          (sum, [k, x]) => (x === undefined ? sum : sum + Buffer.byteLength(k) + size(x) + 1),
          0,
        )
      );
    return 0;
  };
  return Object.entries(value as object).reduce(
    (sum, [k, v]) => (v === undefined ? sum : sum + Buffer.byteLength(k) + size(v)),
    0,
  );
}
