// Type tests (tsc through vitest's typecheck): the JSX a React app writes for the element.
import type { ShoppingCart as ShoppingCartElement } from '@cartkit/cart-element';
import { createRef } from 'react';
import { expectTypeOf, test } from 'vitest';
import { ShoppingCart } from '../src/index.js';

test('<shopping-cart> and <add-to-cart> are intrinsic elements with their attributes', () => {
  const ref = createRef<ShoppingCartElement>();
  <shopping-cart ref={ref} api="https://shop.example/api" locale="en-US" open />;
  <add-to-cart sku="MUG-STONE" quantity={2}>
    Add
  </add-to-cart>;
  // @ts-expect-error sku is required
  <add-to-cart />;
  // @ts-expect-error quantity is a number
  <add-to-cart sku="MUG-STONE" quantity="2" />;
});

test('<ShoppingCart> event props carry the typed detail', () => {
  <ShoppingCart
    onCartChange={(e) => expectTypeOf(e.detail.cart.itemCount).toEqualTypeOf<number>()}
    onCartCheckout={(e) => expectTypeOf(e.detail.order.orderId).toEqualTypeOf<string>()}
    onCartOpen={(e) => {
      expectTypeOf(e.detail.trigger).toEqualTypeOf<'toggle' | 'method' | 'add'>();
      e.preventDefault();
    }}
  />;
  // @ts-expect-error the detail of cart:change has no order
  <ShoppingCart onCartChange={(e) => e.detail.order} />;
  // @ts-expect-error open is a boolean
  <ShoppingCart open="yes" />;
});
