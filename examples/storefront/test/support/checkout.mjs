// Shared by the checkout journeys (issue 14): the drawer's checkout flow, the
// order view, the local Stripe's hosted payment page and the local mailbox
// (aws-ses-v2-local), as a shopper and a developer see them.
import assert from 'node:assert/strict';
import { drawer, eventually } from './e2e.mjs';

/** The order number's shape (docs/API.md): 8 symbols without 0, O, 1, I. */
export const ORDER_NUMBER = /^CK-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/** A US address in California (7.25% tax, shipping options Standard and Express). */
export const ADDRESS = {
  name: 'Ada Shopper',
  line1: '1 Market St',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
};

export const usd = (minor) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

/** The checkout flow in the drawer. */
export const flow = (page) => drawer(page).locator('cart-checkout');

/** What the drawer shows, the checkout flow's shadow included (for failure messages). */
export function shownText(page) {
  return page.locator('shopping-cart').evaluate((el) => {
    const flowText = el.shadowRoot?.querySelector('cart-checkout')?.shadowRoot?.textContent ?? '';
    return `${el.shadowRoot?.textContent ?? ''} | flow: ${flowText}`.replace(/\s+/g, ' ');
  });
}

/** Waits for the flow's step headed `title`. */
export async function onStep(page, title, timeout = 10_000) {
  try {
    await flow(page).getByRole('heading', { name: title, exact: true }).waitFor({ timeout });
  } catch (error) {
    throw new Error(`not on "${title}": ${await shownText(page)}`, { cause: error });
  }
}

/** Types the address into the address step (labels as the shopper reads them); does not submit. */
export async function typeAddress(page, address = ADDRESS) {
  await flow(page).getByLabel('Country').selectOption(address.country);
  await flow(page).getByLabel('Full name').fill(address.name);
  await flow(page).getByLabel('Address', { exact: true }).fill(address.line1);
  await flow(page).getByLabel('Town or city').fill(address.city);
  await flow(page)
    .getByLabel(/State, province or region/)
    .fill(address.region);
  await flow(page).getByLabel('Postal code').fill(address.postalCode);
}

/**
 * From the open cart to the review: "Check out", contact (a guest types `email`; a
 * signed-in shopper's is shown, not asked), the address, then the shipping option
 * whose label matches `option`.
 */
export async function checkOutToReview(page, { email, guest, option = 'Standard' }) {
  await drawer(page).getByRole('button', { name: 'Check out' }).click();
  await onStep(page, 'Contact');
  if (guest) await flow(page).getByLabel('Email').fill(email);
  else {
    await flow(page).getByText(`We will send the receipt to ${email}.`).waitFor();
    assert.equal(await flow(page).getByLabel('Email').count(), 0, 'a signed-in shopper is not asked for an email');
  }
  await flow(page).getByRole('button', { name: 'Continue' }).click();
  await onStep(page, 'Shipping address');
  await typeAddress(page);
  await flow(page).getByRole('button', { name: 'Continue' }).click();
  await onStep(page, 'Shipping');
  await flow(page)
    .getByRole('radio', { name: new RegExp(option) })
    .check();
  await flow(page).getByRole('button', { name: 'Continue' }).click();
  await onStep(page, 'Review and pay');
}

/** The review's totals rows, label → text ("Subtotal" → "$18.00"). */
export async function reviewTotals(page) {
  const out = {};
  for (const row of await flow(page).locator('[part=totals] .row').all()) {
    const [label, amount] = await row.locator('span').allTextContents();
    out[label.trim()] = amount.trim();
  }
  return out;
}

/** The review's lines, "name × quantity" → line total text. */
export async function reviewLines(page) {
  const out = {};
  for (const line of await flow(page).locator('[part=review-line]').all()) {
    const [name, quantity, total] = (await line.locator(':scope > *').allTextContents()).map((t) => t.trim());
    out[`${name} ${quantity}`] = total;
  }
  return out;
}

/** The review's "Pay $X" button, for the review's total. */
export function payButton(page) {
  return flow(page).getByRole('button', { name: /^Pay / });
}

/** On the local Stripe's hosted page: its "Pay $X" (a plain form post, no JavaScript needed). */
export function hostedPayButton(page) {
  return page.locator('form[action$="/pay"] button');
}

/** The order view's status attribute, status line, number and totals line. */
export async function orderView(page) {
  const order = drawer(page).locator('[part~=order]');
  return {
    status: await order.getAttribute('data-status'),
    text: (await order.locator('[part~=order-status]').textContent())?.trim(),
    number: (await order.locator('[part~=order-number]').textContent())?.trim().replace(/^Order /, ''),
    totals: (await order.locator('[part~=order-totals]').textContent())?.replace(/\s+/g, ' ').trim(),
  };
}

/** Waits until the order view shows `status` (the status arrives live, over the socket or by polling). */
export async function waitForOrderStatus(page, status, timeout = 20_000) {
  await eventually(async () => assert.equal((await orderView(page)).status, status), {
    timeout,
    interval: 200,
    message: `the order view to show ${status}`,
  }).catch(async (error) => {
    throw new Error(`${error.message}: ${await shownText(page)}`, { cause: error });
  });
}

/** The local mailbox's JSON store (aws-ses-v2-local `GET /store`), from the runner. */
export function mailboxStore() {
  const url = process.env.CARTKIT_E2E_MAILBOX;
  if (!url) throw new Error('CARTKIT_E2E_MAILBOX is not set: run the journeys with `pnpm test:e2e`');
  return url;
}

/** The emails sent to `to` so far, as aws-ses-v2-local stores them. */
export async function emailsTo(to) {
  const response = await fetch(mailboxStore());
  assert.equal(response.status, 200, 'GET the mailbox store');
  const { emails } = await response.json();
  return emails.filter((email) => email.destination?.to?.some((address) => address.includes(to)));
}

/** Waits for exactly one email to `to` and returns it. */
export async function theReceipt(to, timeout = 20_000) {
  return eventually(
    async () => {
      const emails = await emailsTo(to);
      assert.equal(emails.length, 1, `one email to ${to}, got ${emails.length}`);
      return emails[0];
    },
    { timeout, interval: 250, message: `the receipt to ${to} in the local mailbox` },
  );
}

/** The runner started the stack with online payment (the local Stripe); fail fast otherwise. */
export function assertOnlinePayment() {
  assert.equal(
    process.env.CARTKIT_E2E_PAYMENT,
    'stripe',
    'this journey needs the stack with PAYMENT_PROVIDER=stripe: run it through `pnpm test:e2e` (its first lines carry `// e2e-stack: payment=stripe`)',
  );
}
