import { randomBytes, randomUUID } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Cart, LIMITS, type Quote } from '@cartkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartTokenSigner } from '../../src/adapters/cart-token.js';
import { loadConfig } from '../../src/config.js';
import {
  CART_RESTORE_PURPOSE,
  CART_UNSUBSCRIBE_PURPOSE,
  cartRef,
  reminderToken,
} from '../../src/domain/cart-reminder.js';
import type { LocalEmail } from '../../src/local/emulators/ses.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import type { Deps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { handler as cartReminder } from '../../src/handlers/cart-reminder.js';
import { sendDueReminders } from '../../src/use-cases/cart-reminders.js';
import { METER_ENV, type MeterSnapshot, meterSnapshot } from '../../src/runtime/meter.js';
import { US_ADDRESS } from '../support/checkout.js';

// A stack of its own: a sweep here runs with a clock hours ahead, and must find only this file's carts
// (the shared stack's other files quote with emails too). The shop (data/shop.json) opts in: 24 hours.
let stack: LocalStack;
let deps: Deps;
let signer: CartTokenSigner;
const HOUR = 3600_000;

beforeAll(async () => {
  // The cost meter (runtime/meter.ts): what a cart mutation writes, counted per function.
  process.env[METER_ENV] = '1';
  stack = await startLocalStack({ port: 0, quiet: true });
  deps = await createDeps(loadConfig(process.env));
  signer = new CartTokenSigner(stack.cartTokenSecret);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function api<T>(
  method: string,
  path: string,
  options: { cartToken?: string; bearer?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(options.cartToken ? { 'x-cart-token': options.cartToken } : {}),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A guest's cart with one line, quoted with `email` (the contact step). */
async function guestAtContactStep(email: string): Promise<{ cartToken: string; ownerKey: string }> {
  const anonymous = await api<{ cartToken: string }>('POST', '/cart/anonymous');
  expect(anonymous.status).toBe(201);
  const { cartToken } = anonymous.body;
  const added = await api('POST', '/cart/items', { cartToken, body: { sku: 'TEE-CLASSIC', quantity: 2 } });
  expect(added.status).toBe(200);
  const quote = await api<Quote>('POST', '/checkout/quote', {
    cartToken,
    body: { email, shippingAddress: US_ADDRESS },
  });
  expect(quote.status).toBe(200);
  return { cartToken, ownerKey: `anon#${cartToken.split('.')[0]}` };
}

/** The cart's reminder item, beside the cart in the Carts table (its bookkeeping never rides on the cart item). */
async function reminderItem(ownerKey: string): Promise<Record<string, unknown> | undefined> {
  return cartItem(`remind#${ownerKey}`);
}

/** The reminder attributes on the cart item itself: none, whatever the reminder's state. */
async function reminderAttributesOnCart(ownerKey: string): Promise<string[]> {
  return Object.keys((await cartItem(ownerKey)) ?? {}).filter((name) => name.startsWith('remind'));
}

async function cartItem(ownerKey: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.config.tables.carts, Key: { pk: ownerKey }, ConsistentRead: true }),
  );
  return Item;
}

async function reminders(email: string): Promise<LocalEmail[]> {
  const store = (await (await fetch(stack.mailbox.storeUrl)).json()) as { emails: LocalEmail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(email) && /cart is waiting/.test(mail.subject));
}

/** A confirmed account on this stack's cognito-local, signed in: its email and access token. */
async function signedInShopper(): Promise<{ email: string; accessToken: string }> {
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: stack.env.COGNITO_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const email = `member-${randomUUID()}@example.com`;
  const password = 'Correct-horse-9';
  const ClientId = stack.env.USER_POOL_CLIENT_ID;
  await cognito.send(
    new SignUpCommand({
      ClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.env.USER_POOL_ID, Username: email }));
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  cognito.destroy();
  const accessToken = auth.AuthenticationResult?.AccessToken;
  if (!accessToken) throw new Error('cognito-local gave no access token');
  return { email, accessToken };
}

/** A signed-in shopper's cart with one line, quoted WITHOUT an email (an access token carries none). */
async function memberAtCheckout(): Promise<{ email: string; accessToken: string; ownerKey: string }> {
  const member = await signedInShopper();
  const added = await api<Cart>('POST', '/cart/items', {
    bearer: member.accessToken,
    body: { sku: 'TEE-CLASSIC', quantity: 1 },
  });
  expect(added.status).toBe(200);
  const quote = await api('POST', '/checkout/quote', {
    bearer: member.accessToken,
    body: { shippingAddress: US_ADDRESS },
  });
  expect(quote.status).toBe(200);
  const sub = JSON.parse(Buffer.from(member.accessToken.split('.')[1] ?? '', 'base64url').toString()).sub as string;
  return { ...member, ownerKey: `user#${sub}` };
}

/** The sub of an access token's user, as the cart's owner key names it. */
function ownerKeyOf(accessToken: string): string {
  return `user#${JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()).sub as string}`;
}

/**
 * The DynamoDB writes the HTTP functions (cart API, checkout API) made while `act` ran (`UpdateItem`, `PutItem`, …: calls, refused
 * conditional writes apart as `<command>!failed`), from the cost meter.
 */
async function apiWrites(act: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = meterSnapshot();
  await act();
  return writesBetween(before, meterSnapshot());
}

const calls = (snapshot: MeterSnapshot, key: string) => snapshot.calls[key]?.calls ?? 0;

function writesBetween(before: MeterSnapshot, after: MeterSnapshot): Record<string, number> {
  const writes: Record<string, number> = {};
  for (const [key, entry] of Object.entries(after.calls)) {
    const [fn = '', service, command = ''] = key.split('|');
    if (!['cart-api', 'checkout-api'].includes(fn) || service !== 'dynamodb') continue;
    if (!/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command)) continue;
    // A refused write is counted under its command and again as `<command>!failed`: counted once here.
    const failed = command.endsWith('!failed') ? 0 : calls(after, `${key}!failed`) - calls(before, `${key}!failed`);
    const made = entry.calls - (before.calls[key]?.calls ?? 0) - failed;
    if (made > 0) writes[`${fn} ${command}`] = made;
  }
  return writes;
}

const sweepAt = (msFromNow: number) => sendDueReminders(deps, { now: Date.now() + msFromNow });
const guestEmail = () => `guest-${randomUUID()}@example.com`;

describe('abandoned carts (issue 16)', () => {
  it('records the email of the contact step once, on that cart only', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);
    const item = await reminderItem(ownerKey);
    expect(item).toMatchObject({ remindEmail: email, remind: '1' });
    expect(await reminderAttributesOnCart(ownerKey)).toEqual([]);
    const remindAt = Date.parse(String(item?.remindAt));
    expect(remindAt - Date.now()).toBeGreaterThan(23.9 * HOUR);
    expect(remindAt - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    // A quote per keystroke does not write again: same email, same schedule.
    await api('POST', '/checkout/quote', { cartToken, body: { email, shippingAddress: US_ADDRESS } });
    expect((await reminderItem(ownerKey))?.remindAt).toBe(item?.remindAt);
    // A cart mutation carries none of it (and leaves it as it was).
    await api('PUT', '/cart/items/TEE-CLASSIC', { cartToken, body: { quantity: 3 } });
    expect(await reminderItem(ownerKey)).toMatchObject({ remindEmail: email, remindAt: item?.remindAt });
    expect(await reminderAttributesOnCart(ownerKey)).toEqual([]);
    // The scheduled function itself (its topology's services only), on the real clock: nothing is due yet.
    expect(await cartReminder({} as never)).toEqual({ sent: 0, rescheduled: 0, cancelled: 0, failed: 0 });
  });

  it('sends one reminder after 24 untouched hours, and its link copies the lines into another browser’s cart, keeping that cart’s own', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);

    await sweepAt(HOUR);
    expect(await reminders(email)).toHaveLength(0);

    const first = await sweepAt(25 * HOUR);
    expect(first.sent).toBeGreaterThanOrEqual(1);
    await sweepAt(26 * HOUR);
    await sweepAt(48 * HOUR);
    const sent = await reminders(email);
    expect(sent).toHaveLength(1);
    const item = await reminderItem(ownerKey);
    expect(item?.reminderSentAt).toEqual(expect.any(String));
    expect(item?.remind).toBeUndefined();
    // The address is not kept once it has served.
    expect(item?.remindEmail).toBeUndefined();

    const text = sent[0]?.body.text ?? '';
    expect(text).toContain('2 × Classic Cotton Tee');
    const restore = /#cartkit-restore=([^&\s]+)&token=([A-Za-z0-9_-]+)/.exec(text);
    expect(restore).not.toBeNull();
    expect(/#cartkit-unsubscribe=([^&\s]+)&token=([A-Za-z0-9_-]+)/.test(text)).toBe(true);
    const [, ref, token] = restore as unknown as [string, string, string];
    expect(decodeURIComponent(ref)).toBe(cartRef(ownerKey));

    // Another browser, with a cart of its own: the link copies the reminder's lines into it.
    const own = await api<{ cartToken: string }>('POST', '/cart/anonymous');
    const browser = own.body.cartToken;
    await api('POST', '/cart/items', { cartToken: browser, body: { sku: 'MUG-STONE', quantity: 1 } });
    const restored = await api<Cart & { cartToken?: string }>('POST', '/cart/restore', {
      cartToken: browser,
      body: { cart: decodeURIComponent(ref), token },
    });
    expect(restored.status).toBe(200);
    expect(restored.body.cartToken).toBeUndefined();
    const lines = (cart: Cart) => cart.items.map((line) => [line.sku, line.quantity]).sort();
    expect(lines(restored.body)).toEqual([
      ['MUG-STONE', 1],
      ['TEE-CLASSIC', 2],
    ]);
    expect((await api<Cart>('GET', '/cart', { cartToken: browser })).body).toEqual(restored.body);
    // ... and can go on shopping in it, without touching the reminder's cart.
    const more = await api<Cart>('PUT', '/cart/items/TEE-CLASSIC', { cartToken: browser, body: { quantity: 4 } });
    expect(more.status).toBe(200);
    expect(lines((await api<Cart>('GET', '/cart', { cartToken })).body)).toEqual([['TEE-CLASSIC', 2]]);
  });

  it('restoring copies into the caller’s cart: the reminder’s cart is untouched and its token never sees the caller’s', async () => {
    // The attacker's own cart, reminded; the victim follows the attacker's link.
    const attackerEmail = guestEmail();
    const { cartToken: attacker, ownerKey: attackerKey } = await guestAtContactStep(attackerEmail);
    const ref = cartRef(attackerKey);
    const token = reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, ref);
    const attackerBefore = await cartItem(attackerKey);
    const victim = (await api<{ cartToken: string }>('POST', '/cart/anonymous')).body.cartToken;
    const victimKey = `anon#${victim.split('.')[0]}`;
    const restored = await api<Cart & { cartToken?: string }>('POST', '/cart/restore', {
      cartToken: victim,
      body: { cart: ref, token },
    });
    expect(restored.status).toBe(200);
    expect(restored.body.cartToken).toBeUndefined();
    expect(restored.body.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
    expect(victimKey).not.toBe(attackerKey);
    // The reminder's cart is exactly as it was.
    expect(await cartItem(attackerKey)).toEqual(attackerBefore);
    // The victim shops and gives an email and address at the quote, in the victim's own cart.
    await api('POST', '/cart/items', { cartToken: victim, body: { sku: 'PEN-BRASS', quantity: 3 } });
    const victimEmail = guestEmail();
    const quote = await api('POST', '/checkout/quote', {
      cartToken: victim,
      body: { email: victimEmail, shippingAddress: US_ADDRESS },
    });
    expect(quote.status).toBe(200);
    // The attacker's token sees the attacker's cart only: none of the victim's lines, not the victim's email.
    const seen = await api<Cart>('GET', '/cart', { cartToken: attacker });
    expect(seen.body.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
    expect(await cartItem(attackerKey)).toEqual(attackerBefore);
    expect(JSON.stringify(await reminderItem(attackerKey))).not.toContain(victimEmail);
    expect((await reminderItem(victimKey))?.remindEmail).toBe(victimEmail);
    // Nor can the attacker's token write into the victim's cart.
    await api('POST', '/cart/items', { cartToken: attacker, body: { sku: 'CAP-CANVAS', quantity: 1 } });
    const victimCart = await api<Cart>('GET', '/cart', { cartToken: victim });
    expect(victimCart.body.items.map((line) => line.sku).sort()).toEqual(['PEN-BRASS', 'TEE-CLASSIC']);
  });

  it('a restore link followed twice, or twice at once, adds once; capped at the line limit', async () => {
    const { cartToken: reminded, ownerKey } = await guestAtContactStep(guestEmail());
    const ref = cartRef(ownerKey);
    const token = reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, ref);
    const browser = (await api<{ cartToken: string }>('POST', '/cart/anonymous')).body.cartToken;
    await api('POST', '/cart/items', { cartToken: browser, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    const [one, two] = await Promise.all([
      api<Cart>('POST', '/cart/restore', { cartToken: browser, body: { cart: ref, token } }),
      api<Cart>('POST', '/cart/restore', { cartToken: browser, body: { cart: ref, token } }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const again = await api<Cart>('POST', '/cart/restore', { cartToken: browser, body: { cart: ref, token } });
    expect(again.status).toBe(200);
    // 1 of its own + 2 from the link, once.
    for (const answer of [one, two, again]) {
      expect(answer.body.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 3]]);
    }
    const cart = await api<Cart>('GET', '/cart', { cartToken: browser });
    expect(cart.body.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 3]]);
    expect(cart.body.version).toBe(2);
    // Following the link from the reminder's own cart changes nothing.
    const self = await api<Cart>('POST', '/cart/restore', { cartToken: reminded, body: { cart: ref, token } });
    expect(self.status).toBe(200);
    expect(self.body.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', 2]]);
    // Quantities add up to the line limit, no further.
    const full = (await api<{ cartToken: string }>('POST', '/cart/anonymous')).body.cartToken;
    await api('POST', '/cart/items', {
      cartToken: full,
      body: { sku: 'TEE-CLASSIC', quantity: LIMITS.maxQuantity - 1 },
    });
    const capped = await api<Cart>('POST', '/cart/restore', { cartToken: full, body: { cart: ref, token } });
    expect(capped.status).toBe(200);
    expect(capped.body.items.map((line) => [line.sku, line.quantity])).toEqual([['TEE-CLASSIC', LIMITS.maxQuantity]]);
  });

  it('a signed-in shopper’s restore adds into the account’s cart, and needs credentials', async () => {
    const { ownerKey } = await guestAtContactStep(guestEmail());
    const ref = cartRef(ownerKey);
    const token = reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, ref);
    const { accessToken } = await signedInShopper();
    await api('POST', '/cart/items', { bearer: accessToken, body: { sku: 'NOTEBOOK-A5', quantity: 1 } });
    const restored = await api<Cart>('POST', '/cart/restore', { bearer: accessToken, body: { cart: ref, token } });
    expect(restored.status).toBe(200);
    expect(restored.body.owner).toBe('user');
    expect(restored.body.items.map((line) => [line.sku, line.quantity]).sort()).toEqual([
      ['NOTEBOOK-A5', 1],
      ['TEE-CLASSIC', 2],
    ]);
    expect((await api<Cart>('GET', '/cart', { bearer: accessToken })).body.items).toEqual(restored.body.items);
    // No credentials: 401, nothing changed.
    const before = await cartItem(ownerKey);
    const anonymous = await api<{ detail: string }>('POST', '/cart/restore', { body: { cart: ref, token } });
    expect(anonymous.status).toBe(401);
    expect(await cartItem(ownerKey)).toEqual(before);
  });

  it('waits for 24 hours after the last change, not after the contact step', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);
    const remindAt = Date.parse(String((await reminderItem(ownerKey))?.remindAt));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await api('PUT', '/cart/items/TEE-CLASSIC', { cartToken, body: { quantity: 1 } });
    const touched = Date.parse(String((await cartItem(ownerKey))?.updatedAt));

    const early = await sendDueReminders(deps, { now: remindAt + 500 });
    expect(early.rescheduled).toBeGreaterThanOrEqual(1);
    expect(await reminders(email)).toHaveLength(0);
    expect(Date.parse(String((await reminderItem(ownerKey))?.remindAt))).toBe(touched + 24 * HOUR);

    await sendDueReminders(deps, { now: touched + 24 * HOUR + 1 });
    expect(await reminders(email)).toHaveLength(1);
  });

  it('sends none after a purchase', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);
    const quote = await api<Quote>('POST', '/checkout/quote', {
      cartToken,
      body: { email, shippingAddress: US_ADDRESS },
    });
    const placed = await api<{ orderId: string }>('POST', '/cart/checkout', {
      cartToken,
      body: {
        email,
        shippingAddress: US_ADDRESS,
        shippingOptionId: quote.body.shippingOptionId ?? 'us-standard',
        expectedTotal: quote.body.total,
      },
    });
    expect(placed.status).toBe(202);

    await sweepAt(25 * HOUR);
    expect(await reminders(email)).toHaveLength(0);
    const item = await reminderItem(ownerKey);
    expect(item?.remind).toBeUndefined();
    expect(item?.remindEmail).toBeUndefined();
  });

  it('sends none after an unsubscribe, and a later quote does not arm it again', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);
    const ref = cartRef(ownerKey);
    const token = reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref);

    const off = await api('POST', '/cart/reminders/unsubscribe', { body: { cart: ref, token } });
    expect(off.status).toBe(204);
    const again = await api('POST', '/cart/reminders/unsubscribe', { body: { cart: ref, token } });
    expect(again.status).toBe(204);
    await api('POST', '/checkout/quote', { cartToken, body: { email: guestEmail(), shippingAddress: US_ADDRESS } });

    await sweepAt(25 * HOUR);
    expect(await reminders(email)).toHaveLength(0);
    const item = await reminderItem(ownerKey);
    expect(item?.remindOff).toEqual(expect.any(String));
    expect(item?.remind).toBeUndefined();
    expect(item?.remindEmail).toBeUndefined();
  });

  it('refuses forged, cut or misused link tokens with a clear error, and changes nothing', async () => {
    const email = guestEmail();
    const { ownerKey } = await guestAtContactStep(email);
    const ref = cartRef(ownerKey);
    // The caller's own cart, with a line: every refusal leaves it (and the reminder's cart) as it was.
    const caller = (await api<{ cartToken: string }>('POST', '/cart/anonymous')).body.cartToken;
    const callerKey = `anon#${caller.split('.')[0]}`;
    await api('POST', '/cart/items', { cartToken: caller, body: { sku: 'MUG-STONE', quantity: 1 } });
    const before = [await cartItem(ownerKey), await reminderItem(ownerKey), await cartItem(callerKey)];
    const restoreToken = reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, ref);
    const unsubscribeToken = reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref);
    const otherSigner = new CartTokenSigner(randomBytes(32).toString('base64url'));
    const cases: { path: string; body: unknown; status: number; detail: RegExp }[] = [
      {
        path: '/cart/restore',
        body: { cart: ref, token: randomBytes(16).toString('base64url') },
        status: 403,
        detail: /not valid/,
      },
      // Another deployment's key, the right purpose.
      {
        path: '/cart/restore',
        body: {
          cart: ref,
          token: reminderToken(otherSigner.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, ref),
        },
        status: 403,
        detail: /not valid/,
      },
      // The unsubscribe link's token does not restore, nor the reverse.
      { path: '/cart/restore', body: { cart: ref, token: unsubscribeToken }, status: 403, detail: /not valid/ },
      {
        path: '/cart/reminders/unsubscribe',
        body: { cart: ref, token: restoreToken },
        status: 403,
        detail: /not valid/,
      },
      // Cut short in the mail client.
      {
        path: '/cart/restore',
        body: { cart: ref, token: restoreToken.slice(0, 20) },
        status: 403,
        detail: /not valid/,
      },
      {
        path: '/cart/restore',
        body: { cart: ref.slice(0, 10), token: restoreToken },
        status: 400,
        detail: /does not name a cart/,
      },
      { path: '/cart/restore', body: { cart: ref }, status: 400, detail: /expected shape/ },
      // A token for another cart.
      {
        path: '/cart/restore',
        body: { cart: `a.${randomBytes(16).toString('base64url')}`, token: restoreToken },
        status: 403,
        detail: /not valid/,
      },
    ];
    for (const { path, body, status, detail } of cases) {
      const response = await api<{ code: string; detail: string; cartToken?: string }>('POST', path, {
        body,
        cartToken: caller,
      });
      expect({ path, body, status: response.status }).toEqual({ path, body, status });
      expect(response.body.detail).toMatch(detail);
      expect(response.body.cartToken).toBeUndefined();
    }
    expect([await cartItem(ownerKey), await reminderItem(ownerKey), await cartItem(callerKey)]).toEqual(before);

    // A valid link to a cart that is gone: 404, no token.
    const goneRef = `a.${randomBytes(16).toString('base64url')}`;
    const gone = await api<{ detail: string }>('POST', '/cart/restore', {
      cartToken: caller,
      body: {
        cart: goneRef,
        token: reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, goneRef),
      },
    });
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toMatch(/no longer exists/);
    // An account's cart is not handed to an anonymous token.
    const userRef = `u.${randomUUID()}`;
    const account = await api<{ detail: string }>('POST', '/cart/restore', {
      cartToken: caller,
      body: {
        cart: userRef,
        token: reminderToken(signer.derivedKey(CART_RESTORE_PURPOSE), CART_RESTORE_PURPOSE, userRef),
      },
    });
    expect(account.status).toBe(403);
    expect(account.body.detail).toMatch(/sign in/);
    expect(await cartItem(callerKey)).toEqual(before[2]);
  });
  it("reminds a signed-in shopper whose quote carried no email, at the account's address", async () => {
    const { email, ownerKey } = await memberAtCheckout();
    const item = await reminderItem(ownerKey);
    // The account, not an address: the email is read from Cognito when the reminder goes.
    expect(item).toMatchObject({ remind: '1', remindUser: expect.any(String) });
    expect(item?.remindEmail).toBeUndefined();

    await sweepAt(25 * HOUR);
    await sweepAt(26 * HOUR);
    const sent = await reminders(email);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).toContain('1 × Classic Cotton Tee');
    expect(sent[0]?.body.text).toMatch(/#cartkit-restore=u\./);
    const after = await reminderItem(ownerKey);
    expect(after?.reminderSentAt).toEqual(expect.any(String));
    expect(after?.remindUser).toBeUndefined();
  });

  it("a quote's email does not redirect a signed-in shopper's reminder", async () => {
    const member = await signedInShopper();
    await api('POST', '/cart/items', { bearer: member.accessToken, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    const elsewhere = guestEmail();
    await api('POST', '/checkout/quote', {
      bearer: member.accessToken,
      body: { email: elsewhere, shippingAddress: US_ADDRESS },
    });
    await sweepAt(25 * HOUR);
    expect(await reminders(elsewhere)).toHaveLength(0);
    expect(await reminders(member.email)).toHaveLength(1);
  });

  it('sends none after DELETE /me', async () => {
    const { email, accessToken, ownerKey } = await memberAtCheckout();
    expect((await reminderItem(ownerKey))?.remind).toBe('1');
    const deleted = await api('DELETE', '/me', { bearer: accessToken });
    expect(deleted.status).toBe(204);

    await sweepAt(25 * HOUR);
    expect(await reminders(email)).toHaveLength(0);
    expect(await cartItem(ownerKey)).toBeUndefined();
    expect(await reminderItem(ownerKey)).toBeUndefined();
  });
  it('drops a reminder recorded on the cart item itself (before it had an item of its own) and sends the others', async () => {
    const legacy = guestEmail();
    const old = await guestAtContactStep(guestEmail());
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.config.tables.carts,
        Key: { pk: old.ownerKey },
        UpdateExpression: 'SET remindEmail = :email, remind = :one, remindAt = :at',
        ExpressionAttributeValues: { ':email': legacy, ':one': '1', ':at': new Date(Date.now() - HOUR).toISOString() },
      }),
    );
    const email = guestEmail();
    await guestAtContactStep(email);

    await sweepAt(25 * HOUR);
    expect(await reminders(email)).toHaveLength(1);
    expect(await reminders(legacy)).toHaveLength(0);
    expect(await reminderAttributesOnCart(old.ownerKey)).toEqual([]);
  });
});

describe("abandoned carts: a signed-in shopper's cart is armed without a quote", () => {
  it("arms at the first add (the write that starts the abandonment) and reminds once, at the account's email", async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    const add = (sku: string) =>
      api<Cart>('POST', '/cart/items', { bearer: member.accessToken, body: { sku, quantity: 1 } });
    // The first line into the empty account cart: the cart's own write, and the reminder item's.
    const first = await apiWrites(async () => expect((await add('TEE-CLASSIC')).status).toBe(200));
    expect(first).toEqual({ 'cart-api UpdateItem!failed': 1, 'cart-api PutItem': 1, 'cart-api UpdateItem': 1 });
    const armed = await reminderItem(ownerKey);
    expect(armed).toMatchObject({ remind: '1', remindUser: expect.any(String) });
    expect(armed?.remindEmail).toBeUndefined();
    const remindAt = Date.parse(String(armed?.remindAt));
    expect(remindAt - Date.now()).toBeGreaterThan(23.9 * HOUR);
    expect(remindAt - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    expect(await reminderAttributesOnCart(ownerKey)).toEqual([]);

    // Ordinary mutations after it: one write each, the cart's, and the schedule stays as it was.
    const ordinary = await apiWrites(async () => {
      expect((await add('CAP-CANVAS')).status).toBe(200);
      const set = await api('PUT', '/cart/items/TEE-CLASSIC', { bearer: member.accessToken, body: { quantity: 2 } });
      expect(set.status).toBe(200);
      expect((await api('DELETE', '/cart/items/CAP-CANVAS', { bearer: member.accessToken })).status).toBe(200);
    });
    expect(ordinary).toEqual({ 'cart-api UpdateItem': 3 });
    expect((await reminderItem(ownerKey))?.remindAt).toBe(armed?.remindAt);

    await sweepAt(HOUR);
    expect(await reminders(member.email)).toHaveLength(0);
    await sweepAt(25 * HOUR);
    await sweepAt(26 * HOUR);
    await sweepAt(48 * HOUR);
    const sent = await reminders(member.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).toContain('2 × Classic Cotton Tee');
    expect(sent[0]?.body.text).toMatch(/#cartkit-restore=u\./);
    const after = await reminderItem(ownerKey);
    expect(after).toMatchObject({ reminderSentAt: expect.any(String) });
    expect(after?.remind).toBeUndefined();
    expect(after?.remindUser).toBeUndefined();

    // Emptied and filled again: the one reminder of this cart has gone, none is armed again.
    await api('DELETE', '/cart', { bearer: member.accessToken });
    await add('TEE-CLASSIC');
    expect((await reminderItem(ownerKey))?.remind).toBeUndefined();
    await sweepAt(50 * HOUR);
    expect(await reminders(member.email)).toHaveLength(1);
  });

  it('activity after arming pushes the reminder back', async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    await api('POST', '/cart/items', { bearer: member.accessToken, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    const remindAt = Date.parse(String((await reminderItem(ownerKey))?.remindAt));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await api('PUT', '/cart/items/TEE-CLASSIC', { bearer: member.accessToken, body: { quantity: 3 } });
    const touched = Date.parse(String((await cartItem(ownerKey))?.updatedAt));
    expect(touched).toBeGreaterThan(remindAt - 24 * HOUR);

    const early = await sendDueReminders(deps, { now: remindAt + 500 });
    expect(early.rescheduled).toBeGreaterThanOrEqual(1);
    expect(await reminders(member.email)).toHaveLength(0);
    expect(Date.parse(String((await reminderItem(ownerKey))?.remindAt))).toBe(touched + 24 * HOUR);

    await sendDueReminders(deps, { now: touched + 24 * HOUR + 1 });
    const sent = await reminders(member.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).toContain('3 × Classic Cotton Tee');
  });

  it("arms at sign-in when the guest's lines merge into an empty account cart", async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    const anonymous = await api<{ cartToken: string }>('POST', '/cart/anonymous');
    const { cartToken } = anonymous.body;
    await api('POST', '/cart/items', { cartToken, body: { sku: 'TEE-CLASSIC', quantity: 2 } });
    // A guest without an email: nothing to remind yet.
    expect(await reminderItem(`anon#${cartToken.split('.')[0]}`)).toBeUndefined();

    // The merge's transaction (both carts), and the reminder item's write.
    const merged = await apiWrites(async () =>
      expect((await api<Cart>('POST', '/cart/merge', { bearer: member.accessToken, cartToken })).status).toBe(200),
    );
    expect(merged).toEqual({ 'checkout-api TransactWriteItems': 1, 'checkout-api UpdateItem': 1 });
    expect(await reminderItem(ownerKey)).toMatchObject({ remind: '1', remindUser: expect.any(String) });
    // Merging again moves nothing and arms nothing more.
    const again = await apiWrites(() => api('POST', '/cart/merge', { bearer: member.accessToken, cartToken }));
    expect(again).toEqual({});

    await sweepAt(25 * HOUR);
    const sent = await reminders(member.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).toContain('2 × Classic Cotton Tee');
  });

  it('a purchase cancels it, and the next cart the shopper fills is armed anew', async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    const bearer = member.accessToken;
    await api('POST', '/cart/items', { bearer, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    expect((await reminderItem(ownerKey))?.remind).toBe('1');
    const quote = await api<Quote>('POST', '/checkout/quote', { bearer, body: { shippingAddress: US_ADDRESS } });
    const placed = await api('POST', '/cart/checkout', {
      bearer,
      body: {
        email: member.email,
        shippingAddress: US_ADDRESS,
        shippingOptionId: quote.body.shippingOptionId ?? 'us-standard',
        expectedTotal: quote.body.total,
      },
    });
    expect(placed.status).toBe(202);

    await sweepAt(25 * HOUR);
    expect(await reminders(member.email)).toHaveLength(0);
    const item = await reminderItem(ownerKey);
    expect(item?.remind).toBeUndefined();
    expect(item?.remindUser).toBeUndefined();
    expect(item?.reminderSentAt).toBeUndefined();

    // The order worker takes the bought lines out of the cart; the next line starts a new abandonment.
    const deadline = Date.now() + 15_000;
    while ((await api<Cart>('GET', '/cart', { bearer })).body.items.length > 0) {
      if (Date.now() > deadline) throw new Error('the order worker did not empty the cart');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await api('POST', '/cart/items', { bearer, body: { sku: 'CAP-CANVAS', quantity: 1 } });
    expect(await reminderItem(ownerKey)).toMatchObject({ remind: '1', remindUser: expect.any(String) });
  });

  it('an unsubscribed account cart is not armed again when it is filled again', async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    const bearer = member.accessToken;
    await api('POST', '/cart/items', { bearer, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    const ref = cartRef(ownerKey);
    const token = reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref);
    expect((await api('POST', '/cart/reminders/unsubscribe', { body: { cart: ref, token } })).status).toBe(204);
    await api('DELETE', '/cart', { bearer });
    await api('POST', '/cart/items', { bearer, body: { sku: 'CAP-CANVAS', quantity: 1 } });
    const item = await reminderItem(ownerKey);
    expect(item?.remindOff).toEqual(expect.any(String));
    expect(item?.remind).toBeUndefined();
    await sweepAt(25 * HOUR);
    expect(await reminders(member.email)).toHaveLength(0);
  });
});

/** Checks the cart out (quote, then checkout) and waits until the order worker took the bought lines out of it. */
async function buy(auth: { cartToken?: string; bearer?: string }, email: string): Promise<void> {
  const quote = await api<Quote>('POST', '/checkout/quote', { ...auth, body: { email, shippingAddress: US_ADDRESS } });
  expect(quote.status).toBe(200);
  const placed = await api('POST', '/cart/checkout', {
    ...auth,
    body: {
      email,
      shippingAddress: US_ADDRESS,
      shippingOptionId: quote.body.shippingOptionId ?? 'us-standard',
      expectedTotal: quote.body.total,
    },
  });
  expect(placed.status).toBe(202);
  const deadline = Date.now() + 15_000;
  while ((await api<Cart>('GET', '/cart', auth)).body.items.length > 0) {
    if (Date.now() > deadline) throw new Error('the order worker did not empty the cart');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('abandoned carts: one reminder per abandonment, a purchase ends one', () => {
  it('an account reminded, that buys and later leaves a new cart, is reminded a second time', async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    const bearer = member.accessToken;
    await api('POST', '/cart/items', { bearer, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    await sweepAt(25 * HOUR);
    expect(await reminders(member.email)).toHaveLength(1);
    expect((await reminderItem(ownerKey))?.reminderSentAt).toEqual(expect.any(String));

    await buy({ bearer }, member.email);
    // The purchase ended that abandonment: its sent mark went with the bought lines.
    expect((await reminderItem(ownerKey))?.reminderSentAt).toBeUndefined();

    await api('POST', '/cart/items', { bearer, body: { sku: 'CAP-CANVAS', quantity: 3 } });
    expect(await reminderItem(ownerKey)).toMatchObject({ remind: '1', remindUser: expect.any(String) });
    await sweepAt(HOUR);
    expect(await reminders(member.email)).toHaveLength(1);
    await sweepAt(25 * HOUR);
    await sweepAt(48 * HOUR);
    const sent = await reminders(member.email);
    expect(sent).toHaveLength(2);
    expect(sent.filter((mail) => /3 × Canvas Cap/.test(mail.body.text ?? ''))).toHaveLength(1);
  });

  it('a guest cart token reminded, that buys and fills the cart again, is reminded a second time', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);
    await sweepAt(25 * HOUR);
    expect(await reminders(email)).toHaveLength(1);

    await buy({ cartToken }, email);
    expect((await reminderItem(ownerKey))?.reminderSentAt).toBeUndefined();

    // The same cart token fills the cart again and reaches the contact step: recorded anew.
    await api('POST', '/cart/items', { cartToken, body: { sku: 'CAP-CANVAS', quantity: 3 } });
    await api('POST', '/checkout/quote', { cartToken, body: { email, shippingAddress: US_ADDRESS } });
    expect(await reminderItem(ownerKey)).toMatchObject({ remind: '1', remindEmail: email });
    await sweepAt(25 * HOUR);
    await sweepAt(48 * HOUR);
    const sent = await reminders(email);
    expect(sent).toHaveLength(2);
    expect(sent.filter((mail) => /3 × Canvas Cap/.test(mail.body.text ?? ''))).toHaveLength(1);
  });

  it('an unsubscribe outlasts a purchase: reminded, unsubscribed, buys, fills again, left → nothing more', async () => {
    const member = await signedInShopper();
    const ownerKey = ownerKeyOf(member.accessToken);
    const bearer = member.accessToken;
    await api('POST', '/cart/items', { bearer, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
    await sweepAt(25 * HOUR);
    expect(await reminders(member.email)).toHaveLength(1);
    const ref = cartRef(ownerKey);
    const token = reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref);
    expect((await api('POST', '/cart/reminders/unsubscribe', { body: { cart: ref, token } })).status).toBe(204);

    await buy({ bearer }, member.email);
    await api('POST', '/cart/items', { bearer, body: { sku: 'CAP-CANVAS', quantity: 1 } });
    await api('POST', '/checkout/quote', { bearer, body: { shippingAddress: US_ADDRESS } });
    const item = await reminderItem(ownerKey);
    expect(item?.remindOff).toEqual(expect.any(String));
    expect(item?.remind).toBeUndefined();
    await sweepAt(25 * HOUR);
    await sweepAt(48 * HOUR);
    expect(await reminders(member.email)).toHaveLength(1);
  });

  it('a guest unsubscribed before any reminder, that buys and fills again, is not reminded', async () => {
    const email = guestEmail();
    const { cartToken, ownerKey } = await guestAtContactStep(email);
    const ref = cartRef(ownerKey);
    const token = reminderToken(signer.derivedKey(CART_UNSUBSCRIBE_PURPOSE), CART_UNSUBSCRIBE_PURPOSE, ref);
    expect((await api('POST', '/cart/reminders/unsubscribe', { body: { cart: ref, token } })).status).toBe(204);

    await buy({ cartToken }, email);
    await api('POST', '/cart/items', { cartToken, body: { sku: 'CAP-CANVAS', quantity: 1 } });
    await api('POST', '/checkout/quote', { cartToken, body: { email, shippingAddress: US_ADDRESS } });
    expect((await reminderItem(ownerKey))?.remind).toBeUndefined();
    await sweepAt(25 * HOUR);
    expect(await reminders(email)).toHaveLength(0);
  });
});
