import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Holds the text for a polite live region. Saying the same thing twice still
 * gets announced (a no-break space is toggled on), and the text clears itself so
 * screen reader users do not stumble on stale messages.
 *
 * @example
 * ```ts
 * #announcer = new AnnouncerController(this);
 * render() { return html`<div role="status">${this.#announcer.message}</div>`; }
 * ```
 */
export class AnnouncerController implements ReactiveController {
  /** The current message, or `''`. */
  message = '';

  #host: ReactiveControllerHost;
  #clearAfterMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, clearAfterMs = 7000) {
    this.#host = host;
    this.#clearAfterMs = clearAfterMs;
    host.addController(this);
  }

  announce(text: string): void {
    this.message = text === this.message.trim() && !this.message.endsWith('\u00a0') ? `${text}\u00a0` : text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.message = '';
      this.#host.requestUpdate();
    }, this.#clearAfterMs);
    this.#host.requestUpdate();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.message = '';
  }
}
