// The SDK's own entry for it, not `../sdk.js`: imported from the index, every bundler would
// put it in the element's first load (the index is there); from here it rides in this chunk.
import { handleReminderLink, type ReminderLinkResult } from '@cartkit/cart-sdk/reminder-links';
import type { LinkFollower } from './follow-link.js';
import { defaultLinkStrings, type LinkStrings } from './link-strings.js';

/** The notice for what the server made of the link, in the shopper's words. */
function noticeFor(result: ReminderLinkResult | undefined, strings: LinkStrings): string | undefined {
  switch (result?.kind) {
    case 'none':
      return undefined;
    case 'restored':
      return strings.linkRestored;
    case 'unsubscribed':
      return strings.linkUnsubscribed;
    case 'refused':
      if (result.status === 404) return strings.linkExpired;
      if (result.status === 429) return strings.linkRateLimited;
      return result.status === 400 || result.status === 403 ? strings.linkInvalid : strings.linkFailed;
    default:
      return strings.linkFailed; // the shop was unreachable
  }
}

/**
 * An abandoned-cart reminder's links, `#cartkit-restore=<cart>&token=<t>` and
 * `#cartkit-unsubscribe=<cart>&token=<t>` (docs/API.md, "Abandoned carts"),
 * through the SDK's `handleReminderLink`, before the client loads: the link's
 * lines are added into this browser's own cart (a new anonymous one if it has
 * none, its token stored where the client reads it; a signed-in shopper's then
 * merges into the account, as at sign-in), never in place of it, so the client
 * loads them with what the cart held. Then the drawer opens with a notice; a
 * refused link changes nothing.
 *
 * A page that gives the element its own client calls `handleReminderLink`
 * itself before creating it: the client reads its token when it is created.
 */
export const followReminderLink: LinkFollower = async (link, target) => {
  const host = target.host;
  const apiUrl = host.client?.apiUrl ?? host.api;
  const result = apiUrl
    ? await handleReminderLink({ apiUrl, hash: `#${link}` }).catch(() => undefined)
    : ({ kind: 'refused', status: 0, detail: '' } as const);
  const text = noticeFor(result, { ...defaultLinkStrings, ...host.strings });
  if (text === undefined) return undefined;
  return () => target.notify(text);
};
