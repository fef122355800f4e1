import {
  type AddOptions,
  type Cart,
  type CartClient,
  type CartClientOptions,
  type CartSnapshot,
  createCartClient,
  SERVER_SNAPSHOT,
} from '@cartkit/cart-sdk';
import {
  type ComputedRef,
  computed,
  type InjectionKey,
  inject,
  onBeforeUnmount,
  onMounted,
  provide,
  type ShallowRef,
  shallowReadonly,
  shallowRef,
  watch,
} from 'vue';

/** Where {@link provideCart} puts the client for {@link useCart} (`null` until mounted). */
export const CART_CLIENT: InjectionKey<Readonly<ShallowRef<CartClient | null>>> = Symbol('cartkit client');

function isClient(value: CartClientOptions | CartClient): value is CartClient {
  return typeof (value as CartClient).getSnapshot === 'function';
}

/**
 * Gives the calling component's subtree one cart client. With options it creates
 * the client when the component mounts and destroys it when it unmounts, so a
 * server render creates nothing; with a client it uses yours and leaves its
 * lifetime to you. Either way it calls `ready()` once mounted.
 *
 * @example
 * ```ts
 * // App.vue, <script setup>
 * import { provideCart } from '@cartkit/vue';
 * provideCart({ apiUrl: 'https://shop.example/api' });
 * ```
 */
export function provideCart(source: CartClientOptions | CartClient): Readonly<ShallowRef<CartClient | null>> {
  const client = shallowRef<CartClient | null>(null);
  let owned: CartClient | null = null;
  onMounted(() => {
    if (isClient(source)) {
      client.value = source;
    } else {
      owned = createCartClient(source);
      client.value = owned;
    }
    client.value.ready().catch(() => undefined); // the failure is in the snapshot (`status`, `error`)
  });
  onBeforeUnmount(() => {
    client.value = null;
    owned?.destroy();
    owned = null;
  });
  const readonlyClient = shallowReadonly(client);
  provide(CART_CLIENT, readonlyClient);
  return readonlyClient;
}

/** What {@link useCart} returns: the snapshot and its fields as refs, the client, its mutations bound. */
export interface UseCart {
  /** The whole snapshot; a new object on every change. */
  readonly snapshot: Readonly<ShallowRef<CartSnapshot>>;
  readonly cart: ComputedRef<CartSnapshot['cart']>;
  readonly status: ComputedRef<CartSnapshot['status']>;
  readonly pending: ComputedRef<CartSnapshot['pending']>;
  readonly error: ComputedRef<CartSnapshot['error']>;
  readonly user: ComputedRef<CartSnapshot['user']>;
  readonly orders: ComputedRef<CartSnapshot['orders']>;
  /** The client, or `null` during the server render and before mount. */
  readonly client: Readonly<ShallowRef<CartClient | null>>;
  add(sku: string, quantity?: number, options?: AddOptions): Promise<Cart>;
  setQuantity(sku: string, quantity: number): Promise<Cart>;
  remove(sku: string): Promise<Cart>;
  clear(): Promise<Cart>;
}

function notReady(): Promise<never> {
  return Promise.reject(new Error('@cartkit/vue: the cart client is not created yet (server render or before mount)'));
}

/**
 * The cart's state as refs, updated on every change of the client from the
 * nearest {@link provideCart} in a parent (Vue's `inject` does not see the
 * component's own `provide`: in the component that calls `provideCart()`, pass
 * its result, `useCart(provideCart(options))`). Before the client exists (the server render, the
 * hydrating render) it is {@link SERVER_SNAPSHOT}, so hydration matches; the
 * subscription ends with the component.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * import { useCart } from '@cartkit/vue';
 * const { cart, add } = useCart();
 * </script>
 * <template>
 *   <button @click="add('MUG-STONE')">Cart ({{ cart?.itemCount ?? 0 }})</button>
 * </template>
 * ```
 */
export function useCart(provided?: Readonly<ShallowRef<CartClient | null>>): UseCart {
  const client = provided ?? inject(CART_CLIENT, null);
  if (!client) {
    throw new Error(
      '@cartkit/vue: useCart() needs provideCart() in a parent component (in the same component, pass what provideCart() returned)',
    );
  }
  const snapshot = shallowRef<CartSnapshot>(SERVER_SNAPSHOT);
  watch(
    client,
    (current, _previous, onCleanup) => {
      if (!current) {
        snapshot.value = SERVER_SNAPSHOT;
        return;
      }
      snapshot.value = current.getSnapshot();
      onCleanup(current.subscribe((next) => (snapshot.value = next)));
    },
    { immediate: true },
  );
  const field = <K extends keyof CartSnapshot>(key: K) => computed(() => snapshot.value[key]);
  return {
    snapshot: shallowReadonly(snapshot),
    cart: field('cart'),
    status: field('status'),
    pending: field('pending'),
    error: field('error'),
    user: field('user'),
    orders: field('orders'),
    client,
    add: (sku, quantity, options) => (client.value ? client.value.add(sku, quantity, options) : notReady()),
    setQuantity: (sku, quantity) => (client.value ? client.value.setQuantity(sku, quantity) : notReady()),
    remove: (sku) => (client.value ? client.value.remove(sku) : notReady()),
    clear: () => (client.value ? client.value.clear() : notReady()),
  };
}
