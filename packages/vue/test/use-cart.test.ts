import { type CartClient, createCartClient } from '@cartkit/cart-sdk';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { apiUrl, countingChannel } from '../../cart-sdk/test/support/bindings.js';
import { provideCart, useCart } from '../src/index.js';

afterEach(() => localStorage.clear());

/** A small cart UI: the status, the count, the lines, and two buttons. */
const MiniCart = defineComponent({
  setup() {
    const { status, cart, add, setQuantity } = useCart();
    return () =>
      h('section', [
        h('p', { 'data-testid': 'status' }, status.value),
        h('p', { 'data-testid': 'count' }, cart.value ? `${cart.value.itemCount} items` : 'no cart yet'),
        h(
          'ul',
          (cart.value?.items ?? []).map((line) => h('li', { key: line.sku }, `${line.sku} × ${line.quantity}`)),
        ),
        h('button', { id: 'add', onClick: () => add('MUG-STONE') }, 'Add the mug'),
        h('button', { id: 'three', onClick: () => setQuantity('MUG-STONE', 3) }, 'Three mugs'),
      ]);
  },
});

/** The app's root: provides the client to MiniCart. */
const rootWith = (options: Parameters<typeof provideCart>[0]) =>
  defineComponent({
    setup() {
      provideCart(options);
      return () => h(MiniCart);
    },
  });

/** Waits until `check` stops throwing (a deadline for "eventually", not a timing assertion). */
async function eventually(check: () => void, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    await flushPromises();
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('provideCart and useCart against the local stack', () => {
  it('loads the cart, updates on an add and a quantity change, the server holds the line, unmount leaves no client', async () => {
    // Prepare
    const { Channel, open } = countingChannel();
    const wrapper = mount(rootWith({ apiUrl: apiUrl(), BroadcastChannel: Channel }));
    await eventually(() => expect(wrapper.get('[data-testid=count]').text()).toBe('0 items'));
    expect(open.size).toBe(1);

    // Act
    await wrapper.get('#add').trigger('click');

    // Assess: the line shows at once (optimistic), then the server's cart settles with it.
    expect(wrapper.get('[data-testid=count]').text()).toBe('1 items');
    await eventually(() => expect(wrapper.get('[data-testid=status]').text()).toBe('idle'));
    await wrapper.get('#three').trigger('click');
    await eventually(() => expect(wrapper.get('li').text()).toBe('MUG-STONE × 3'));
    await eventually(() => expect(wrapper.get('[data-testid=status]').text()).toBe('idle'));
    const check = createCartClient({ apiUrl: apiUrl(), realtime: false, BroadcastChannel: null });
    try {
      const server = await check.refresh();
      expect(server.items.map((line) => [line.sku, line.quantity])).toEqual([['MUG-STONE', 3]]);
    } finally {
      check.destroy();
    }
    wrapper.unmount();
    expect(open.size).toBe(0);
  });

  it('with your own client: subscribes, and unmount unsubscribes without destroying it', async () => {
    // Prepare
    const client = createCartClient({ apiUrl: apiUrl(), realtime: false });
    let active = 0;
    // The same client, its methods bound to it (private fields need the real `this`), subscribe counted.
    const counted = new Proxy(client, {
      get(target, key) {
        if (key === 'subscribe') {
          return (listener: Parameters<CartClient['subscribe']>[0]) => {
            active += 1;
            const off = target.subscribe(listener);
            return () => {
              active -= 1;
              off();
            };
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const wrapper = mount(rootWith(counted));
    await eventually(() => expect(wrapper.get('[data-testid=count]').text()).toBe('0 items'));

    // Act: a change made on the client outside the component shows in it.
    await client.add('TEE-CLASSIC');
    await eventually(() => expect(wrapper.get('li').text()).toBe('TEE-CLASSIC × 1'));
    expect(active).toBe(1);
    wrapper.unmount();

    // Assess: unsubscribed, still alive.
    expect(active).toBe(0);
    await expect(client.add('TEE-CLASSIC')).resolves.toMatchObject({ itemCount: 2 });
    client.destroy();
  });

  it('hydrates server markup without a mismatch for a returning visitor, then shows the stored cart', async () => {
    // Prepare: a returning visitor, and the markup the server rendered.
    const seed = createCartClient({ apiUrl: apiUrl(), realtime: false, BroadcastChannel: null });
    await seed.add('TEE-CLASSIC', 2);
    seed.destroy();
    const Root = rootWith({ apiUrl: apiUrl() });
    const html = await renderToString(createSSRApp(Root));
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    expect(container.querySelector('[data-testid=count]')?.textContent).toBe('no cart yet');
    const warnings: string[] = [];

    // Act
    const app = createSSRApp(Root);
    app.config.warnHandler = (message) => warnings.push(message);
    app.mount(container);

    // Assess
    await eventually(() => expect(container.querySelector('li')?.textContent).toBe('TEE-CLASSIC × 2'));
    expect(warnings.filter((w) => /hydration/i.test(w))).toEqual([]);
    app.unmount();
    container.remove();
  });

  it('in the component that provides the client, useCart(provideCart(options)) follows it', async () => {
    // Prepare
    const Root = defineComponent({
      setup() {
        const { cart } = useCart(provideCart({ apiUrl: apiUrl() }));
        return () => h('p', cart.value ? `${cart.value.itemCount} items` : 'no cart yet');
      },
    });

    // Act
    const wrapper = mount(Root);

    // Assess
    await eventually(() => expect(wrapper.text()).toBe('0 items'));
    wrapper.unmount();
  });

  it('useCart without provideCart says what is missing', () => {
    expect(() => mount(MiniCart)).toThrow(/needs provideCart\(\)/);
  });
});
