/**
 * The strings only the open drawer shows (lines, totals, account line, order
 * view). Their defaults live in the drawer's lazy chunk; replace them like any
 * other string (`cart.setStrings({ subtotal: '…' })`).
 */
export interface DrawerStrings {
  loadError: string;
  retry: string;
  empty: string;
  unitPrice: string;
  decrease: string;
  increase: string;
  remove: string;
  removeButton: string;
  subtotal: string;
  checkingOut: string;
  signInToCheckout: string;
  orderNumber: string;
  /** Order progress, announced (with the drawer open: checkout and the payment return open it). */
  orderPending: string;
  orderConfirmed: string;
  orderFailed: string;
  continueShopping: string;
  backToCart: string;
  signIn: string;
  signOut: string;
  signedInAs: string;
  /** Checkout errors (they only happen with the drawer open, so their defaults load with it). */
  errorCheckoutInProgress: string;
  /** Checkout refused until the cart is fixed (a line past the stock, a product gone). */
  errorCheckoutBlocked: string;
  errorQuoteChanged: string;
  /** A line whose price changed since it was added (issue 16): `{price}` is the price then. */
  priceChangedFrom: string;
  /** A line whose product the shop no longer sells (issue 16). */
  noLongerAvailable: string;
}

/** The English defaults. */
export const defaultDrawerStrings: DrawerStrings = {
  loadError: 'Your cart could not be loaded.',
  retry: 'Try again',
  empty: 'Your cart is empty.',
  unitPrice: '{price} each',
  decrease: 'Decrease quantity of {name}',
  increase: 'Increase quantity of {name}',
  remove: 'Remove {name}',
  removeButton: 'Remove',
  subtotal: 'Subtotal',
  checkingOut: 'Checking out…',
  signInToCheckout: 'Sign in to check out.',
  orderNumber: 'Order {id}',
  orderPending: 'Placing your order…',
  orderConfirmed: 'Order confirmed. Thank you!',
  orderFailed: 'Your order failed: {reason}',
  continueShopping: 'Continue shopping',
  backToCart: 'Back to cart',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {email}',
  errorCheckoutInProgress: 'Your order is already being placed.',
  errorCheckoutBlocked: 'Some items can’t be ordered as they are. Please check the quantities in your cart.',
  errorQuoteChanged: 'The total changed since you last looked. Please check your cart and try again.',
  priceChangedFrom: 'Price changed (was {price})',
  noLongerAvailable: '{name} is no longer available and has been left out.',
};
