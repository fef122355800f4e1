import { fixture, html, waitUntil } from '@open-wc/testing';
import type { ShoppingCart } from '../../src/shopping-cart.js';
import type { FakeClient } from './fake-client.js';

type Updating = HTMLElement & { updateComplete: Promise<unknown> };

/** An open `<shopping-cart>` driven by a {@link FakeClient}. */
/** Where the drawer's interim checkout ships to in these tests. */
export const TEST_ADDRESS = { name: 'Ada', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };

export async function drawerWith(fake: FakeClient): Promise<ShoppingCart> {
  const el = await fixture<ShoppingCart>(
    html`<shopping-cart locale="en-US" .client=${fake.asClient()} .shippingAddress=${TEST_ADDRESS}></shopping-cart>`,
  );
  el.show();
  await el.updateComplete;
  return el;
}

/** An element in the drawer's shadow root. */
export function $(el: ShoppingCart, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/** The sign-in panel, once its lazy chunk has loaded and rendered. */
export async function authPanel(el: ShoppingCart): Promise<Updating> {
  await waitUntil(() => customElements.get('cart-auth-panel'), 'auth chunk never loaded');
  const panel = $(el, 'cart-auth-panel') as Updating;
  await panel.updateComplete;
  return panel;
}

/** Opens the sign-in panel from the footer's "Sign in". */
export async function openSignIn(el: ShoppingCart): Promise<Updating> {
  $(el, '[part="account"] button').click();
  await el.updateComplete;
  return authPanel(el);
}

/** The panel's inputs, by name. */
export function inputs(panel: HTMLElement): HTMLInputElement[] {
  return [...panel.shadowRoot!.querySelectorAll<HTMLInputElement>('input')];
}

export function input(panel: HTMLElement, name: string): HTMLInputElement {
  const found = panel.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!found) throw new Error(`no input ${name} (mode ${panelHeading(panel)})`);
  return found;
}

export function panelHeading(panel: HTMLElement): string {
  return panel.shadowRoot!.querySelector('h3')?.textContent?.trim() ?? '';
}

/** The panel's visible text (notices, errors, labels). */
export function panelText(panel: HTMLElement): string {
  return panel.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
}

/** Types into the named inputs, then submits the form as Enter would. */
export async function submitForm(panel: Updating, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) input(panel, name).value = value;
  panel.shadowRoot!.querySelector('form')!.requestSubmit();
  await panel.updateComplete; // the submit marked the form busy synchronously
  await waitUntil(() => panel.shadowRoot!.querySelector('form')?.getAttribute('aria-busy') !== 'true');
  await panel.updateComplete;
}

/** Clicks the panel's button whose text contains `text`. */
export async function clickButton(panel: Updating, text: string): Promise<void> {
  const button = [...panel.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes(text));
  if (!button) throw new Error(`no button "${text}" in: ${panelText(panel)}`);
  button.click();
  await panel.updateComplete;
}

/** The checkout flow (`<cart-checkout>`), once it has rendered. */
export async function checkoutFlow(el: ShoppingCart): Promise<Updating> {
  await waitUntil(() => el.shadowRoot!.querySelector('cart-checkout'), 'no checkout view', { timeout: 3000 });
  const flow = $(el, 'cart-checkout') as Updating;
  await flow.updateComplete;
  return flow;
}

/** An element in the checkout flow's shadow root. */
export function inFlow<E extends HTMLElement = HTMLElement>(flow: HTMLElement, selector: string): E {
  const found = flow.shadowRoot!.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in: ${flow.shadowRoot!.textContent!.replace(/\s+/g, ' ')}`);
  return found;
}

/** Waits for the flow to show the step headed `title`. */
export async function onStep(flow: Updating, title: string): Promise<void> {
  await waitUntil(() => flow.shadowRoot!.querySelector('h3')?.textContent?.trim() === title, `not on "${title}"`, {
    timeout: 3000,
  });
  await flow.updateComplete;
}

/** Types into the flow's named fields, then submits its form as Enter would. */
export async function submitStep(flow: Updating, values: Record<string, string> = {}): Promise<void> {
  for (const [name, value] of Object.entries(values)) inFlow<HTMLInputElement>(flow, `[name="${name}"]`).value = value;
  inFlow<HTMLFormElement>(flow, 'form').requestSubmit();
  await flow.updateComplete;
}

export const testAddress = { name: 'Ada Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH' };

/**
 * From the cart view to a placed order through the flow: "Check out", contact (a
 * guest types an email; a signed-in shopper's is fixed), address (GB), the first
 * shipping option, review, "Pay". Resolves once "Pay" was pressed.
 */
export async function payThroughFlow(el: ShoppingCart, email = 'ada@example.com'): Promise<Updating> {
  $(el, '[part="checkout"]').click();
  const flow = await checkoutFlow(el);
  await onStep(flow, 'Contact');
  await submitStep(flow, flow.shadowRoot!.querySelector('input[name="email"]') ? { email } : {});
  await onStep(flow, 'Shipping address');
  await waitUntil(() => flow.shadowRoot!.querySelector('select[name="country"] option'), 'no countries');
  inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
  await submitStep(flow, testAddress);
  await onStep(flow, 'Shipping');
  await submitStep(flow);
  await onStep(flow, 'Review and pay');
  await submitStep(flow);
  return flow;
}
