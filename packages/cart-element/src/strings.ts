import type { AuthStrings } from './auth/auth-strings.js';
import type { CheckoutStrings } from './templates/checkout-strings.js';
import type { LinkStrings } from './links/link-strings.js';
import type { DrawerStrings } from './templates/drawer-strings.js';

/**
 * Every string the UI shows or announces. `{name}`-style placeholders are filled
 * in at render time; the `…One`/`…Other` pairs are chosen with `Intl.PluralRules`.
 * The strings only the open drawer ({@link DrawerStrings}), checkout
 * ({@link CheckoutStrings}), the sign-in panel ({@link AuthStrings}) and the
 * links a shopper opens from an email ({@link LinkStrings}) show are optional
 * here: their defaults load with those lazy chunks.
 */
export interface CartStrings
  extends Partial<AuthStrings>,
    Partial<DrawerStrings>,
    Partial<CheckoutStrings>,
    Partial<LinkStrings> {
  cart: string;
  itemCountOne: string;
  itemCountOther: string;
  openCart: string;
  closeCart: string;
  title: string;
  loading: string;
  dismiss: string;
  quantity: string;
  checkout: string;
  added: string;
  addFailed: string;
  removed: string;
  email: string;
  addToCart: string;
  adding: string;
  errorGeneric: string;
  errorUnreachable: string;
  thisItem: string;
  errorOutOfStock: string;
  errorUnknownProduct: string;
  errorQuantityLimit: string;
  errorCartFull: string;
  errorRateLimited: string;
  errorConflict: string;
  errorSignedOut: string;
}

/** The English defaults. */
export const defaultStrings: CartStrings = {
  cart: 'Cart',
  itemCountOne: '{count} item',
  itemCountOther: '{count} items',
  openCart: 'Open cart, {items}',
  closeCart: 'Close cart',
  title: 'Your cart',
  loading: 'Loading your cart…',
  dismiss: 'Dismiss',
  quantity: 'Quantity of {name}',
  checkout: 'Check out',
  added: 'Added {name} to your cart. {items} in cart.',
  addFailed: 'Could not add {name}: {error}',
  removed: 'Removed {name} from your cart.',
  email: 'Email',
  addToCart: 'Add to cart',
  adding: 'Adding…',
  errorGeneric: 'Something went wrong. Please try again.',
  errorUnreachable: "We couldn't reach the shop. Please try again.",
  thisItem: 'this item',
  errorOutOfStock: 'Sorry, {name} is sold out.',
  errorUnknownProduct: 'Sorry, {name} is no longer available.',
  errorQuantityLimit: 'You can have at most {max} of {name} in your cart.',
  errorCartFull: 'Your cart is full. Remove something to make room.',
  errorRateLimited: 'That was a lot of changes at once. Please wait a moment and try again.',
  errorConflict: 'Your cart changed in another window. Check it and try again.',
  errorSignedOut: 'Your session has ended. Please sign in again.',
};

/**
 * Fills `{placeholders}` in `template` from `values`; unknown placeholders stay as written.
 *
 * @example
 * ```ts
 * fill('Remove {name}', { name: 'Mug' }); // "Remove Mug"
 * ```
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : whole,
  );
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * "1 item" / "3 items" in the given locale, from the `itemCount…` strings.
 */
export function itemCount(strings: CartStrings, count: number, locale?: string): string {
  const key = locale ?? '';
  let rules = pluralRules.get(key);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(locale || undefined);
    } catch {
      rules = new Intl.PluralRules();
    }
    pluralRules.set(key, rules);
  }
  const template = rules.select(count) === 'one' ? strings.itemCountOne : strings.itemCountOther;
  return fill(template, { count });
}
