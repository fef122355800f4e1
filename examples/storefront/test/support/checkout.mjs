// The drawer's checkout flow as a shopper goes through it (issue 14: contact,
// shipping address, shipping option, review, "Pay {total}"), shared by the
// journeys that check out: the storefront's (4) and a host page's on another origin (7).
import assert from 'node:assert/strict';
import { drawer } from './e2e.mjs';

/** A US address in California (7.25 % tax in the local catalog's rules). */
export const ADDRESS = {
  name: 'Ada Shopper',
  line1: '1 Market St',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
};

/** The order number's shape (docs/API.md): 8 symbols without 0, O, 1, I. */
export const ORDER_NUMBER = /^Order CK-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/** Formats integer minor units of USD as the element does in `en-US`. */
export const usd = (minor) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

/** The order view's status, as the element renders it. */
export async function orderView(page) {
  const order = drawer(page).locator('[part~=order]');
  return {
    status: await order.getAttribute('data-status'),
    text: (await order.locator('[part~=order-status]').textContent())?.trim(),
  };
}

/** What the drawer shows, the checkout flow's shadow included (for failure messages). */
export function shownText(page) {
  return page.locator('shopping-cart').evaluate((el) => {
    const flowText = el.shadowRoot?.querySelector('cart-checkout')?.shadowRoot?.textContent ?? '';
    return `${el.shadowRoot?.textContent ?? ''} | flow: ${flowText}`.replace(/\s+/g, ' ');
  });
}

/** The checkout flow in the drawer. */
export const flow = (page) => drawer(page).locator('cart-checkout');

/** Waits for the flow's step headed `title`, or fails saying what the drawer shows. */
export async function onStep(page, title) {
  try {
    await flow(page).getByRole('heading', { name: title, exact: true }).waitFor({ timeout: 10_000 });
  } catch (error) {
    const shown = await shownText(page);
    throw new Error(`not on "${title}": ${shown}`, { cause: error });
  }
}

/**
 * From the cart to the review: "Check out", the contact step (a signed-in shopper's
 * email is shown, not asked), a US address in California, then `option` by its label.
 */
export async function checkOutToReview(page, email, option) {
  await drawer(page).getByRole('button', { name: 'Check out' }).click();
  await onStep(page, 'Contact');
  await flow(page).getByText(`We will send the receipt to ${email}.`).waitFor();
  assert.equal(await flow(page).getByLabel('Email').count(), 0, 'a signed-in shopper is not asked for an email');
  await flow(page).getByRole('button', { name: 'Continue' }).click();

  await onStep(page, 'Shipping address');
  await flow(page).getByLabel('Country').selectOption('US');
  await flow(page).getByLabel('Full name').fill(ADDRESS.name);
  await flow(page).getByLabel('Address', { exact: true }).fill(ADDRESS.line1);
  await flow(page).getByLabel('Town or city').fill(ADDRESS.city);
  await flow(page)
    .getByLabel(/State, province or region/)
    .fill(ADDRESS.region);
  await flow(page).getByLabel('Postal code').fill(ADDRESS.postalCode);
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
  const rows = flow(page).locator('[part=totals] .row');
  const out = {};
  for (const row of await rows.all()) {
    const [label, amount] = await row.locator('span').allTextContents();
    out[label.trim()] = amount.trim();
  }
  return out;
}
