import '@cartkit/cart-element';
import type { ShoppingCart as ShoppingCartElement } from '@cartkit/cart-element';
import type { CartClient } from '@cartkit/cart-sdk';
import { cleanup, render, waitFor } from '@testing-library/react';
import { createRef, StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { CartProvider, ShoppingCart, useCartClient } from '../src/index.js';
import { apiUrl } from '../../cart-sdk/test/support/bindings.js';

/** Hands the provider's client out to the test. */
function Grab({ onClient }: { onClient: (client: CartClient | null) => void }) {
  onClient(useCartClient());
  return null;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('<ShoppingCart> inside a CartProvider (jsdom, the local stack)', () => {
  it('uses the provider client and reports cart:change through onCartChange', async () => {
    // Prepare
    let client: CartClient | null = null;
    const grab = (c: CartClient | null) => {
      client = c;
    };
    const changes: number[] = [];
    const ref = createRef<ShoppingCartElement>();
    render(
      <StrictMode>
        <CartProvider apiUrl={apiUrl()}>
          <Grab onClient={grab} />
          <ShoppingCart ref={ref} locale="en-US" onCartChange={(e) => changes.push(e.detail.cart.itemCount)} />
        </CartProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(client).not.toBeNull());

    // Assess: one client for the hooks and the element.
    await waitFor(() => expect(ref.current?.client).toBe(client));
    expect(ref.current?.tagName).toBe('SHOPPING-CART');
    expect(ref.current?.getAttribute('api')).toBeNull();

    // Act
    await (client as unknown as CartClient).add('MUG-STONE', 2);

    // Assess: the element saw the change and told React.
    await waitFor(() => expect(changes.at(-1)).toBe(2));
    expect(ref.current?.cart?.itemCount).toBe(2);
  });
});
