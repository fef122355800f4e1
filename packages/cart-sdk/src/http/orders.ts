import type { CheckoutRequest, Order, Quote, QuoteRequest } from '@cartkit/contract';
import type { Identity } from '../auth/identity.js';
import type { MutationQueue } from '../queue/mutation-queue.js';
import type { TabChannel } from '../realtime/tabs.js';
import type { Store } from '../store/store.js';
import type { CartClientOptions } from '../types.js';
import type { Api } from './api.js';

/** What orders need from the client. */
export interface OrdersDeps {
  api: Pick<Api, 'request'>;
  store: Store;
  /** Checkout runs after the queued mutations (it orders the cart they make). */
  queue: Pick<MutationQueue, 'enqueueTask'>;
  pollOrders: CartClientOptions['pollOrders'];
  /** `GET /cart` into the store (the server empties the cart on CONFIRMED). */
  refresh(): Promise<unknown>;
  /** An order moved on: the other tabs of this identity hear it. */
  tabs: Pick<TabChannel, 'post'>;
  identity: Pick<Identity, 'key'>;
  /** A timer cleared by `destroy()`. */
  after(ms: number, run: () => void): void;
}

const FINAL: ReadonlySet<string> = new Set(['PAID', 'CONFIRMED', 'FAILED', 'EXPIRED']);

/**
 * Checkout and the orders it makes: the 202 `PENDING` order, its later states
 * (from the socket, another tab, or polling while the socket is down) into
 * `snapshot.orders`, and the cart refetched once an order is confirmed.
 */
export class Orders {
  readonly #deps: OrdersDeps;
  readonly #polling = new Set<string>();

  constructor(deps: OrdersDeps) {
    this.#deps = deps;
  }

  /** `POST /checkout/quote`: what the cart costs delivered to an address (after the queued mutations). */
  quote(request: QuoteRequest): Promise<Quote> {
    return this.#deps.queue.enqueueTask(async (signal) => {
      const { data } = await this.#deps.api.request<Quote>({
        method: 'post',
        path: 'checkout/quote',
        auth: 'cart',
        json: request,
        signal,
      });
      return data;
    });
  }

  /** `POST /cart/checkout` with the details and the total the shopper confirmed; guests too. */
  checkout(request: CheckoutRequest): Promise<Order> {
    return this.#deps.queue.enqueueTask(async (signal) => {
      const { data } = await this.#deps.api.request<Order>({
        method: 'post',
        path: 'cart/checkout',
        auth: 'cart',
        json: request,
        signal,
      });
      this.accept(data);
      this.#poll(data.orderId);
      return data;
    });
  }

  async get(orderId: string): Promise<Order> {
    const { data } = await this.#deps.api.request<Order>({
      method: 'get',
      path: `orders/${encodeURIComponent(orderId)}`,
      auth: 'cart',
    });
    this.accept(data);
    return data;
  }

  /** An order update from anywhere: into the store (never backwards), then to other tabs. */
  accept(order: Order): void {
    const { store } = this.#deps;
    const before = store.state.orders[order.orderId];
    store.dispatch({ type: 'order', order });
    const after = store.state.orders[order.orderId];
    if (after === before) return;
    if (after?.status === 'CONFIRMED') {
      // The server empties the cart on CONFIRMED; fetch it in case the socket is down.
      void this.#deps.refresh().catch(() => undefined);
    }
    this.#deps.tabs.post({ type: 'order', identity: this.#deps.identity.key(), order });
  }

  /** Sign-out: stop polling the previous user's orders. */
  stopPolling(): void {
    this.#polling.clear();
  }

  /** Fallback for when the socket is down: poll until the order is final. */
  #poll(orderId: string): void {
    const options = this.#deps.pollOrders;
    if (options === false || this.#polling.has(orderId)) return;
    this.#polling.add(orderId);
    let interval = options?.interval ?? 1_000;
    const maxInterval = options?.maxInterval ?? 10_000;
    let attempts = 0;
    const tick = () => {
      const order = this.#deps.store.state.orders[orderId];
      // (After `destroy()` no tick runs: `after` timers are cleared and not set again.)
      if (!this.#polling.has(orderId) || !order || FINAL.has(order.status) || attempts++ > 60) {
        this.#polling.delete(orderId);
        return;
      }
      this.get(orderId)
        .catch(() => undefined)
        .finally(() => {
          interval = Math.min(maxInterval, interval * 2);
          this.#deps.after(interval, tick);
        });
    };
    this.#deps.after(interval, tick);
  }
}
