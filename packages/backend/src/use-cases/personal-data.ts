import type { ReminderState } from '../adapters/cart-reminders.js';
import type { StoredOrder } from '../domain/order.js';
import { toWireOrder } from '../domain/order.js';
import { erasePersonalData } from '../domain/webhook.js';
import type { Deps } from '../runtime/deps.js';

/**
 * Every order of an owner, newest first, all pages of the `byOwner` index.
 *
 * @example
 * ```ts
 * const orders = await everyOrderOf(deps, 'user#abc');
 * ```
 */
export async function everyOrderOf(deps: Deps, ownerKey: string): Promise<StoredOrder[]> {
  const orders: StoredOrder[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.orders.listByOwner(ownerKey, { limit: 100, ...(cursor === undefined ? {} : { cursor }) });
    orders.push(...page.orders);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return orders;
}

/**
 * Everything stored about a signed-in shopper, as `GET /me/export` answers
 * it: the account (id, email), the cart (its lines as stored and whether a
 * checkout froze it), every order with its address and email, and the cart's
 * abandoned-cart reminder record (`cartReminder`, null when none). Discount
 * usage is kept only as a hash of the email and is not reversible, so it is
 * not listed.
 */
export async function exportPersonalData(
  deps: Deps,
  user: { readonly id: string; readonly username: string },
  ownerKey: string,
) {
  const [email, cart, orders, reminder] = await Promise.all([
    deps.users.email(user.username),
    deps.carts.get(ownerKey),
    everyOrderOf(deps, ownerKey),
    deps.cartReminders.state(ownerKey, { consistent: true }),
  ]);
  return {
    exportedAt: new Date(deps.now()).toISOString(),
    account: { userId: user.id, email },
    carts:
      cart === undefined
        ? []
        : [
            {
              version: cart.version,
              updatedAt: cart.updatedAt,
              lines: cart.lines.map((line) => ({
                sku: line.sku,
                quantity: line.quantity,
                addedAt: new Date(line.addedAt).toISOString(),
              })),
              ...(cart.checkout ? { checkedOutInto: cart.checkout.orderId } : {}),
            },
          ],
    orders: orders.map(toWireOrder),
    cartReminder: exportedReminder(reminder),
  };
}

/** The abandoned-cart reminder record's state, as the export shows it. */
export type ExportedReminderState = 'pending' | 'sent' | 'unsubscribed' | 'none';

/**
 * The account cart's reminder record (`remind#<owner key>`) as `GET /me/export` shows it, or null
 * when none was ever written: its state, its times, and the Cognito username a pending one holds
 * (the account's email is read from it when the reminder goes). An unsubscribe outranks the rest.
 */
function exportedReminder(reminder: ReminderState | undefined) {
  if (reminder === undefined) return null;
  const state: ExportedReminderState = reminder.off
    ? 'unsubscribed'
    : reminder.pending
      ? 'pending'
      : reminder.sent
        ? 'sent'
        : 'none';
  return {
    state,
    dueAt: reminder.remindAt ?? null,
    sentAt: reminder.sentAt ?? null,
    unsubscribedAt: reminder.offAt ?? null,
    cognitoUsername: reminder.user ?? null,
    // An account's record holds no address (the sweep reads the account's); listed should one be there.
    ...(reminder.email === undefined ? {} : { email: reminder.email }),
  };
}

/**
 * `DELETE /me`'s part for orders: every order of the owner loses its personal fields
 * (`OrderStore.anonymise`), and so do the payloads of the merchant webhook deliveries
 * about it (kept 30 days for retries and replays; `erasePersonalData`).
 */
export async function anonymiseOrders(deps: Deps, ownerKey: string): Promise<number> {
  const orders = await everyOrderOf(deps, ownerKey);
  for (const order of orders) {
    await deps.orders.anonymise(order.orderId, deps.now());
    await deps.webhooks.eraseOrder(order.orderId, erasePersonalData, deps.now());
  }
  return orders.length;
}
