import type { StoredCart } from '../adapters/cart-item.js';
import type { ReminderState } from '../adapters/cart-reminders.js';
import { UnauthorizedError } from '../domain/errors.js';
import type { CartState } from '../domain/cart.js';
import { type Owner, ownerKey } from '../domain/owner.js';
import {
  CART_RESTORE_PURPOSE,
  CART_UNSUBSCRIBE_PURPOSE,
  cartRef,
  reminderLink,
  reminderToken,
  renderReminder,
} from '../domain/cart-reminder.js';
import type { Deps } from '../runtime/deps.js';

/** Most reminders one sweep looks at (a sweep runs every few minutes: the rest wait for the next). */
export const SWEEP_LIMIT = 50;
/** After a failed send, the next try waits this long. */
export const RETRY_AFTER_MS = 15 * 60_000;

/** Is the cart at the version its last checkout produced (an order placed from it)? */
function checkedOut(cart: StoredCart): boolean {
  return cart.checkout !== undefined && cart.checkout.version === cart.version;
}

/**
 * Schedules the quoted cart's reminder, in a shop that opted in (`abandonedCarts`, or
 * `CART_REMINDER_AFTER_SECONDS`): a guest's with the email the quote carried, a signed-in
 * shopper's with their account (the sweep reads its email from Cognito when it sends: access
 * tokens carry none, and a quote's email is the caller's word). Writes only when there is
 * something new: a cart with lines, not checked out, not unsubscribed, not reminded yet, whose
 * recorded email differs (a quote per keystroke of the address form costs no write).
 *
 * @example
 * ```ts
 * await recordReminderEmail(deps, stored, body.email, owner);
 * ```
 */
export async function recordReminderEmail(
  deps: Pick<Deps, 'config' | 'cartReminders' | 'now'>,
  cart: StoredCart | undefined,
  email: string | undefined,
  owner?: Owner,
): Promise<boolean> {
  const after = deps.config.cartReminderAfterSeconds;
  if (after === null || cart === undefined || cart.lines.length === 0) return false;
  if (checkedOut(cart)) return false;
  const user = owner?.kind === 'user' ? owner.username : undefined;
  if (user === undefined && email === undefined) return false;
  // One small read (the reminder's own item), so a quote per keystroke writes nothing.
  const reminder = await deps.cartReminders.state(cart.ownerKey);
  if (reminder?.off || reminder?.sent) return false;
  const remindAt = new Date(deps.now() + after * 1000).toISOString();
  if (user !== undefined) {
    if (reminder?.pending) return false;
    return deps.cartReminders.recordAccount(cart.ownerKey, user, remindAt);
  }
  if (email === undefined || (reminder?.pending && reminder.email === email)) return false;
  return deps.cartReminders.record(cart.ownerKey, email, remindAt, cart.expiresAt);
}

/**
 * Did the write that produced `cart` at `now` take it from empty to lines? Every line was added by
 * it (a line keeps the time it was first added: `added.<sku> = if_not_exists(…)`), so the answer is
 * in the write's own result: a first add, or a merge into an empty account cart. That write starts
 * an abandonment.
 */
export function startsAbandonment(cart: CartState, now: number): boolean {
  return cart.lines.length > 0 && cart.lines.every((line) => line.addedAt === now);
}

/**
 * Arms a signed-in shopper's reminder when the cart write just made starts an abandonment
 * (`startsAbandonment`), in a shop that opted in: one conditional write of the reminder's own item,
 * refused when one is pending already, was sent, or the shopper unsubscribed. Told by the write's
 * result alone, so an ordinary mutation (a cart that had lines) reads and writes nothing more, and
 * nothing happens for a guest or in a shop without reminders. Later changes need no write either:
 * the sweep moves a due reminder to the cart's `updatedAt` + the threshold. Returns whether it wrote.
 *
 * @example
 * ```ts
 * await armAccountReminder(deps, owner, result.cart, now);
 * ```
 */
export async function armAccountReminder(
  deps: Pick<Deps, 'config' | 'cartReminders'>,
  owner: Owner,
  cart: CartState,
  now: number,
): Promise<boolean> {
  const after = deps.config.cartReminderAfterSeconds;
  if (after === null || owner.kind !== 'user' || !startsAbandonment(cart, now)) return false;
  const remindAt = new Date(now + after * 1000).toISOString();
  return deps.cartReminders.recordAccount(ownerKey(owner), owner.username, remindAt);
}

/**
 * A purchase ends the cart's abandonment: called when an order's lines leave its cart (CONFIRMED in
 * the order worker, PAID in the payment worker or sweeper), before they do, so a retried job does it
 * again. The owner's sent mark goes, so the next cart they fill (an account's first line, a guest's
 * next contact step) gets its own one reminder; an unsubscribe stays (per cart owner: the account,
 * or the guest's cart id, which a restore link keeps). A pending reminder is left to the sweep.
 * Nothing in a shop without reminders. Returns whether it wrote.
 *
 * @example
 * ```ts
 * await endAbandonment(deps, order.ownerKey);
 * await deps.fulfilment.clearOrderedLines(order, deps.now());
 * ```
 */
export async function endAbandonment(deps: Pick<Deps, 'config' | 'cartReminders'>, ownerKey: string): Promise<boolean> {
  if (deps.config.cartReminderAfterSeconds === null) return false;
  return deps.cartReminders.endAbandonment(ownerKey);
}

/** Where a pending reminder goes: the guest's recorded email, or the account's now (null: the account is gone). */
async function recipient(deps: Pick<Deps, 'users'>, reminder: ReminderState | undefined): Promise<string | null> {
  if (reminder?.email) return reminder.email;
  if (!reminder?.user) return null;
  try {
    return await deps.users.email(reminder.user);
  } catch (error) {
    if (error instanceof UnauthorizedError) return null; // deleted (DELETE /me): no reminder
    throw error;
  }
}

/** What one sweep did. */
export interface SweepResult {
  readonly sent: number;
  /** Touched since they were scheduled: moved to `updatedAt` + the threshold. */
  readonly rescheduled: number;
  /** Emptied, checked out, unsubscribed or gone: no reminder. */
  readonly cancelled: number;
  readonly failed: number;
}

type SweepDeps = Pick<
  Deps,
  'config' | 'cartReminders' | 'carts' | 'catalog' | 'mailer' | 'cartTokens' | 'now' | 'users'
>;

/**
 * Sends the reminders that are due: each cart in the sparse `reminderDue` index whose
 * `remindAt` passed. A cart touched since is moved on (untouched for the threshold is
 * what counts), one emptied or checked out (a purchase) is dropped, the rest get one
 * email: the claim (a conditional write) comes first, so two sweeps never send twice;
 * a failed send gives the claim back for a later try. `now` may be moved by tests.
 *
 * @example
 * ```ts
 * const result = await sendDueReminders(deps);
 * ```
 */
export async function sendDueReminders(
  deps: SweepDeps,
  options: { readonly now?: number; readonly limit?: number; readonly log?: ReminderLog } = {},
): Promise<SweepResult> {
  const after = deps.config.cartReminderAfterSeconds;
  const result = { sent: 0, rescheduled: 0, cancelled: 0, failed: 0 };
  if (after === null) return result;
  const now = options.now ?? deps.now();
  const nowIso = new Date(now).toISOString();
  const due = await deps.cartReminders.due(nowIso, options.limit ?? SWEEP_LIMIT);
  const page = deps.config.orderPageUrl;
  // The reminders stay pending (nothing is lost) until the deployment says where its shop page is.
  if (!page) {
    if (due.length > 0) throw new Error('Set ORDER_PAGE_URL: the reminder links to the shop page');
    return result;
  }
  for (const entry of due) {
    const [cart, reminder] = await Promise.all([
      deps.carts.get(entry.ownerKey),
      deps.cartReminders.state(entry.ownerKey, { consistent: true }),
    ]);
    const to = cart && !reminder?.off ? await recipient(deps, reminder) : null;
    if (!cart || cart.lines.length === 0 || checkedOut(cart) || reminder?.off || !to) {
      await deps.cartReminders.cancel(entry.ownerKey);
      result.cancelled++;
      continue;
    }
    const untouchedUntil = Date.parse(cart.updatedAt ?? '') + after * 1000;
    if (Number.isFinite(untouchedUntil) && untouchedUntil > now) {
      const next = new Date(untouchedUntil).toISOString();
      if (await deps.cartReminders.reschedule(entry.ownerKey, entry.remindAt, next)) result.rescheduled++;
      continue;
    }
    if (!(await deps.cartReminders.claim(entry.ownerKey, entry.remindAt, nowIso))) continue; // another sweep has it
    try {
      const signer = await deps.cartTokens();
      const ref = cartRef(entry.ownerKey);
      const lookup = await deps.catalog.lookup();
      const message = renderReminder({
        shopName: deps.config.shopName,
        items: cart.lines.map((line) => ({ name: lookup(line.sku)?.name ?? line.sku, quantity: line.quantity })),
        restoreUrl: reminderLink(
          page,
          'cartkit-restore',
          ref,
          reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, ref),
        ),
        unsubscribeUrl: reminderLink(
          page,
          'cartkit-unsubscribe',
          ref,
          reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref),
        ),
      });
      const { messageId } = await deps.mailer.send({
        to,
        ...message,
        idempotencyKey: `cart-reminder-${ref}`,
      });
      result.sent++;
      // The cart's reference and SES's id only: never the address or a link.
      options.log?.info('cart reminder sent', { cart: ref.slice(0, 8), messageId });
    } catch (error) {
      result.failed++;
      const retryAt = new Date(now + RETRY_AFTER_MS).toISOString();
      const back = reminder?.user ? { user: reminder.user } : { email: to };
      await deps.cartReminders.release(entry.ownerKey, back, nowIso, retryAt);
      options.log?.warn('cart reminder not sent', { error: (error as Error).name });
    }
  }
  return result;
}

/** The log calls of a sweep (Powertools' `Logger` fits): cart reference prefixes and outcomes only. */
export interface ReminderLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}
