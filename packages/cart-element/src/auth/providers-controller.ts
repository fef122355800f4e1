import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CartClient, OAuthProvider } from '../sdk.js';

/**
 * The sign-in providers the shop offers (`GET /config` `oauth.providers`, read
 * through the client's cached config), for the sign-in panel's "Continue with"
 * buttons. Follows the host's client; a config that cannot be read offers none.
 *
 * @example
 * ```ts
 * #providers = new ProvidersController(this, () => this.client);
 * render() { return this.#providers.list.map((p) => html`<button>${p.name}</button>`); }
 * ```
 */
export class ProvidersController implements ReactiveController {
  /** The providers, in the order the shop lists them; empty until the config is read. */
  list: readonly OAuthProvider[] = [];
  #host: ReactiveControllerHost;
  #client: () => CartClient | undefined;
  #read: CartClient | undefined;

  constructor(host: ReactiveControllerHost, client: () => CartClient | undefined) {
    this.#host = host;
    this.#client = client;
    host.addController(this);
  }

  hostUpdate(): void {
    const client = this.#client();
    if (client === this.#read) return;
    this.#read = client;
    this.list = [];
    client?.getConfig().then(
      (config) => {
        if (this.#read !== client) return;
        this.list = config.oauth?.providers ?? [];
        this.#host.requestUpdate();
      },
      () => undefined, // no config, no providers: the email forms still work
    );
  }
}
