import { executeServerCommand } from '@web/test-runner-commands';
import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { $, checkoutFlow, drawerWith, inFlow, onStep, submitStep, testAddress } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

afterEach(() => localStorage.clear());

/** Screenshots of the address and review steps, in test-results/, to look at (issue 14). */
describe('checkout screenshots', () => {
  it('address step and review step', async () => {
    const el = await drawerWith(new FakeClient(makeCart({ MUG: 2, TEE: 1 })));
    $(el, '[part="checkout"]').click();
    const flow = await checkoutFlow(el);
    await submitStep(flow, { email: 'ada@example.com' });
    await onStep(flow, 'Shipping address');
    await waitUntil(() => flow.shadowRoot!.querySelector('select[name="country"] option'), 'no countries');
    inFlow<HTMLSelectElement>(flow, 'select[name="country"]').value = 'GB';
    await submitStep(flow, { name: 'Ada Lovelace' }); // shows the field errors too
    await flow.updateComplete;
    expect(await executeServerCommand('screenshot', { name: 'checkout-address' })).to.equal(true);
    await submitStep(flow, testAddress);
    await onStep(flow, 'Shipping');
    await submitStep(flow);
    await onStep(flow, 'Review and pay');
    expect(await executeServerCommand('screenshot', { name: 'checkout-review' })).to.equal(true);
  });
});

describe('orders screenshot', () => {
  it('the signed-in footer with Your orders', async () => {
    const el = await drawerWith(new FakeClient(makeCart({ MUG: 1 }), { userId: 'u1', email: 'ada@example.com' }));
    $(el, '[part="your-orders"]');
    await new Promise((resolve) => setTimeout(resolve, 600)); // the drawer's slide-in
    expect(await executeServerCommand('screenshot', { name: 'signed-in-footer' })).to.equal(true);
  });
});
