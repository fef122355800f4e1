import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { acquireClient, releaseClient } from '../client-registry.js';
import type { CartClient, CartSnapshot } from '../sdk.js';

/** Called with each new snapshot and the one before it (`undefined` at first). */
export type SnapshotListener = (next: CartSnapshot, previous: CartSnapshot | undefined) => void;

/**
 * Connects a host element to an SDK client: subscribes to the client's store
 * while the host is connected, re-renders the host on every snapshot, and
 * unsubscribes in `hostDisconnected`.
 *
 * The client is either shared per API URL (`apiUrl`) or supplied by host code
 * (`client`); a supplied client is never destroyed by the controller. Load
 * failures go to `onError` (they also show in the snapshot's `error`).
 *
 * @example
 * ```ts
 * class MyCart extends LitElement {
 *   #cart = new CartController(this, (next, prev) => { … });
 *   render() { return html`${this.#cart.snapshot?.cart?.itemCount ?? 0}`; }
 * }
 * ```
 */
export class CartController implements ReactiveController {
  /** The latest snapshot, or `undefined` before a client is attached. */
  snapshot: CartSnapshot | undefined;

  #host: ReactiveControllerHost;
  #listener: SnapshotListener | undefined;
  #onError: (error: unknown) => void;
  #client: CartClient | undefined;
  #ownsClient = false;
  #apiUrl = '';
  #connected = false;
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, listener?: SnapshotListener, onError: (error: unknown) => void = () => {}) {
    this.#host = host;
    this.#listener = listener;
    this.#onError = onError;
    host.addController(this);
  }

  /** The attached client, if any. */
  get client(): CartClient | undefined {
    return this.#client;
  }

  /** Uses the shared client for `apiUrl` (unless a client was supplied). */
  setApiUrl(apiUrl: string): void {
    if (apiUrl === this.#apiUrl) return;
    this.#apiUrl = apiUrl;
    if (this.#client && !this.#ownsClient) return;
    this.#detach();
    if (this.#connected) this.#attachShared();
  }

  /** Uses `client` from host code instead of a shared one; `undefined` goes back to `apiUrl`. */
  setClient(client: CartClient | undefined): void {
    if (client === this.#client) return;
    this.#detach();
    if (client) this.#attach(client, false);
    else if (this.#connected) this.#attachShared();
  }

  hostConnected(): void {
    this.#connected = true;
    if (this.#client) this.#subscribe();
    else this.#attachShared();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#ownsClient) this.#detach();
  }

  #attachShared(): void {
    if (this.#apiUrl) this.#attach(acquireClient(this.#apiUrl), true);
  }

  #attach(client: CartClient, owned: boolean): void {
    this.#client = client;
    this.#ownsClient = owned;
    if (this.#connected) this.#subscribe();
  }

  #detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#client && this.#ownsClient) releaseClient(this.#client);
    this.#client = undefined;
    this.#ownsClient = false;
  }

  #subscribe(): void {
    const client = this.#client;
    if (!client || this.#unsubscribe) return;
    this.#unsubscribe = client.subscribe((next) => this.#receive(next));
    this.#receive(client.getSnapshot());
    // Idempotent in the SDK: loads config, the persisted cart and the server's cart once.
    client.ready().catch(this.#onError);
  }

  #receive(next: CartSnapshot): void {
    if (next === this.snapshot) return;
    const previous = this.snapshot;
    this.snapshot = next;
    this.#listener?.(next, previous);
    this.#host.requestUpdate();
  }
}
