import type { Quote } from '@cartkit/contract';
import { executeServerCommand } from '@web/test-runner-commands';
import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { deepActive } from './support/dom.js';
import { $, checkoutFlow, drawerWith, inFlow, onStep, submitStep, testAddress } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

type Updating = HTMLElement & { updateComplete: Promise<unknown> };

afterEach(() => localStorage.clear());

/** Contact, address (GB), the first shipping option: the review step, quoted without a code. */
async function toReview(fake: FakeClient) {
  const el = await drawerWith(fake);
  $(el, '[part="checkout"]').click();
  const flow = await checkoutFlow(el);
  await submitStep(flow, { email: 'ada@example.com' });
  await onStep(flow, 'Shipping address');
  await waitUntil(() => flow.shadowRoot!.querySelector('select[name="country"] option'), 'no countries');
  inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
  await submitStep(flow, testAddress);
  await onStep(flow, 'Shipping');
  await submitStep(flow);
  await onStep(flow, 'Review and pay');
  return { el, flow };
}

const text = (flow: HTMLElement) => flow.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** Types `code` into the review's code field and presses Apply; waits for the flow to settle. */
async function apply(flow: Updating, code: string, how: 'click' | 'enter' = 'click'): Promise<void> {
  const input = inFlow<HTMLInputElement>(flow, '[name="discountCode"]');
  input.value = code;
  if (how === 'enter') input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  else [...flow.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Apply')!.click();
  await flow.updateComplete;
  await waitUntil(() => inFlow(flow, '[part="pay"]').getAttribute('aria-disabled') === 'false', 'still busy');
  await flow.updateComplete;
}

/** The quote the fake answers next: the cart's own, with `patch`. */
async function nextQuote(fake: FakeClient, patch: (base: Quote) => Partial<Quote>): Promise<void> {
  const base = (await fake
    .asClient()
    .quote({ shippingAddress: { ...testAddress, country: 'GB' }, shippingOptionId: 'standard' })) as Quote;
  fake.calls.pop(); // that call was the test's, not the element's
  fake.quotes.push({ ...base, ...patch(base) });
}

describe('discount code on the review step', () => {
  it('applies a code: re-quotes with it, shows the discount line and the new total, and checks out with it', async () => {
    const fake = new FakeClient(makeCart({ MUG: 2 })); // 2 × €12.50
    const { el, flow } = await toReview(fake);
    await expect(el).to.be.accessible();
    expect(inFlow(flow, '[part="pay"]').textContent).to.contain('€29.95');
    await nextQuote(fake, (base) => ({ discount: 250, total: base.total - 250 }));

    await apply(flow, 'save10');

    expect(fake.calls.at(-1)).to.equal('quote GB standard code=SAVE10');
    await waitUntil(() => text(flow).includes('Code SAVE10 applied: €2.50 off.'), text(flow));
    expect(inFlow(flow, '[part="discount"]').textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Discount (SAVE10)−€2.50',
    );
    expect(inFlow(flow, '[part="pay"]').textContent).to.contain('€27.45');
    await expect(el).to.be.accessible();
    expect(await executeServerCommand('screenshot', { name: 'checkout-review-discount' })).to.equal(true);

    await submitStep(flow); // Pay
    await waitUntil(() => fake.calls.some((c) => c.startsWith('checkout {')), 'no checkout');
    const sent = JSON.parse(fake.calls.find((c) => c.startsWith('checkout {'))!.slice(9));
    expect(sent).to.include({ discountCode: 'SAVE10', expectedTotal: 2745 });
  });

  it('says why a code was refused, in the element strings, and checks out without it (Pay stays enabled)', async () => {
    const fake = new FakeClient(makeCart({ MUG: 2 }));
    const { el, flow } = await toReview(fake);
    const refusals: [Quote['problems'][number], string][] = [
      [
        { code: 'DISCOUNT_CODE_UNKNOWN', discountCode: 'NOPE', message: 'server words' },
        'We do not know the code NOPE. Check its spelling.',
      ],
      [{ code: 'DISCOUNT_CODE_EXPIRED', discountCode: 'OLD', message: 'server words' }, 'The code OLD has expired.'],
      [
        { code: 'DISCOUNT_CODE_MINIMUM_NOT_MET', discountCode: 'BIG', minimumSubtotal: 10000, message: 'server words' },
        'The code BIG needs a subtotal of at least €100.00.',
      ],
      [
        { code: 'DISCOUNT_CODE_NOT_APPLICABLE', discountCode: 'HATS', message: 'server words' },
        'The code HATS does not apply to anything in your cart.',
      ],
    ];
    for (const [problem, words] of refusals) {
      await nextQuote(fake, () => ({ problems: [problem] }));
      await apply(flow, (problem as { discountCode: string }).discountCode.toLowerCase(), 'enter');
      await waitUntil(() => flow.shadowRoot!.querySelector('#discount-error')?.textContent === words, text(flow));
      expect(text(flow)).to.not.contain('server words');
      const input = inFlow(flow, '[name="discountCode"]');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.equal('discount-error');
      await waitUntil(() => deepActive() === input, 'focus is not on the code field');
    }
    expect(inFlow(flow, '[part="pay"]').getAttribute('aria-disabled')).to.equal('false');
    expect(flow.shadowRoot!.querySelector('[part="discount"]')).to.equal(null);
    await expect(el).to.be.accessible();
    expect(await executeServerCommand('screenshot', { name: 'checkout-review-discount-refused' })).to.equal(true);

    await submitStep(flow);
    await waitUntil(() => fake.calls.some((c) => c.startsWith('checkout {')), 'no checkout');
    expect(JSON.parse(fake.calls.find((c) => c.startsWith('checkout {'))!.slice(9))).to.not.have.property(
      'discountCode',
    );
  });

  it('checks the code before asking the server, and Remove quotes again without it', async () => {
    const fake = new FakeClient(makeCart({ MUG: 2 }));
    const { flow } = await toReview(fake);
    const quotes = () => fake.calls.filter((c) => c.startsWith('quote')).length;
    const before = quotes();

    await apply(flow, 'no spaces!');
    expect(inFlow(flow, '#discount-error').textContent).to.contain('only letters, digits');
    await apply(flow, '');
    expect(inFlow(flow, '#discount-error').textContent).to.equal('Enter a discount code.');
    expect(quotes()).to.equal(before);

    await nextQuote(fake, (base) => ({ discount: 250, total: base.total - 250 }));
    await apply(flow, 'SAVE10');
    await waitUntil(() => text(flow).includes('Code SAVE10 applied'), text(flow));
    [...flow.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Remove')!.click();
    await waitUntil(() => flow.shadowRoot!.querySelector('[name="discountCode"]'), 'no code field after Remove');
    await waitUntil(() => inFlow(flow, '[part="pay"]').textContent!.includes('€29.95'), text(flow));
    expect(fake.calls.at(-1)).to.equal('quote GB standard');
    expect(flow.shadowRoot!.querySelector('[part="discount"]')).to.equal(null);
  });
});
