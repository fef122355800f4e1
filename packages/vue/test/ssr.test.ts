// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { provideCart, useCart } from '../src/index.js';

describe('server render (Node, no window)', () => {
  it('renders provideCart and useCart to a string without creating a client or touching the network', async () => {
    // Prepare
    const calls: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      calls.push(String(input));
      throw new Error('no network on the server render');
    };
    const Count = defineComponent({
      setup() {
        const { status, cart, client } = useCart();
        return () =>
          h('p', `${status.value}: ${cart.value?.itemCount ?? 'no cart'} (${client.value ? 'client' : 'no client'})`);
      },
    });
    const Root = defineComponent({
      setup() {
        provideCart({ apiUrl: 'https://shop.example/api', fetch: fetchSpy });
        return () => h(Count);
      },
    });
    expect(typeof window).toBe('undefined');

    // Act
    const html = await renderToString(createSSRApp(Root));

    // Assess
    expect(html).toBe('<p>idle: no cart (no client)</p>');
    expect(calls).toEqual([]);
  });
});
