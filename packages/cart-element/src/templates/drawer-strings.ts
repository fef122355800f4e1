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
  continueShopping: string;
  backToCart: string;
  signIn: string;
  signOut: string;
  signedInAs: string;
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
  continueShopping: 'Continue shopping',
  backToCart: 'Back to cart',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {email}',
};
