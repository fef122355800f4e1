// The cartkit admin page: sign in with the SDK's auth (an account in the Cognito group
// `admin`), then products, discount codes, orders and webhooks on @cartkit/cart-sdk/admin.
// Hash routes (#products, #discounts, #orders, #webhooks); every section is loaded on demand.
import { type CartClient, createCartClient, localStorageAdapter } from '@cartkit/cart-sdk';
import { type AdminClient, createAdminClient } from '@cartkit/cart-sdk/admin';
import { announce, field, h } from './dom.js';
import { explain } from './format.js';

export interface Ctx {
  admin: AdminClient;
  currency: string;
}

const SECTIONS = {
  products: { title: 'Products', load: () => import('./products.js') },
  discounts: { title: 'Discount codes', load: () => import('./discounts.js') },
  orders: { title: 'Orders', load: () => import('./orders.js') },
  webhooks: { title: 'Webhooks', load: () => import('./webhooks.js') },
} as const;
type Section = keyof typeof SECTIONS;

const apiUrl = new URL(document.documentElement.dataset.api ?? '/api', location.href).href.replace(/\/+$/, '');
// Per tab (sessionStorage): the admin's session never mixes with a shopper's cart on this origin.
const cart: CartClient = createCartClient({
  apiUrl,
  storage: localStorageAdapter(sessionStorage),
  realtime: false,
  pollOrders: false,
  BroadcastChannel: null,
});
const admin = createAdminClient({ apiUrl, getAccessToken: () => cart.auth.getAccessToken() });
const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let currency = 'USD';

async function loadCurrency(): Promise<void> {
  try {
    const config = (await (await fetch(`${apiUrl}/config`)).json()) as { currency?: string };
    if (config.currency) currency = config.currency;
  } catch {
    // Amounts are then shown in USD; the API still answers in minor units.
  }
}

function renderSignIn(message?: string): void {
  nav.hidden = true;
  account.replaceChildren();
  document.title = 'Sign in · Shop admin';
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'notice error', role: 'alert' }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to the shop admin'),
    h('p', {}, 'Use an account in the shop’s “admin” group.'),
    field('Email', email),
    field('Password', password),
    submit,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      await cart.auth.signIn({ email: email.value, password: password.value });
      // One admin call proves the group claim before the sections show.
      await admin.discounts.list();
      route();
    } catch (thrown) {
      error.textContent = explain(thrown);
      if (cart.auth.currentUser()) await cart.auth.signOut().catch(() => undefined);
    } finally {
      submit.disabled = false;
    }
  });
  main.replaceChildren(form);
  email.focus();
}

function renderAccount(): void {
  const user = cart.auth.currentUser();
  if (!user) return;
  account.replaceChildren(
    h('span', {}, user.email),
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: async () => {
          await cart.auth.signOut();
          location.hash = '';
          renderSignIn();
        },
      },
      'Sign out',
    ),
  );
}

let rendering = 0;
async function route(): Promise<void> {
  if (!cart.auth.currentUser()) return renderSignIn();
  const name = (location.hash.slice(1) || 'products') as Section;
  const section = SECTIONS[name] ?? SECTIONS.products;
  const key = (SECTIONS[name] ? name : 'products') as Section;
  nav.hidden = false;
  renderAccount();
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === `#${key}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${section.title} · Shop admin`;
  const mine = ++rendering;
  // A plain container: <main> is the landmark, and each table is a named, scrollable region.
  const container = h('div', { class: 'section' });
  container.append(h('h1', { id: `${key}-title` }, section.title), h('p', { class: 'loading' }, 'Loading…'));
  main.replaceChildren(container);
  try {
    const view = await section.load();
    if (mine !== rendering) return;
    await view.render(container, { admin, currency } satisfies Ctx);
  } catch (thrown) {
    if (mine !== rendering) return;
    container.querySelector('.loading')?.remove();
    container.append(h('p', { class: 'notice error', role: 'alert' }, explain(thrown)));
  }
  announce(`${section.title} loaded`);
}

window.addEventListener('hashchange', () => {
  void route().then(() => main.focus());
});
await loadCurrency();
await route();
