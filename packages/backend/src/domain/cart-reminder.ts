import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Owner } from './owner.js';

// Abandoned-cart reminders: the links in the reminder email and their tokens.
// A link names the cart (`a.<anonymous id>` or `u.<user sub>`) and carries a token
// derived from it with a key of its own purpose, so a restore token is no
// unsubscribe token, neither is an order access token or a cart token, and
// none is ever stored: whoever holds the deployment secret computes the same one.

/** The key purposes (`CartTokenSigner.derivedKey`). */
export const CART_RESTORE_PURPOSE = 'cart-restore';
export const CART_UNSUBSCRIBE_PURPOSE = 'cart-unsubscribe';

/** A cart reference as a link carries it: `a.<22 base64url>` (anonymous) or `u.<sub>` (a Cognito user id). */
const CART_REF = /^(a)\.([A-Za-z0-9_-]{22})$|^(u)\.([A-Za-z0-9-]{1,64})$/;
/** A reminder link token: 22 base64url characters (128 bits). */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** The reference a link uses for the cart of `ownerKey` (`anon#<id>` → `a.<id>`, `user#<sub>` → `u.<sub>`). */
export function cartRef(ownerKey: string): string {
  if (ownerKey.startsWith('anon#')) return `a.${ownerKey.slice(5)}`;
  if (ownerKey.startsWith('user#')) return `u.${ownerKey.slice(5)}`;
  throw new RangeError('Not a cart owner key');
}

/** The owner a link's cart reference names, or undefined when it is malformed. */
export function parseCartRef(ref: unknown): Pick<Owner, 'kind' | 'id'> | undefined {
  if (typeof ref !== 'string') return undefined;
  const match = CART_REF.exec(ref);
  if (!match) return undefined;
  return match[1] === 'a' ? { kind: 'anonymous', id: match[2] as string } : { kind: 'user', id: match[4] as string };
}

/**
 * The token of one purpose for one cart: the first 128 bits of
 * HMAC-SHA256(key, `<purpose>:<cart ref>`), base64url.
 *
 * @example
 * ```ts
 * const token = reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, 'a.abc…');
 * ```
 */
export function reminderToken(key: Uint8Array, purpose: string, ref: string): string {
  if (key.length < 32) throw new RangeError('The reminder key must be at least 256 bits');
  return createHmac('sha256', key).update(`${purpose}:${ref}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** Does `presented` open `ref` for `purpose`? Constant time; a malformed token never does. */
export function reminderTokenValid(key: Uint8Array, purpose: string, ref: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || !TOKEN.test(presented)) return false;
  // The text, not the decoded bytes: the 22nd character carries 4 unused bits, so decoding would
  // let a token that differs only there (e.g. A for B at the end) pass as the same 16 bytes.
  const expected = Buffer.from(reminderToken(key, purpose, ref), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A link to the host page with the reminder's fragment (`cartkit-restore` or
 * `cartkit-unsubscribe`, then `token`); browsers never send the fragment, so
 * the token stays out of access logs and `Referer` headers.
 *
 * @example
 * ```ts
 * reminderLink('https://shop.example/', 'cartkit-restore', 'a.x', 't'); // 'https://shop.example/#cartkit-restore=a.x&token=t'
 * ```
 */
export function reminderLink(
  page: string,
  key: 'cartkit-restore' | 'cartkit-unsubscribe',
  ref: string,
  token: string,
): string {
  const url = new URL(page);
  url.hash = `${key}=${encodeURIComponent(ref)}&token=${encodeURIComponent(token)}`;
  return url.href;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The reminder email: subject, text and HTML, naming the cart's items (at most 5) and both links. */
export function renderReminder(input: {
  shopName: string;
  items: readonly { name: string; quantity: number }[];
  restoreUrl: string;
  unsubscribeUrl: string;
}): { subject: string; text: string; html: string } {
  const shown = input.items.slice(0, 5);
  const more = input.items.length - shown.length;
  const lines = shown.map((item) => `${item.quantity} × ${item.name}`);
  if (more > 0) lines.push(`and ${more} more`);
  const subject = `${input.shopName}: your cart is waiting`;
  const text = [
    'You left these in your cart:',
    '',
    ...lines.map((line) => `  ${line}`),
    '',
    `Pick up where you left off: ${input.restoreUrl}`,
    '',
    `No more reminders for this cart: ${input.unsubscribeUrl}`,
  ].join('\n');
  const html =
    `<p>You left these in your cart:</p><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` +
    `<p><a href="${escapeHtml(input.restoreUrl)}">Pick up where you left off</a></p>` +
    `<p style="font-size:small"><a href="${escapeHtml(input.unsubscribeUrl)}">No more reminders for this cart</a></p>`;
  return { subject, text, html };
}
