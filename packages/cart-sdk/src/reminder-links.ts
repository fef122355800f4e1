import { defaultStorage, type StorageAdapter, storageKeys, writeJson } from './store/storage.js';

/** What {@link handleReminderLink} did with the page's fragment. */
export type ReminderLinkResult =
  /** No reminder link in the fragment: nothing done. */
  | { readonly kind: 'none' }
  /** The link's cart is this browser's anonymous cart now (the next client created here shows it). */
  | { readonly kind: 'restored' }
  /** No reminder will be sent for that cart. */
  | { readonly kind: 'unsubscribed' }
  /** The server refused the link (`status` 400/403/404/429…), its reason in `detail`; nothing changed. */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string };

export interface ReminderLinkOptions {
  /** The same `apiUrl` the page's cart client uses (the stored token is scoped by it). */
  readonly apiUrl: string;
  /** Where the cart client keeps its token; default `localStorage` in browsers. */
  readonly storage?: StorageAdapter;
  /** The fragment to read; default `location.hash`, which is then removed from the address bar. */
  readonly hash?: string;
  readonly fetch?: typeof fetch;
}

/**
 * Follows an abandoned-cart reminder link: `#cartkit-restore=<cart>&token=<t>`
 * adopts that cart on this device (`POST /cart/restore`, its anonymous cart token
 * stored where the cart client reads it, replacing this browser's own anonymous
 * cart; a signed-in shopper's client merges it into the account as at sign-in);
 * `#cartkit-unsubscribe=<cart>&token=<t>` stops that cart's reminder
 * (`POST /cart/reminders/unsubscribe`). Call it before creating the page's cart
 * client (`<shopping-cart>` calls it itself). Its own entry,
 * `@cartkit/cart-sdk/reminder-links`, not the index: a page that does not call
 * it does not ship it, and no bundler puts it in a first load because a lazy
 * chunk calls it. The fragment leaves the address bar and the history at once:
 * the token must not stay in a shared link.
 *
 * @example
 * ```ts
 * import { createCartClient } from '@cartkit/cart-sdk';
 * import { handleReminderLink } from '@cartkit/cart-sdk/reminder-links';
 *
 * await handleReminderLink({ apiUrl: '/api' });
 * const client = createCartClient({ apiUrl: '/api' });
 * ```
 */
export async function handleReminderLink(options: ReminderLinkOptions): Promise<ReminderLinkResult> {
  const fromLocation = options.hash === undefined;
  const hash = options.hash ?? (typeof location === 'undefined' ? '' : location.hash);
  const kind = hash.startsWith('#cartkit-restore=')
    ? 'restore'
    : hash.startsWith('#cartkit-unsubscribe=')
      ? 'unsubscribe'
      : undefined;
  if (!kind) return { kind: 'none' };
  const params = new URLSearchParams(hash.slice(1));
  if (fromLocation && typeof history !== 'undefined') {
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const body = { cart: params.get(`cartkit-${kind}`) ?? '', token: params.get('token') ?? '' };
  const path = kind === 'restore' ? 'cart/restore' : 'cart/reminders/unsubscribe';
  const response = await (options.fetch ?? fetch)(`${apiUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: unknown };
    const detail = typeof problem.detail === 'string' ? problem.detail : `The link was refused (${response.status}).`;
    return { kind: 'refused', status: response.status, detail };
  }
  if (kind === 'unsubscribe') return { kind: 'unsubscribed' };
  const { cartToken } = (await response.json()) as { cartToken: string };
  await writeJson(options.storage ?? defaultStorage(), storageKeys(apiUrl).cartToken, cartToken);
  return { kind: 'restored' };
}
