import { createHash } from 'node:crypto';

// How a cart item remembers Idempotency-Keys, compactly: DynamoDB bills a write
// per started KB of the item, and 32 keys in full (a 38-character name, a
// 22-character hash and a 13-digit timestamp each, ~80 bytes) made a 5-line
// cart a 3 KB item. Each entry is now 19 bytes:
//
//   ik: { <key id: 6 chars>: <first seen: 7 chars><request hash: 5 chars> }
//
// - key id: the first 36 bits of SHA-256(key), base64url. A retry sends the same
//   key, so it finds its entry. A new key shares an id with one of the cart's 32
//   remembered keys with a chance of about 32 / 2^36 (5e-10): that request gets 422
//   (key reuse), and a wrong replay would also need the request hashes to agree (2^-30 more).
// - request hash: the first 30 bits of the request's hash (route, path, body), so
//   the same key with another request is refused (missed once in ~10^9 such misuses).
// - first seen: epoch ms in an alphabet in ASCII order (7 characters reach the year 2109), so
//   that DynamoDB's string `<` compares times (the update's condition tells an expired entry)
//   and the oldest key is still the one forgotten first, even within one second.
//
// Items written before this kept `idem: { 'k:<key>': { h, t } }`: they are read as
// they are, still honoured, and their entries retire as the oldest (see cart-update.ts).

/** The compact map's attribute. */
export const KEYS_ATTRIBUTE = 'ik';
/** The map of items written before the compact one (full key names). */
export const LEGACY_KEYS_ATTRIBUTE = 'idem';

const KEY_ID_CHARS = 6;
const HASH_CHARS = 5;
const TIME_CHARS = 7;
// 64 symbols in ASCII order ('-' < digits < upper case < '_' < lower case).
const SORTED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** A remembered key as the rules see it: a (prefix of the) request hash and when it was first seen (epoch ms). */
export interface IdempotencyEntry {
  readonly h: string;
  readonly t: number;
}

/** The compact entry name for a client key. */
export function keyId(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, KEY_ID_CHARS);
}

/** Names of legacy entries: `k:<key>` (never a key id: ids have no ':'). */
export function legacyName(key: string): string {
  return `k:${key}`;
}

export function isLegacyName(name: string): boolean {
  return name.startsWith('k:');
}

/** Epoch ms as a fixed-width, order-preserving string. */
export function encodeTime(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  let out = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    out = SORTED[rest % 64] + out;
    rest = Math.floor(rest / 64);
  }
  return out;
}

function decodeTime(text: string): number {
  let ms = 0;
  for (const char of text) ms = ms * 64 + Math.max(0, SORTED.indexOf(char));
  return ms;
}

/** The stored value of an entry first seen at `now` for a request with this hash. */
export function encodeEntry(now: number, hash: string): string {
  return `${encodeTime(now)}${hash.slice(0, HASH_CHARS)}`;
}

/** Reads a compact value back; undefined for anything else. */
export function decodeEntry(value: unknown): IdempotencyEntry | undefined {
  if (typeof value !== 'string' || value.length !== TIME_CHARS + HASH_CHARS) return undefined;
  return { t: decodeTime(value.slice(0, TIME_CHARS)), h: value.slice(TIME_CHARS) };
}

/** Does a request with `hash` match the remembered entry? Entries keep a prefix of it (legacy ones all of it). */
export function sameRequest(entry: IdempotencyEntry, hash: string): boolean {
  return entry.h.length > 0 && hash.startsWith(entry.h);
}

/**
 * Every remembered entry of an item, compact and legacy, by stored name (the key id, or `k:<key>`).
 * Own properties only: the names are client-influenced.
 */
export function readEntries(item: Record<string, unknown>): Record<string, IdempotencyEntry> {
  const entries: Record<string, IdempotencyEntry> = {};
  const legacy = item[LEGACY_KEYS_ATTRIBUTE];
  if (typeof legacy === 'object' && legacy !== null) {
    for (const [name, value] of Object.entries(legacy as Record<string, { h?: unknown; t?: unknown }>)) {
      if (typeof value?.h === 'string' && typeof value.t === 'number')
        Object.defineProperty(entries, name, { value: { h: value.h, t: value.t }, enumerable: true });
    }
  }
  const compact = item[KEYS_ATTRIBUTE];
  if (typeof compact === 'object' && compact !== null) {
    for (const [name, value] of Object.entries(compact as Record<string, unknown>)) {
      const entry = decodeEntry(value);
      if (entry) Object.defineProperty(entries, name, { value: entry, enumerable: true });
    }
  }
  return entries;
}

/** The compact map to store for these entries (legacy ones converted: their names hold the key). */
export function compactMap(entries: Readonly<Record<string, IdempotencyEntry>>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const id = isLegacyName(name) ? keyId(name.slice(2)) : name;
    Object.defineProperty(map, id, { value: encodeEntry(entry.t, entry.h), enumerable: true });
  }
  return map;
}

/** The attribute an entry lives in. */
export function attributeOf(name: string): typeof KEYS_ATTRIBUTE | typeof LEGACY_KEYS_ATTRIBUTE {
  return isLegacyName(name) ? LEGACY_KEYS_ATTRIBUTE : KEYS_ATTRIBUTE;
}
