import { type CartClient, createCartClient, SERVER_SNAPSHOT } from '@cartkit/cart-sdk';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { CartProvider, useCart } from '../src/index.js';
import { apiUrl, countingChannel } from '../../cart-sdk/test/support/bindings.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

/** A small cart UI: the status, the count, the lines, and an add button. */
function MiniCart() {
  const { status, cart, add, setQuantity } = useCart();
  return (
    <section>
      <p data-testid="status">{status}</p>
      <p data-testid="count">{cart ? `${cart.itemCount} items` : 'no cart yet'}</p>
      <ul>
        {cart?.items.map((line) => (
          <li key={line.sku}>
            {line.sku} × {line.quantity}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => add('MUG-STONE')}>
        Add the mug
      </button>
      <button type="button" onClick={() => setQuantity('MUG-STONE', 3)}>
        Three mugs
      </button>
    </section>
  );
}

describe('CartProvider and useCart against the local stack', () => {
  it('loads the cart, re-renders on an add (optimistically, then confirmed), and the server holds the line', async () => {
    // Prepare
    render(
      <CartProvider apiUrl={apiUrl()}>
        <MiniCart />
      </CartProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('0 items'));

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Add the mug' }));

    // Assess: the line shows at once (optimistic), then the server's cart settles with it.
    expect(screen.getByTestId('count').textContent).toBe('1 items');
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    expect(screen.getByRole('listitem').textContent).toBe('MUG-STONE × 1');
    fireEvent.click(screen.getByRole('button', { name: 'Three mugs' }));
    await waitFor(() => expect(screen.getByRole('listitem').textContent).toBe('MUG-STONE × 3'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    const check = createCartClient({ apiUrl: apiUrl(), realtime: false, BroadcastChannel: null });
    try {
      const server = await check.refresh(); // same localStorage: the same anonymous cart
      expect(server.items.map((line) => [line.sku, line.quantity])).toEqual([['MUG-STONE', 3]]);
    } finally {
      check.destroy();
    }
  });

  it('under StrictMode leaves exactly one live client while mounted and none after unmount', async () => {
    // Prepare: every client's cross-tab channel is counted.
    const { Channel, open } = countingChannel();

    // Act
    const view = render(
      <StrictMode>
        <CartProvider apiUrl={apiUrl()} BroadcastChannel={Channel}>
          <MiniCart />
        </CartProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('0 items'));

    // Assess: StrictMode mounted twice; the first client was destroyed, one is live.
    expect(open.size).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Add the mug' }));
    await waitFor(() => expect(screen.getByRole('listitem').textContent).toBe('MUG-STONE × 1'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    view.unmount();
    expect(open.size).toBe(0);
  });

  it('unmounting while an add is in flight aborts it and leaves no unhandled rejection (CancelledError)', async () => {
    // Prepare: the add's request is seen going out; unhandled rejections are recorded.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const sent: AbortSignal[] = [];
    // The add's request is held 300 ms on its way out (a slow network), so the unmount lands mid-request.
    const fetching: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/cart/items') && init?.signal) {
        sent.push(init.signal);
        await new Promise((r) => setTimeout(r, 300));
      }
      return fetch(input, init);
    };
    try {
      const view = render(
        <StrictMode>
          <CartProvider apiUrl={apiUrl()} fetch={fetching}>
            <MiniCart />
          </CartProvider>
        </StrictMode>,
      );
      await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('0 items'));

      // Act: the button's onClick fires add() and forgets it; the app unmounts at once.
      fireEvent.click(screen.getByRole('button', { name: 'Add the mug' }));
      await waitFor(() => expect(sent).toHaveLength(1));
      view.unmount();
      await new Promise((r) => setTimeout(r, 400));

      // Assess
      expect(sent[0]!.aborted).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('subscribes a client you pass in once under StrictMode, unsubscribes on unmount, and leaves it alive', async () => {
    // Prepare: your own client, its subscriptions counted.
    const client = createCartClient({ apiUrl: apiUrl(), realtime: false });
    let active = 0;
    const subscribe = client.subscribe;
    const countedSubscribe: CartClient['subscribe'] = (listener) => {
      active += 1;
      const unsubscribe = subscribe(listener);
      return () => {
        active -= 1;
        unsubscribe();
      };
    };
    // The same client, its methods bound to it (its private fields need the real `this`), subscribe counted.
    const counted = new Proxy(client, {
      get(target, key) {
        if (key === 'subscribe') return countedSubscribe;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    // Act
    const view = render(
      <StrictMode>
        <CartProvider client={counted}>
          <MiniCart />
        </CartProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('0 items'));

    // Assess
    expect(active).toBe(1);
    view.unmount();
    expect(active).toBe(0);
    await expect(client.add('TEE-CLASSIC')).resolves.toMatchObject({ itemCount: 1 }); // not destroyed
    client.destroy();
  });

  it('hydrates server markup without a mismatch for a returning visitor, then shows the stored cart', async () => {
    // Prepare: a returning visitor (a cart in storage), and the markup a server rendered.
    const seed = createCartClient({ apiUrl: apiUrl(), realtime: false, BroadcastChannel: null });
    await seed.add('TEE-CLASSIC', 2);
    seed.destroy();
    const app = (
      <CartProvider apiUrl={apiUrl()}>
        <MiniCart />
      </CartProvider>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(app);
    document.body.append(container);
    expect(container.querySelector('[data-testid=count]')?.textContent).toBe('no cart yet');
    const recoverable: unknown[] = [];

    // Act
    const root = await act(async () =>
      hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) }),
    );

    // Assess: no hydration error; then the stored cart appears.
    await waitFor(() => expect(container.querySelector('li')?.textContent).toBe('TEE-CLASSIC × 2'));
    expect(recoverable).toEqual([]);
    act(() => root.unmount());
    container.remove();
  });

  it('useCart outside a CartProvider says what is missing', () => {
    expect(() => render(<MiniCart />)).toThrow(/need a <CartProvider> above them/);
  });

  it('SERVER_SNAPSHOT is one frozen constant with no cart', () => {
    expect(Object.isFrozen(SERVER_SNAPSHOT)).toBe(true);
    expect(SERVER_SNAPSHOT).toMatchObject({ status: 'idle', cart: null, user: null, error: null });
  });
});
