import type { AuthStrings } from './auth/auth-strings.js';

/**
 * Every string the UI shows or announces. `{name}`-style placeholders are filled
 * in at render time; the `…One`/`…Other` pairs are chosen with `Intl.PluralRules`.
 * The sign-in panel's own strings ({@link AuthStrings}) are optional here: their
 * defaults load with the panel.
 */
export interface CartStrings extends Partial<AuthStrings> {
  cart: string;
  itemCountOne: string;
  itemCountOther: string;
  openCart: string;
  closeCart: string;
  title: string;
  loading: string;
  loadError: string;
  retry: string;
  dismiss: string;
  empty: string;
  unitPrice: string;
  quantity: string;
  decrease: string;
  increase: string;
  remove: string;
  removeButton: string;
  subtotal: string;
  checkout: string;
  checkingOut: string;
  signInToCheckout: string;
  added: string;
  addFailed: string;
  removed: string;
  orderPending: string;
  orderConfirmed: string;
  orderFailed: string;
  orderNumber: string;
  continueShopping: string;
  backToCart: string;
  signIn: string;
  signOut: string;
  signedInAs: string;
  signUp: string;
  forgotPassword: string;
  email: string;
  password: string;
  newPassword: string;
  code: string;
  confirm: string;
  resetPassword: string;
  codeSent: string;
  passwordReset: string;
  noAccount: string;
  haveAccount: string;
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
  errorCheckoutInProgress: string;
  /** Checkout refused until the cart is fixed (a line past the stock, a product gone). */
  errorCheckoutBlocked: string;
  /** The total moved since the shopper saw it; nothing was charged. */
  errorQuoteChanged: string;
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
  loadError: 'Your cart could not be loaded.',
  retry: 'Try again',
  dismiss: 'Dismiss',
  empty: 'Your cart is empty.',
  unitPrice: '{price} each',
  quantity: 'Quantity of {name}',
  decrease: 'Decrease quantity of {name}',
  increase: 'Increase quantity of {name}',
  remove: 'Remove {name}',
  removeButton: 'Remove',
  subtotal: 'Subtotal',
  checkout: 'Check out',
  checkingOut: 'Checking out…',
  signInToCheckout: 'Sign in to check out.',
  added: 'Added {name} to your cart. {items} in cart.',
  addFailed: 'Could not add {name}: {error}',
  removed: 'Removed {name} from your cart.',
  orderPending: 'Placing your order…',
  orderConfirmed: 'Order confirmed. Thank you!',
  orderFailed: 'Your order failed: {reason}',
  orderNumber: 'Order {id}',
  continueShopping: 'Continue shopping',
  backToCart: 'Back to cart',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {email}',
  signUp: 'Create account',
  forgotPassword: 'Forgot password?',
  email: 'Email',
  password: 'Password',
  newPassword: 'New password',
  code: 'Verification code',
  confirm: 'Confirm',
  resetPassword: 'Reset password',
  codeSent: 'We sent a code to {email}. No code? You may already have an account: sign in, or reset your password.',
  passwordReset: 'Password changed. Sign in with your new password.',
  noAccount: 'New here? Create an account',
  haveAccount: 'Have an account? Sign in',
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
  errorCheckoutInProgress: 'Your order is already being placed.',
  errorCheckoutBlocked: 'Some items can’t be ordered as they are. Please check the quantities in your cart.',
  errorQuoteChanged: 'The total changed since you last looked. Please check your cart and try again.',
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
