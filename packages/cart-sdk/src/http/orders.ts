import type { CheckoutRequest, Order, Quote, QuoteRequest } from '@cartkit/contract';
import type { Identity } from '../auth/identity.js';
import type { MutationQueue } from '../queue/mutation-queue.js';
import type { TabChannel } from '../realtime/tabs.js';
import { SETTLED } from '../store/reducer.js';
import type { Store } from '../store/store.js';
import type { CartClientOptions, OrderPage } from '../types.js';
import type { Api } from './api.js';

/** What orders need from the client. */
export interface OrdersDeps {
  api: Pick<Api, 'request'>;
  /** The cart's version now (`If-Match` on checkout). */
  version(): number | undefined;
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

/** Statuses after which the server has emptied the cart. */
const PLACED: ReadonlySet<string> = new Set(['AWAITING_PAYMENT', 'PAID', 'CONFIRMED']);

const lazy = () => import('./checkout.js');

/**
 * Checkout and the orders it makes: the 202 `PENDING` order, its later states
 * (from the socket, another tab, or polling while the socket is down) into
 * `snapshot.orders`, and the cart refetched once an order is confirmed.
 */
export class Orders {
  readonly #deps: OrdersDeps;
  readonly #polling = new Set<string>();
  /** Order access tokens (from the payment return link), so polling reads the order with it. */
  readonly #tokens = new Map<string, string>();

  constructor(deps: OrdersDeps) {
    this.#deps = deps;
  }

  /**
   * Place the order. With `input` (guests too): the address checkout of issue 14,
   * with `If-Match` and an Idempotency-Key; without: the signed-in checkout of the cart as it is.
   */
  checkout(input?: CheckoutRequest): Promise<Order> {
    return this.#deps.queue.enqueueTask(async (signal) => {
      const data = input
        ? await (await lazy()).placeOrder(
            this.#deps.api.request.bind(this.#deps.api),
            input,
            this.#deps.version(),
            signal,
          )
        : (await this.#deps.api.request<Order>({ method: 'post', path: 'cart/checkout', auth: 'user', signal })).data;
      this.accept(data);
      this.#poll(data.orderId);
      return data;
    });
  }

  async quote(input: QuoteRequest): Promise<Quote> {
    return (await lazy()).quote(this.#deps.api.request.bind(this.#deps.api), input);
  }

  async list(cursor?: string): Promise<OrderPage> {
    const page = await (await lazy()).listOrders(this.#deps.api.request.bind(this.#deps.api), cursor);
    for (const order of page.items) this.accept(order);
    return page;
  }

  /**
   * `GET /orders/{id}` as the owner or with the cart token, or with `token`
   * (the order's access token from the payment return link); keeps polling
   * while the order is not final.
   */
  async get(orderId: string, token?: string): Promise<Order> {
    if (token) this.#tokens.set(orderId, token);
    const access = token ?? this.#tokens.get(orderId);
    const { data } = await this.#deps.api.request<Order>({
      method: 'get',
      path: `orders/${encodeURIComponent(orderId)}`,
      ...(access ? { auth: 'none', searchParams: { token: access } } : { auth: 'cart' }),
    });
    this.accept(data);
    if (!SETTLED.has(data.status)) this.#poll(orderId);
    return data;
  }

  /** An order update from anywhere: into the store (never backwards), then to other tabs. */
  accept(order: Order): void {
    const { store } = this.#deps;
    const before = store.state.orders[order.orderId];
    store.dispatch({ type: 'order', order });
    const after = store.state.orders[order.orderId];
    if (after === before) return;
    if (after && PLACED.has(after.status)) {
      // The server empties the cart once the order holds the stock; fetch it in case the socket is down.
      void this.#deps.refresh().catch(() => undefined);
    }
    this.#deps.tabs.post({ type: 'order', identity: this.#deps.identity.key(), order });
  }

  /** Sign-out: stop polling the previous user's orders. */
  stopPolling(): void {
    this.#polling.clear();
    this.#tokens.clear();
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
      if (!this.#polling.has(orderId) || !order || SETTLED.has(order.status) || attempts++ > 60) {
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
