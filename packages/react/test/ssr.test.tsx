// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CartProvider, ShoppingCart, useCart } from '../src/index.js';

function Count() {
  const { cart, status, client } = useCart();
  return (
    <p>
      {status}: {cart ? cart.itemCount : 'no cart'} ({client ? 'client' : 'no client'})
    </p>
  );
}

describe('server render (Node, no window)', () => {
  it('renders the provider, useCart and <ShoppingCart> to a string without creating a client or touching the network', () => {
    // Prepare: a fetch that records any call.
    const calls: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      calls.push(String(input));
      throw new Error('no network on the server render');
    };
    expect(typeof window).toBe('undefined');

    // Act
    const html = renderToString(
      <CartProvider apiUrl="https://shop.example/api" fetch={fetchSpy}>
        <Count />
        <ShoppingCart locale="en-US" />
      </CartProvider>,
    );

    // Assess
    expect(html).toBe(
      '<p>idle<!-- -->: <!-- -->no cart<!-- --> (<!-- -->no client<!-- -->)</p><shopping-cart locale="en-US"></shopping-cart>',
    );
    expect(calls).toEqual([]);
  });
});
