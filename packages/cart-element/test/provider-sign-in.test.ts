import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { deepActive, part } from './support/dom.js';
import { authPanel, clickButton, drawerWith, openSignIn, panelText } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

const PROVIDERS = [
  { id: 'Google', name: 'Google' },
  { id: 'LocalIdP', name: 'Local provider' },
];

/** The panel's "Continue with" buttons. */
function providerButtons(panel: HTMLElement): HTMLButtonElement[] {
  return [...panel.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="provider"]')];
}

async function signInWithProviders(providers = PROVIDERS) {
  const fake = new FakeClient(makeCart());
  fake.providers = providers;
  const el = await drawerWith(fake);
  const panel = await openSignIn(el);
  if (providers.length > 0) await waitUntil(() => providerButtons(panel).length > 0, 'no provider buttons');
  return { fake, el, panel };
}

describe('sign-in with a provider (issue 18)', () => {
  it('offers a real "Continue with" button per provider the shop announces, named by the provider', async () => {
    const { panel } = await signInWithProviders();

    const buttons = providerButtons(panel);
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal([
      'Continue with Google',
      'Continue with Local provider',
    ]);
    for (const button of buttons) {
      expect(button.localName).to.equal('button');
      expect(button.type).to.equal('button');
    }
    expect(buttons.map((b) => b.dataset['provider'])).to.deep.equal(['Google', 'LocalIdP']);
    expect(panelText(panel)).to.contain('or use your email');
    // Focus still goes to the first empty field of the form; the buttons come first in tab order.
    await waitUntil(() => deepActive()?.getAttribute('name') === 'email', 'focus is not on the email field');
    await expect(panel).to.be.accessible();
    await executeServerCommand('screenshot', { name: 'sign-in-providers' });
  });

  it('Create account offers them too; the code and reset forms do not', async () => {
    const { panel } = await signInWithProviders();

    await clickButton(panel, 'Create');
    expect(providerButtons(panel)).to.have.length(2);
    await clickButton(panel, 'Have a code?');
    expect(providerButtons(panel)).to.have.length(0);
  });

  it('a click starts the SDK’s provider sign-in; the panel is busy and focus stays on the button', async () => {
    const { fake, panel } = await signInWithProviders();
    const google = providerButtons(panel)[0]!;
    google.focus();

    google.click();
    await panel.updateComplete;
    google.click(); // while the page leaves: no second attempt

    expect(fake.calls).to.deep.equal(['signInWith Google']);
    expect(google.getAttribute('aria-disabled')).to.equal('true');
    expect(deepActive()).to.equal(google);
    expect(google.isConnected).to.equal(true);
  });

  it('an attempt that cannot start is said in the shop’s words, and the buttons work again', async () => {
    const fake = new FakeClient(makeCart());
    fake.providers = PROVIDERS;
    fake.authFailures.set('signInWith', {
      error: Object.assign(new Error('The shop offers no sign-in with "Google".'), {
        name: 'OAuthError',
        code: 'AUTH_FAILED',
        reason: 'NOT_CONFIGURED',
      }),
    });
    const panel = await openSignIn(await drawerWith(fake));
    await waitUntil(() => providerButtons(panel).length > 0, 'no provider buttons');

    providerButtons(panel)[0]!.click();
    await waitUntil(() => panelText(panel).includes("Signing in didn't work"), 'no message');

    expect(panelText(panel)).not.to.contain('offers no sign-in');
    expect(providerButtons(panel)[0]!.getAttribute('aria-disabled')).to.equal('false');
  });

  it('a shop without providers (oauth: null) shows the email forms alone', async () => {
    const { panel } = await signInWithProviders([]);
    await new Promise((r) => setTimeout(r, 50)); // the config has been read

    expect(providerButtons(panel)).to.have.length(0);
    expect(panelText(panel)).not.to.contain('or use your email');
  });

  it('a refused return (an OAuthError in the snapshot) is not "your session has ended"', async () => {
    const fake = new FakeClient(makeCart());
    const el: ShoppingCart = await drawerWith(fake);
    await el.updateComplete;

    fake.set({
      status: 'error',
      error: Object.assign(new Error('replayed'), {
        name: 'OAuthError',
        code: 'AUTH_FAILED',
        reason: 'STATE_MISMATCH',
      }) as never,
    });
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'no alert');

    const alert = part(el, '[part="error"]').textContent!;
    expect(alert).to.contain("Signing in didn't work this time.");
    expect(alert).not.to.contain('session has ended');
  });

  it('leaves the hosted sign-in’s answer (#cartkit-auth=) in the address bar for the SDK’s client to finish', async () => {
    const page = location.pathname + location.search;
    history.replaceState(history.state, '', `${page}#cartkit-auth=code-1&state=abc.r.xyz`);
    try {
      const fake = new FakeClient(makeCart());
      let seen = '';
      const client = fake.asClient();
      const el = await drawerWith(
        Object.assign(Object.create(fake), {
          asClient: () => ({
            ...client,
            ready: async () => {
              seen = location.hash; // what the SDK's ready() reads first
            },
          }),
        }) as FakeClient,
      );
      await el.updateComplete;

      expect(seen).to.equal('#cartkit-auth=code-1&state=abc.r.xyz');
    } finally {
      history.replaceState(history.state, '', page);
    }
  });

  it('an unverified provider email says what to do about it', async () => {
    const fake = new FakeClient(makeCart());
    const el: ShoppingCart = await drawerWith(fake);

    fake.set({
      status: 'error',
      error: Object.assign(new Error('not verified'), {
        name: 'OAuthError',
        code: 'AUTH_FAILED',
        reason: 'PROVIDER_ERROR',
        cognitoCode: 'email_not_verified',
      }) as never,
    });
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'no alert');

    expect(part(el, '[part="error"]').textContent).to.contain("isn't verified with that provider yet");
  });

  it('is themable through ::part(provider), with nothing of the provider loaded (no script, image or font)', async () => {
    const style = document.createElement('style');
    style.textContent = 'shopping-cart::part(provider) { letter-spacing: 3px; }';
    document.head.append(style);
    try {
      const { el } = await signInWithProviders();
      const panel = await authPanel(el);
      const button = providerButtons(panel)[0]!;

      expect(getComputedStyle(button).letterSpacing).to.equal('3px');
      expect(panel.shadowRoot!.querySelectorAll('img, script, link, iframe, svg')).to.have.length(0);
      const foreign = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).hostname !== location.hostname);
      expect(foreign).to.deep.equal([]);
    } finally {
      style.remove();
    }
  });
});
