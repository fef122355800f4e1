import type { Order } from '@cartkit/contract';
import type { ClientCore } from '../client/core.js';

const FINAL: ReadonlySet<string> = new Set(['CONFIRMED', 'FAILED']);

/**
 * Checkout and the orders it makes: the 202 `PENDING` order, its later states
 * (from the socket, another tab, or polling while the socket is down) into
 * `snapshot.orders`, and the cart refetched once an order is confirmed.
 */
export class Orders {
  readonly #core: ClientCore;
  readonly #polling = new Set<string>();

  constructor(core: ClientCore) {
    this.#core = core;
  }

  checkout(): Promise<Order> {
    return this.#core.queue.enqueueTask(async (signal) => {
      const { data } = await this.#core.api.request<Order>({
        method: 'post',
        path: 'cart/checkout',
        auth: 'user',
        signal,
      });
      this.accept(data);
      this.#poll(data.orderId);
      return data;
    });
  }

  async get(orderId: string): Promise<Order> {
    const { data } = await this.#core.api.request<Order>({
      method: 'get',
      path: `orders/${encodeURIComponent(orderId)}`,
      auth: 'user',
    });
    this.accept(data);
    return data;
  }

  /** An order update from anywhere: into the store (never backwards), then to other tabs. */
  accept(order: Order): void {
    const { store } = this.#core;
    const before = store.state.orders[order.orderId];
    store.dispatch({ type: 'order', order });
    const after = store.state.orders[order.orderId];
    if (after === before) return;
    if (after?.status === 'CONFIRMED') {
      // The server empties the cart on CONFIRMED; fetch it in case the socket is down.
      void this.#core.refresh().catch(() => undefined);
    }
    this.#core.tabs.post({ type: 'order', identity: this.#core.identity.key(), order });
  }

  /** Sign-out: stop polling the previous user's orders. */
  stopPolling(): void {
    this.#polling.clear();
  }

  /** Fallback for when the socket is down: poll until the order is final. */
  #poll(orderId: string): void {
    const options = this.#core.options.pollOrders;
    if (options === false || this.#polling.has(orderId)) return;
    this.#polling.add(orderId);
    let interval = options?.interval ?? 1_000;
    const maxInterval = options?.maxInterval ?? 10_000;
    let attempts = 0;
    const tick = () => {
      const order = this.#core.store.state.orders[orderId];
      if (this.#core.destroyed || !this.#polling.has(orderId) || !order || FINAL.has(order.status) || attempts++ > 60) {
        this.#polling.delete(orderId);
        return;
      }
      this.get(orderId)
        .catch(() => undefined)
        .finally(() => {
          interval = Math.min(maxInterval, interval * 2);
          this.#core.after(interval, tick);
        });
    };
    this.#core.after(interval, tick);
  }
}
