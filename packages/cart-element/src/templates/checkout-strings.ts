/**
 * The strings only checkout and the order views show. Their defaults live in
 * the drawer's lazy chunk; replace them like any other string
 * (`cart.setStrings({ pay: 'Bezahlen' })`).
 */
export interface CheckoutStrings {
  contactTitle: string;
  contactSignedIn: string;
  guestNote: string;
  signInInstead: string;
  addressTitle: string;
  fullName: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  optional: string;
  shippingTitle: string;
  noShipping: string;
  reviewTitle: string;
  shipping: string;
  tax: string;
  taxIncluded: string;
  discount: string;
  /** The review's code field: its label, buttons, the applied code (`{code}`, `{amount}` off). */
  discountCode: string;
  applyCode: string;
  removeCode: string;
  codeApplied: string;
  /** Why a code was not applied, by the quote's `DISCOUNT_CODE_*` reason (`{code}`; `{amount}` the minimum). */
  codeEmpty: string;
  codeInvalid: string;
  codeUnknown: string;
  codeNotStarted: string;
  codeExpired: string;
  codeExhausted: string;
  codeCustomerLimit: string;
  codeMinimum: string;
  codeNotApplicable: string;
  total: string;
  pay: string;
  paying: string;
  continue: string;
  back: string;
  edit: string;
  priceChanged: string;
  overStock: string;
  quoteChanged: string;
  cartChanged: string;
  fixCart: string;
  orderTitle: string;
  orderAwaitingPayment: string;
  orderPaid: string;
  /** The shop sent the order (`FULFILLED`). */
  orderFulfilled: string;
  /** Part of the payment was given back (`PARTIALLY_REFUNDED`). */
  orderPartiallyRefunded: string;
  /** The payment was given back in full (`REFUNDED`). */
  orderRefunded: string;
  payNow: string;
  /** Above "Continue to payment" when the shopper came back through the payment page's cancel link. */
  paymentCancelled: string;
  orderExpired: string;
  shipTo: string;
  yourOrders: string;
  noOrders: string;
  moreOrders: string;
  viewOrder: string;
  stockLimit: string;
  stockBlocked: string;
  errorEmail: string;
  /** `FAILED` orders, by `reasonCode` (shown as `orderFailed`'s `{reason}`). */
  failedOutOfStock: string;
  failedPriceChanged: string;
  failedNoLongerSold: string;
  failedNotProcessed: string;
}

/** The English defaults. */
export const defaultCheckoutStrings: CheckoutStrings = {
  contactTitle: 'Contact',
  contactSignedIn: 'We will send the receipt to {email}.',
  guestNote: 'No account needed: we email your receipt.',
  signInInstead: 'Have an account? Sign in',
  addressTitle: 'Shipping address',
  fullName: 'Full name',
  addressLine1: 'Address',
  addressLine2: 'Apartment, suite, etc.',
  city: 'Town or city',
  region: 'State, province or region',
  postalCode: 'Postal code',
  country: 'Country',
  optional: '(optional)',
  shippingTitle: 'Shipping',
  noShipping: 'Sorry, we do not ship to this address.',
  reviewTitle: 'Review and pay',
  shipping: 'Shipping',
  tax: 'Tax',
  taxIncluded: 'Includes {amount} tax',
  discount: 'Discount',
  discountCode: 'Discount code',
  applyCode: 'Apply',
  removeCode: 'Remove',
  codeApplied: 'Code {code} applied: {amount} off.',
  codeEmpty: 'Enter a discount code.',
  codeInvalid: 'Discount codes use only letters, digits, "-" and "_", up to 32 characters.',
  codeUnknown: 'We do not know the code {code}. Check its spelling.',
  codeNotStarted: 'The code {code} is not valid yet.',
  codeExpired: 'The code {code} has expired.',
  codeExhausted: 'The code {code} has been used up.',
  codeCustomerLimit: 'You have already used the code {code}.',
  codeMinimum: 'The code {code} needs a subtotal of at least {amount}.',
  codeNotApplicable: 'The code {code} does not apply to anything in your cart.',
  total: 'Total',
  pay: 'Pay {amount}',
  paying: 'Placing your order…',
  continue: 'Continue',
  back: 'Back',
  edit: 'Change',
  priceChanged: 'The price of {name} changed from {old} to {new}.',
  overStock: 'Only {stock} of {name} left: lower the quantity to check out.',
  quoteChanged: 'The total changed since you looked: check it and pay again.',
  cartChanged: 'Your cart changed (signing in adds the items saved in your account): check the lines and the total.',
  fixCart: 'Back to cart to fix this',
  orderTitle: 'Order {number}',
  orderAwaitingPayment: 'Waiting for your payment…',
  orderPaid: 'Payment received. Thank you!',
  orderFulfilled: 'Your order is on its way.',
  orderPartiallyRefunded: 'Part of your payment was refunded.',
  orderRefunded: 'Your payment was refunded.',
  payNow: 'Continue to payment',
  paymentCancelled:
    'You left the payment page, so nothing was charged. Your items stay reserved until the payment window closes.',
  orderExpired: 'The payment window closed, so nothing was charged.',
  shipTo: 'Shipping to',
  yourOrders: 'Your orders',
  noOrders: 'You have no orders yet.',
  moreOrders: 'Show more orders',
  viewOrder: 'View order {number}',
  stockLimit: 'Only {stock} of {name} in stock: lower the quantity to check out.',
  stockBlocked: 'Lower the quantity of {names} to check out.',
  errorEmail: 'Enter an email address like name@example.com.',
  failedOutOfStock:
    'part of it sold out before we could reserve it. Nothing was charged: check your cart and check out again.',
  failedPriceChanged:
    'a price changed since you checked out. Nothing was charged: check the new total and check out again.',
  failedNoLongerSold: 'something in it is no longer sold. Nothing was charged: remove it and check out again.',
  failedNotProcessed: 'we could not process it. Nothing was charged: please check out again.',
};
