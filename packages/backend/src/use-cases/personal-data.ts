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
 * checkout froze it) and every order with its address and email. Discount
 * usage is kept only as a hash of the email and is not reversible, so it is
 * not listed.
 */
export async function exportPersonalData(
  deps: Deps,
  user: { readonly id: string; readonly username: string },
  ownerKey: string,
) {
  const [email, cart, orders] = await Promise.all([
    deps.users.email(user.username),
    deps.carts.get(ownerKey),
    everyOrderOf(deps, ownerKey),
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
