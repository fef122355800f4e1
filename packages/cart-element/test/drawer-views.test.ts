import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { deepActive, part, parts } from './support/dom.js';
import {
  $,
  authPanel,
  checkoutFlow,
  clickButton,
  drawerWith,
  input,
  openSignIn,
  payThroughFlow,
  submitForm,
} from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart, type MockApi, mockApi, seedCart } from './support/mock-api.js';

const signedIn = { userId: 'u1', email: 'ada@example.com' };

async function openCartFor(api: MockApi): Promise<ShoppingCart> {
  const el = await fixture<ShoppingCart>(html`<shopping-cart api=${api.apiUrl} locale="en-US"></shopping-cart>`);
  await waitUntil(() => el.cart !== null, 'cart never loaded', { timeout: 5000 });
  await seedCart(el, api);
  el.show();
  await el.updateComplete;
  return el;
}

/** Waits for focus to settle on `target()` (views render, and lazy chunks load, asynchronously). */
async function focusLandsOn(target: () => Element | null | undefined, what: string): Promise<void> {
  await waitUntil(() => target() && deepActive() === target(), `focus is on ${nameOf(deepActive())}, not ${what}`, {
    timeout: 3000,
  });
}

function nameOf(node: Element | null): string {
  if (!node) return 'nothing';
  return `<${node.localName}${node.getAttribute('part') ? ` part=${node.getAttribute('part')}` : ''}${node.getAttribute('name') ? ` name=${node.getAttribute('name')}` : ''}>`;
}

afterEach(() => localStorage.clear());

describe('every view change moves focus into the new view', () => {
  it('Sign in: to the email field', async () => {
    const el = await drawerWith(new FakeClient(makeCart({ MUG: 1 })));
    $(el, '[part="account"] button').focus();
    const panel = await openSignIn(el);
    await focusLandsOn(() => panel.shadowRoot!.querySelector('input[name="email"]'), 'the email field');
  });

  // Issue 14: guests check out without an account, so Check out opens the flow (its
  // first step's heading), and the flow's "Sign in" is what reaches sign-in's email field.
  it('a guest Check out: to the Contact heading, and its Sign in to the email field of sign-in', async () => {
    const el = await drawerWith(new FakeClient(makeCart({ MUG: 1 })));
    $(el, '[part="checkout"]').focus();
    $(el, '[part="checkout"]').click();
    const flow = await checkoutFlow(el);
    await focusLandsOn(() => flow.shadowRoot!.querySelector('[part="step-heading"]'), 'the Contact heading');
    expect(flow.shadowRoot!.querySelector('[part="step-heading"]')!.textContent!.trim()).to.equal('Contact');
    const signIn = [...flow.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Sign in'))!;
    signIn.focus();
    signIn.click();
    await el.updateComplete;
    const panel = await authPanel(el);
    await focusLandsOn(() => panel.shadowRoot!.querySelector('input[name="email"]'), 'the email field');
  });

  it('Back to cart: to the drawer heading', async () => {
    const el = await drawerWith(new FakeClient(makeCart({ MUG: 1 })));
    await openSignIn(el);
    const back = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Back to cart'))!;
    back.focus();
    back.click();
    await focusLandsOn(() => el.shadowRoot!.querySelector('[part="title"]'), 'the heading');
  });

  it('signing in: to the drawer heading', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }));
    const el = await drawerWith(fake);
    const panel = await openSignIn(el);
    await submitForm(panel, { email: 'ada@example.com', password: 'correct horse' });
    await focusLandsOn(() => el.shadowRoot!.querySelector('[part="title"]'), 'the heading');
  });

  it('a form change inside sign-in: to its first empty field', async () => {
    const el = await drawerWith(new FakeClient(makeCart()));
    const panel = await openSignIn(el);
    await clickButton(panel, 'Create');
    await focusLandsOn(() => panel.shadowRoot!.querySelector('input[name="email"]'), 'the email field');
    await submitForm(panel, { email: 'ada@example.com', password: 'correct horse' });
    await focusLandsOn(() => panel.shadowRoot!.querySelector('input[name="code"]'), 'the code field');
  });

  it('paying at the end of the flow: to the order view, and Continue shopping back to the heading', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }), signedIn);
    const el = await drawerWith(fake);
    await payThroughFlow(el); // focus was on the review's heading when Pay was pressed
    await focusLandsOn(() => el.shadowRoot!.querySelector('[part="order"] button'), 'the order view');
    el.shadowRoot!.querySelector<HTMLElement>('[part="order"] button')!.click();
    await focusLandsOn(() => el.shadowRoot!.querySelector('[part="title"]'), 'the heading');
  });

  it('removing the last line: to the drawer heading', async () => {
    const el = await openCartFor(await mockApi(makeCart({ MUG: 1 })));
    part(el, '[part="remove"]').focus();
    part(el, '[part="remove"]').click();
    await el.updateComplete;
    expect(parts(el, '[part="line"]')).to.have.length(0);
    await focusLandsOn(() => el.shadowRoot!.querySelector('[part="title"]'), 'the heading');
  });

  it('removing one of two lines: to the next line, never to the page', async () => {
    const el = await openCartFor(await mockApi(makeCart({ MUG: 1, TEE: 1 })));
    const first = parts(el, '[part="remove"]')[0]!;
    first.focus();
    first.click();
    await el.updateComplete;
    await focusLandsOn(() => el.shadowRoot!.querySelector('[part="line"] [part="remove"]'), 'the next line');
  });
});

/** axe (all its default rules, moderate ones included) over the page body, as a shop has it: the cart in the site's banner. */
async function axeOnPage(el: ShoppingCart): Promise<void> {
  await el.updateComplete;
  const panel = el.shadowRoot!.querySelector('cart-auth-panel') as
    | (HTMLElement & { updateComplete?: Promise<unknown> })
    | null;
  await panel?.updateComplete;
  await expect(document.body).to.be.accessible();
}

async function pageWith(fake: FakeClient): Promise<ShoppingCart> {
  const page = await fixture<HTMLDivElement>(html`<div>
    <header><p>Shop</p><shopping-cart locale="en-US" .client=${fake.asClient()}></shopping-cart></header>
    <main><h1>Products</h1></main>
    <footer><p>© Shop</p></footer>
  </div>`);
  const el = page.querySelector('shopping-cart')!;
  el.show();
  await el.updateComplete;
  return el;
}

describe('zero axe violations in every drawer view, on a page with its own landmarks', () => {
  it('cart with lines', async () => {
    await axeOnPage(await pageWith(new FakeClient(makeCart({ MUG: 2, TEE: 1 }))));
  });

  it('empty cart', async () => {
    await axeOnPage(await pageWith(new FakeClient(makeCart())));
  });

  for (const [form, link] of [
    ['sign-in', undefined],
    ['sign-up', 'Create'],
    ['forgot password', 'Forgot password?'],
  ] as const) {
    it(form, async () => {
      const el = await pageWith(new FakeClient(makeCart({ MUG: 1 })));
      const panel = await openSignIn(el);
      if (link) await clickButton(panel, link);
      await axeOnPage(el);
    });
  }

  it('confirm code (with its notice)', async () => {
    const el = await pageWith(new FakeClient(makeCart()));
    const panel = await openSignIn(el);
    await clickButton(panel, 'Create');
    await submitForm(panel, { email: 'ada@example.com', password: 'correct horse' });
    input(panel, 'code');
    await axeOnPage(el);
  });

  it('reset password with code', async () => {
    const el = await pageWith(new FakeClient(makeCart()));
    const panel = await openSignIn(el);
    await clickButton(panel, 'Forgot password?');
    await submitForm(panel, { email: 'ada@example.com' });
    input(panel, 'code');
    await axeOnPage(el);
  });

  it('sign-in with an error shown', async () => {
    const fake = new FakeClient(makeCart());
    const { AuthError } = await import('@cartkit/cart-sdk');
    fake.authFailures.set('signIn', { error: new AuthError({ cognitoCode: 'NotAuthorizedException' }) });
    const el = await pageWith(fake);
    const panel = await openSignIn(el);
    await submitForm(panel, { email: 'ada@example.com', password: 'wrong password' });
    await axeOnPage(el);
  });

  it('order status, pending and failed', async () => {
    const fake = new FakeClient(makeCart({ MUG: 1 }), signedIn);
    const el = await pageWith(fake);
    await payThroughFlow(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="order"]'), 'no order view');
    // The order view issue 14 gives it: number, lines, totals, address, status.
    for (const p of ['order-number', 'order-lines', 'order-totals', 'order-address']) $(el, `[part="${p}"]`);
    expect($(el, '[part="order"]').dataset['status']).to.equal('PENDING');
    await axeOnPage(el);
    fake.setOrder({ ...fake.snapshot.orders['ord-1']!, status: 'FAILED', reason: 'Out of stock' });
    await el.updateComplete;
    expect($(el, '[part="order"]').dataset['status']).to.equal('FAILED');
    await axeOnPage(el);
  });
});
