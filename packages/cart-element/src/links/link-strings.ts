/**
 * The strings of the links a shopper opens from an email or comes back by
 * (`#cartkit-…`): the abandoned-cart reminder's restore and unsubscribe links.
 * Their defaults load with the links' lazy chunk, only on a page opened from
 * such a link; replace them like any other string
 * (`cart.setStrings({ linkRestored: '…' })`).
 */
export interface LinkStrings {
  /** The reminder's link brought the cart back on this device. */
  linkRestored: string;
  /** The reminder's unsubscribe link: no reminder for that cart, now or later. */
  linkUnsubscribed: string;
  /** A link whose token is wrong or cut short (400, 403): nothing changed. */
  linkInvalid: string;
  /** The link's cart is gone (404: it expired, or was ordered or merged into an account): nothing changed. */
  linkExpired: string;
  /** Too many links opened from this network at once (429): nothing changed. */
  linkRateLimited: string;
  /** The shop could not be reached, or answered otherwise: nothing changed. */
  linkFailed: string;
}

/** The English defaults. */
export const defaultLinkStrings: LinkStrings = {
  linkRestored: 'Welcome back! Here is the cart you left.',
  linkUnsubscribed: 'You won’t get reminders for this cart.',
  linkInvalid: 'This link doesn’t work: it may be incomplete or from an older email. Nothing was changed.',
  linkExpired: 'This cart is no longer available: it has expired or was already ordered. Nothing was changed.',
  linkRateLimited: 'Too many tries just now. Please wait a minute and open the link again.',
  linkFailed: 'We couldn’t open this link. Please try again in a moment.',
};
