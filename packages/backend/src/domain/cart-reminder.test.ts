import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CART_RESTORE_PURPOSE,
  CART_UNSUBSCRIBE_PURPOSE,
  cartRef,
  parseCartRef,
  reminderLink,
  reminderToken,
  reminderTokenValid,
  renderReminder,
} from './cart-reminder.js';
import { parseShopConfig } from './shop-config.js';
import rawShop from '../../data/shop.json' with { type: 'json' };

const key = randomBytes(32);
const ref = cartRef(`anon#${'A'.repeat(22)}`);

describe('cart reminder links', () => {
  it('names carts both ways and refuses anything else', () => {
    expect(ref).toBe(`a.${'A'.repeat(22)}`);
    expect(parseCartRef(ref)).toEqual({ kind: 'anonymous', id: 'A'.repeat(22) });
    expect(parseCartRef('u.0b5e-41')).toEqual({ kind: 'user', id: '0b5e-41' });
    for (const bad of ['a.short', `a.${'A'.repeat(23)}`, 'x.abc', 'anon#abc', '', 'u.', 'u.a#b', 42, undefined]) {
      expect(parseCartRef(bad)).toBeUndefined();
    }
    expect(() => cartRef('order#1')).toThrow(RangeError);
  });

  it('derives a 22-character token per purpose and cart, checked in constant time', () => {
    const restore = reminderToken(key, CART_RESTORE_PURPOSE, ref);
    expect(restore).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(reminderTokenValid(key, CART_RESTORE_PURPOSE, ref, restore)).toBe(true);
    // Another purpose, another cart, another key, a cut or altered token: refused.
    expect(reminderTokenValid(key, CART_UNSUBSCRIBE_PURPOSE, ref, restore)).toBe(false);
    expect(reminderTokenValid(key, CART_RESTORE_PURPOSE, `a.${'B'.repeat(22)}`, restore)).toBe(false);
    expect(reminderTokenValid(randomBytes(32), CART_RESTORE_PURPOSE, ref, restore)).toBe(false);
    expect(reminderTokenValid(key, CART_RESTORE_PURPOSE, ref, restore.slice(0, 21))).toBe(false);
    const flipped = `${restore.slice(0, 21)}${restore[21] === 'A' ? 'B' : 'A'}`;
    expect(reminderTokenValid(key, CART_RESTORE_PURPOSE, ref, flipped)).toBe(false);
    expect(reminderTokenValid(key, CART_RESTORE_PURPOSE, ref, undefined)).toBe(false);
    // The last character carries 4 unused bits: one that differs only there decodes to the same 16
    // bytes, and must still be refused (the text is compared, not the bytes).
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < 32; i++) {
      const k = randomBytes(32);
      const token = reminderToken(k, CART_RESTORE_PURPOSE, `a.${i}`);
      const last = ALPHABET.indexOf(token[21] ?? '');
      const padded = `${token.slice(0, 21)}${ALPHABET[(last & 0b110000) | ((last + 1) & 0b001111)]}`;
      expect(Buffer.from(padded, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
      expect(reminderTokenValid(k, CART_RESTORE_PURPOSE, `a.${i}`, token)).toBe(true);
      expect(reminderTokenValid(k, CART_RESTORE_PURPOSE, `a.${i}`, padded)).toBe(false);
    }
    expect(() => reminderToken(randomBytes(16), CART_RESTORE_PURPOSE, ref)).toThrow(RangeError);
  });

  it('puts the cart and token in the fragment, keeping the page and its query', () => {
    expect(reminderLink('https://shop.example/cart?x=1#old', 'cartkit-restore', ref, 'tok')).toBe(
      `https://shop.example/cart?x=1#cartkit-restore=${ref}&token=tok`,
    );
  });

  it('renders the items (five at most) and both links, HTML-escaped', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ name: `<Tee ${i}>`, quantity: i + 1 }));
    const mail = renderReminder({
      shopName: 'Stone & Thread',
      items,
      restoreUrl: 'https://s.example/#cartkit-restore=a.x&token=t',
      unsubscribeUrl: 'https://s.example/#cartkit-unsubscribe=a.x&token=u',
    });
    expect(mail.subject).toBe('Stone & Thread: your cart is waiting');
    expect(mail.text).toContain('1 × <Tee 0>');
    expect(mail.text).toContain('and 2 more');
    expect(mail.text).not.toContain('<Tee 5>');
    expect(mail.html).toContain('&#60;Tee 0&#62;');
    expect(mail.html).not.toContain('<Tee');
    expect(mail.html).toContain('href="https://s.example/#cartkit-restore=a.x&#38;token=t"');
  });
});

describe('shop configuration: abandonedCarts', () => {
  const base = rawShop as Record<string, unknown>;
  it('is opt-in: absent or null means never, the shipped file says 24 hours', () => {
    expect(parseShopConfig(base).abandonedCarts).toEqual({ afterHours: 24 });
    expect(parseShopConfig({ ...base, abandonedCarts: null }).abandonedCarts).toBeNull();
    const { abandonedCarts: _, ...without } = base;
    expect(parseShopConfig(without).abandonedCarts).toBeUndefined();
  });

  it('names the field of a bad value', () => {
    for (const [value, message] of [
      [{ afterHours: 0 }, 'abandonedCarts.afterHours: must be at least 1'],
      [{ afterHours: 1.5 }, 'abandonedCarts.afterHours: must be a whole number of hours'],
      [{ afterHours: 721 }, 'abandonedCarts.afterHours: must be at most 720'],
      [{ afterHours: 24, email: 'x' }, 'abandonedCarts.email: is not a field'],
    ] as const) {
      expect(() => parseShopConfig({ ...base, abandonedCarts: value })).toThrow(message);
    }
  });
});
