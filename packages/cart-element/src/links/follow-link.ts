import type { DrawerContentHost } from '../controllers/drawer-content-controller.js';
import type { ErrorReporter } from '../error-reporter.js';
import type { CartClient, Order } from '../sdk.js';
import { followOrderReturn } from './order-return.js';
import { followReminderLink } from './reminder-link.js';

/** What a link's follower may do to the cart that took the link. */
export interface LinkTarget {
  readonly host: DrawerContentHost;
  /** Opens the drawer on `order`; `cancelled`: back from its payment page's cancel link. */
  showOrder(order: Order, cancelled?: boolean): void;
  /** Opens the drawer with `text` above the cart, and announces it. */
  notify(text: string): void;
}

/**
 * Follows one kind of link. The returned promise settles before any cart on
 * the page attaches its client: do here what the client must find when it
 * loads (a stored cart token, a session). The function it resolves to, if any,
 * runs once this cart's client is attached.
 */
export type LinkFollower = (
  link: URLSearchParams,
  target: LinkTarget,
  errors: ErrorReporter,
) => Promise<((client: CartClient) => void) | undefined>;

/**
 * The followers, by the fragment's first key (`#cartkit-<name>=…&…`). A new
 * kind of link is one entry here and its own file; an unknown name is ignored
 * (the fragment is gone from the address bar all the same).
 */
const followers: Readonly<Record<string, LinkFollower>> = {
  'cartkit-order': followOrderReturn,
  'cartkit-restore': followReminderLink,
  'cartkit-unsubscribe': followReminderLink,
};

/**
 * What a page opened from a `#cartkit-…` link runs (in the drawer's lazy chunk,
 * which that page opens anyway): it dispatches on the fragment's first key.
 *
 * @example
 * ```ts
 * // In the drawer's controller, when `location.hash` starts with `#cartkit-`:
 * const then = await (await loadTemplates()).followLink(link, this, errors);
 * ```
 */
export function followLink(
  link: URLSearchParams,
  target: LinkTarget,
  errors: ErrorReporter,
): Promise<((client: CartClient) => void) | undefined> {
  const [name] = link.keys();
  const follow = name === undefined ? undefined : followers[name];
  return follow ? follow(link, target, errors) : Promise.resolve(undefined);
}
