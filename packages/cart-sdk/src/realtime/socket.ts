import type { ServerMessage } from '@cartkit/contract';
import type { WebSocketConstructor, WebSocketLike } from '../types.js';

// The contract's WS_CLOSE_UNAUTHORIZED. Not imported: it lives in the module that
// builds the valibot schemas, which would pull ~9 KB of valibot into every page.
export const WS_CLOSE_UNAUTHORIZED = 4401;

/** What the socket needs from the client. */
export interface RealtimeDeps {
  WebSocket: WebSocketConstructor;
  /** The URL with the current credential, or null when there is none (then no socket). */
  url(): Promise<string | null>;
  onMessage(message: ServerMessage): void;
  /** Opened again after a drop: the client refetches what it may have missed. */
  onReconnect(): void;
  /** Closed with 4401. Resolve true once the credential is renewed; false stops reconnecting. */
  onUnauthorized(): Promise<boolean>;
  /** Backoff before reconnect attempt `n` (0-based), before jitter. */
  backoff?: (attempt: number) => number;
  pingInterval?: number;
}

const defaultBackoff = (attempt: number): number => Math.min(30_000, 500 * 2 ** attempt);

/**
 * One realtime WebSocket with reconnects: jittered exponential backoff, a refetch
 * hook after every reconnect, and 4401 handled by renewing the credential once
 * (a second 4401 in a row stops, never a hot loop).
 */
export class RealtimeSocket {
  readonly #deps: RealtimeDeps;
  #socket: WebSocketLike | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ping: ReturnType<typeof setInterval> | undefined;
  #stopped = true;
  #everOpened = false;
  #unauthorizedInARow = 0;
  #generation = 0;
  #openedAt = 0;

  constructor(deps: RealtimeDeps) {
    this.#deps = deps;
  }

  /** (Re)connect with the current credential. */
  start(): void {
    this.stop();
    this.#stopped = false;
    this.#everOpened = false;
    this.#attempt = 0;
    this.#unauthorizedInARow = 0;
    void this.#connect();
  }

  /** Close and stop reconnecting. */
  stop(): void {
    this.#stopped = true;
    this.#generation++;
    clearTimeout(this.#timer);
    clearInterval(this.#ping);
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState <= 1) socket.close(1000);
  }

  async #connect(): Promise<void> {
    const generation = this.#generation;
    let url: string | null;
    try {
      url = await this.#deps.url();
    } catch {
      url = null;
    }
    if (this.#stopped || generation !== this.#generation) return;
    if (url === null) return;
    let socket: WebSocketLike;
    try {
      socket = new this.#deps.WebSocket(url);
    } catch {
      this.#schedule(generation);
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (generation !== this.#generation) return;
      const reconnected = this.#everOpened;
      this.#everOpened = true;
      this.#openedAt = Date.now();
      clearInterval(this.#ping);
      this.#ping = setInterval(
        () => {
          if (socket.readyState === 1) socket.send(JSON.stringify({ type: 'ping' }));
        },
        this.#deps.pingInterval ?? 5 * 60_000,
      );
      if (reconnected) this.#deps.onReconnect();
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (generation !== this.#generation) return;
      this.#unauthorizedInARow = 0;
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message && typeof message === 'object') this.#deps.onMessage(message);
    };
    socket.onclose = (event: { code: number }) => {
      if (generation !== this.#generation) return;
      clearInterval(this.#ping);
      this.#socket = null;
      if (this.#stopped) return;
      // Only a connection that lived a while resets the backoff: a server that accepts
      // and drops at once must not get a reconnect every half second.
      if (this.#openedAt && Date.now() - this.#openedAt > 10_000) this.#attempt = 0;
      this.#openedAt = 0;
      if (event.code === WS_CLOSE_UNAUTHORIZED) {
        this.#unauthorizedInARow++;
        if (this.#unauthorizedInARow > 1) return; // renewed and still refused: stop until start()
        void this.#deps.onUnauthorized().then(
          (renewed) => {
            if (renewed && generation === this.#generation) this.#schedule(generation);
          },
          () => undefined,
        );
        return;
      }
      this.#schedule(generation);
    };
    socket.onerror = () => {
      // onclose follows and schedules the reconnect
    };
  }

  #schedule(generation: number): void {
    if (this.#stopped || generation !== this.#generation) return;
    // A drop before the first open still counts as "reconnected" for refetching.
    this.#everOpened = true;
    const base = (this.#deps.backoff ?? defaultBackoff)(this.#attempt++);
    const delay = base / 2 + Math.random() * (base / 2); // "equal jitter": spread, never zero
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), delay);
  }
}
