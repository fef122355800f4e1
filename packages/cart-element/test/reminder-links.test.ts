import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ShoppingCart } from '../src/shopping-cart.js';
import { makeCart, type MockApi, mockApi } from './support/mock-api.js';

// An abandoned-cart reminder's links (issue 16), as the element follows them on load: the
// fragment leaves the address bar at once, the SDK's handleReminderLink runs before the
// element's client loads, and the drawer opens with a notice in the shopper's words.

const tokenKey = (api: MockApi) => `cartkit:${api.apiUrl}:cartToken`;

/** An API with an abandoned cart (two mugs) behind a reminder, and this browser's own cart (a T-shirt). */
async function shopWithReminder(): Promise<MockApi> {
  const api = await mockApi();
  api.reminder = {
    cart: 'c-abandoned',
    restoreToken: 'restore-ok',
    unsubscribeToken: 'unsub-ok',
    lines: makeCart({ MUG: 2 }, 'EUR', 3),
  };
  api.tokenCarts['tok-own'] = makeCart({ TEE: 1 }, 'EUR', 5);
  localStorage.setItem(tokenKey(api), JSON.stringify('tok-own'));
  return api;
}

/** Opens the page from `fragment`, as the email's link does, and mounts the cart. */
async function openFrom(api: MockApi, fragment: string, strings = {}): Promise<ShoppingCart> {
  history.replaceState(null, '', `${location.pathname}${location.search}#${fragment}`);
  return fixture<ShoppingCart>(
    html`<shopping-cart api=${api.apiUrl} locale="en-US" .strings=${strings}></shopping-cart>`,
  );
}

const text = (el: ShoppingCart, selector: string) =>
  el.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function noticeShown(el: ShoppingCart): Promise<string> {
  await waitUntil(() => el.open && text(el, '[part="link-notice"]'), 'no notice in the open drawer', { timeout: 5000 });
  await el.updateComplete;
  return text(el, '[part="link-notice"]').replace(/ Dismiss$/, '');
}

const lineNames = (el: ShoppingCart) =>
  [...el.shadowRoot!.querySelectorAll('[part="line"]')].map(
    (line) =>
      `${line.querySelector('[part="line-name"]')!.textContent} × ${line.querySelector('[part="quantity"]')!.textContent}`,
  );

/** The drawer's slide-in is over (for a screenshot of where it rests). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

afterEach(() => {
  localStorage.clear();
  history.replaceState(null, '', `${location.pathname}${location.search}`);
});

describe('reminder links (#cartkit-restore, #cartkit-unsubscribe)', () => {
  it('adds the abandoned cart’s lines into this browser’s own cart, keeping its lines, and says so', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-restore=c-abandoned&token=restore-ok');
    expect(location.hash).to.equal('', 'the token left the address bar at once');
    expect(await noticeShown(el)).to.equal('Welcome back! Here is the cart you left.');
    await waitUntil(() => lineNames(el).length === 2, 'the restored lines never showed');
    expect(lineNames(el).sort()).to.deep.equal(['Coffee mug × 2', 'T-shirt × 1']);
    expect(api.calls).to.include('POST /cart/restore c-abandoned restore-ok');
    // This browser keeps its own cart and token: the link hands out no token for the abandoned cart.
    expect(localStorage.getItem(tokenKey(api))).to.equal(JSON.stringify('tok-own'));
    expect(el.client!.getSnapshot().cart?.version).to.equal(6);
    await expect(el).to.be.accessible();
    await settle();
    expect(await executeServerCommand('screenshot', { name: 'reminder-restored' })).to.equal(true);
  });

  it('restores on a browser that had no cart yet, into a new cart of its own', async () => {
    const api = await shopWithReminder();
    localStorage.clear();
    const el = await openFrom(api, 'cartkit-restore=c-abandoned&token=restore-ok');
    await noticeShown(el);
    await waitUntil(() => lineNames(el).length === 1, 'the restored lines never showed');
    expect(lineNames(el)).to.deep.equal(['Coffee mug × 2']);
    const token = JSON.parse(localStorage.getItem(tokenKey(api)) ?? '""') as string;
    expect(token).to.match(/^tok-\d+$/);
    expect(api.tokenCarts[token]?.items.map((item) => [item.sku, item.quantity])).to.deep.equal([['MUG', 2]]);
    expect(el.client!.getSnapshot().cart?.version).to.equal(1);
  });

  it('a wrong token: a clear message, and this browser keeps its own cart and token', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-restore=c-abandoned&token=forged');
    expect(location.hash).to.equal('');
    expect(await noticeShown(el)).to.equal(
      'This link doesn’t work: it may be incomplete or from an older email. Nothing was changed.',
    );
    await waitUntil(() => lineNames(el).length === 1, 'the own cart never showed');
    expect(lineNames(el)).to.deep.equal(['T-shirt × 1']);
    expect(localStorage.getItem(tokenKey(api))).to.equal(JSON.stringify('tok-own'));
    expect(api.tokenCarts['tok-own']?.version).to.equal(5, 'nothing was added');
    await expect(el).to.be.accessible();
    await settle();
    expect(await executeServerCommand('screenshot', { name: 'reminder-refused' })).to.equal(true);
  });

  it('an expired cart (404): says it is gone, nothing changed', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-restore=c-expired&token=restore-ok');
    expect(await noticeShown(el)).to.equal(
      'This cart is no longer available: it has expired or was already ordered. Nothing was changed.',
    );
    await waitUntil(() => lineNames(el).length === 1, 'the own cart never showed');
    expect(lineNames(el)).to.deep.equal(['T-shirt × 1']);
    expect(localStorage.getItem(tokenKey(api))).to.equal(JSON.stringify('tok-own'));
  });

  it('the shop unreachable: a retry message, nothing changed', async () => {
    // Nothing listens on port 9: the link's request fails at the network.
    const down = { apiUrl: 'http://127.0.0.1:9/api' } as MockApi;
    localStorage.setItem(tokenKey(down), JSON.stringify('tok-own'));
    const el = await openFrom(down, 'cartkit-restore=c-abandoned&token=restore-ok');
    expect(await noticeShown(el)).to.equal('We couldn’t open this link. Please try again in a moment.');
    expect(localStorage.getItem(tokenKey(down))).to.equal(JSON.stringify('tok-own'));
  });

  it('unsubscribes: no reminder for that cart, this browser’s cart untouched', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-unsubscribe=c-abandoned&token=unsub-ok');
    expect(location.hash).to.equal('');
    expect(await noticeShown(el)).to.equal('You won’t get reminders for this cart.');
    expect(api.calls).to.deep.equal(['POST /cart/reminders/unsubscribe c-abandoned unsub-ok']);
    await waitUntil(() => lineNames(el).length === 1, 'the own cart never showed');
    expect(lineNames(el)).to.deep.equal(['T-shirt × 1']);
    expect(localStorage.getItem(tokenKey(api))).to.equal(JSON.stringify('tok-own'));
    await expect(el).to.be.accessible();
    await settle();
    expect(await executeServerCommand('screenshot', { name: 'reminder-unsubscribed' })).to.equal(true);
  });

  it('an unsubscribe link with the restore token is refused: the restore token unsubscribes nothing', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-unsubscribe=c-abandoned&token=restore-ok');
    expect(await noticeShown(el)).to.contain('This link doesn’t work');
  });

  it('takes its strings from setStrings, like every other string', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-unsubscribe=c-abandoned&token=unsub-ok', {
      linkUnsubscribed: 'Sie erhalten keine Erinnerungen mehr für diesen Warenkorb.',
    });
    expect(await noticeShown(el)).to.equal('Sie erhalten keine Erinnerungen mehr für diesen Warenkorb.');
  });

  it('the notice can be dismissed', async () => {
    const api = await shopWithReminder();
    const el = await openFrom(api, 'cartkit-unsubscribe=c-abandoned&token=unsub-ok');
    await noticeShown(el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="link-notice"] button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="link-notice"]')).to.equal(null);
  });

  it('two carts on the page: both load the cart with the restored lines, and the link is followed once', async () => {
    const api = await shopWithReminder();
    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}#cartkit-restore=c-abandoned&token=restore-ok`,
    );
    const page = await fixture<HTMLDivElement>(
      html`<div><shopping-cart api=${api.apiUrl}></shopping-cart><shopping-cart api=${api.apiUrl}></shopping-cart></div>`,
    );
    const [a, b] = [...page.querySelectorAll('shopping-cart')] as ShoppingCart[];
    await waitUntil(() => a!.cart?.version === 6 && b!.cart?.version === 6, 'both carts show the restored lines');
    expect(api.calls.filter((c) => c.startsWith('POST /cart/restore'))).to.have.length(1);
  });

  it('a fragment that is not a cartkit link is left alone', async () => {
    const api = await shopWithReminder();
    history.replaceState(null, '', `${location.pathname}${location.search}#reviews`);
    const el = await fixture<ShoppingCart>(html`<shopping-cart api=${api.apiUrl}></shopping-cart>`);
    await waitUntil(() => el.cart?.version === 5, 'the own cart never loaded');
    expect(location.hash).to.equal('#reviews');
    expect(el.open).to.equal(false);
  });
});
