import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ErrorReporter } from '../error-reporter.js';
import { cartEvent } from '../events.js';
import type { CartClient, CartSnapshot, Order } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';
import type { DrawerContext, DrawerView } from '../templates/drawer-body.js';

type DrawerTemplates = typeof import('../templates/drawer-body.js');

/**
 * The page's `#cartkit-…` link (payment return, reminder) while its lazy follower runs:
 * every cart on the page attaches its client after that, so the client loads what the link stored
 * (a restored cart's token, a session). Taken by the first cart that sees it.
 */
let following: Promise<unknown> | undefined;

/** The drawer heading, the sign-in panel's first field, the order view, or the line after a removed one. */
type FocusTarget = 'title' | 'auth' | 'order' | { removed: string; index: number };

// The drawer's templates (lines, stepper, totals, order progress) are a lazy
// chunk: the first load only needs the toggle and its badge.
let templates: Promise<DrawerTemplates> | undefined;
function loadTemplates(): Promise<DrawerTemplates> {
  templates ??= import('../templates/drawer-body.js').catch((error: unknown) => {
    templates = undefined; // a later open retries after a network blip
    throw error;
  });
  return templates;
}

/** What the drawer's contents need from `<shopping-cart>`. */
export interface DrawerContentHost extends ReactiveControllerHost, EventTarget {
  readonly api: string;
  readonly open: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client: CartClient | undefined;
  readonly strings: CartStrings;
  show(): void;
}

/** What the controller reads and calls beyond the host's public surface. */
export interface DrawerContentDeps {
  snapshot(): CartSnapshot | undefined;
  locale(): string | undefined;
  readonly errors: ErrorReporter;
  announce(text: string): void;
  /** A product's name from its SKU, when the cart has seen it. */
  nameOf(sku: string): string | undefined;
}

/**
 * The drawer's contents: which view shows (lines, sign-in, order progress), the
 * checkout flow and its order (`cart:checkout` once per status), the actions the
 * templates call, and the lazy loading of those templates on first open.
 *
 * @example
 * ```ts
 * #content = new DrawerContentController(this, { snapshot: () => snap, locale: () => 'en', errors, announce });
 * render() { return html`<div class="body">${this.#content.body()}</div>${this.#content.footer()}`; }
 * ```
 */
export class DrawerContentController implements ReactiveController {
  #host: DrawerContentHost;
  #deps: DrawerContentDeps;
  #templates: DrawerTemplates | undefined;
  #loading: Promise<unknown> | undefined;
  #view: DrawerView = 'cart';
  #authReason: 'account' | 'checkout' = 'account';
  #order: Order | undefined;
  #checkingOut = false;
  #flow: DrawerContext['checkout_'];
  /** What the page's link does once this cart's client is attached (the lazy follower's second part). */
  #linked: ((client: CartClient) => void) | undefined;
  /** A line above the cart from a followed link ("Your cart is back", a refused link). */
  #notice: string | undefined;
  #reportedStatus: Order['status'] | undefined;
  /** The order whose payment page the shopper cancelled (`&payment=cancelled` on the return link). */
  #cancelled: string | undefined;
  /** The order placed here, until its payment page opens (the worker opens it after placement). */
  #awaiting: string | undefined;
  /** Where focus goes once the next view has rendered: a view change must never drop it to `<body>`. */
  #focus: FocusTarget | undefined;

  constructor(host: DrawerContentHost, deps: DrawerContentDeps) {
    this.#host = host;
    this.#deps = deps;
    host.addController(this);
    // Not `#cartkit-auth…`: the hosted sign-in's answer is the SDK's (its client's `ready()` finishes it,
    // on pages without the element too), and the client must find it in the address bar.
    if (/^#cartkit-(?!auth)/.test(location.hash)) {
      const link = new URLSearchParams(location.hash.slice(1));
      // Ids and tokens must not stay in the address bar, the history or a shared link.
      history.replaceState(history.state, '', location.pathname + location.search);
      // The followers ride in the drawer's chunk: every link opens the drawer, and a chunk of their
      // own would add a file to the first load of every bundle (measured with esbuild: +83 B).
      following = loadTemplates()
        .then((m) => m.followLink(link, this, deps.errors))
        .then((then) => {
          this.#linked = then;
          host.requestUpdate();
        }, deps.errors.report.bind(deps.errors));
    } else if (location.hash.startsWith('#cartkit-auth')) {
      // Back from the hosted sign-in: once the client has finished it, the drawer opens on the outcome
      // ("Signed in as …", or why it was refused), so the shopper is not left on an unchanged page.
      const show = () => host.show();
      this.#linked = (client) => void client.ready().then(show, show);
    }
  }

  /** Runs `attach` (the client's) now, or once the page's link has been followed far enough. */
  afterLink(attach: () => void): void {
    if (following) void following.then(attach);
    else attach();
  }

  /** For the link follower: the host, its announcer, and a notice above the cart. */
  get host(): DrawerContentHost {
    return this.#host;
  }

  notify(text: string): void {
    this.#set(() => (this.#notice = text));
    this.#deps.announce(text);
    this.#host.show();
  }

  /** Settles when the templates asked for have loaded (for the host's `updateComplete`). */
  get loading(): Promise<unknown> | undefined {
    return this.#templates ? undefined : this.#loading;
  }

  /** `strings` over the lazy views' defaults, once their chunk has loaded. */
  all(strings: CartStrings): CartStrings {
    return this.#templates?.withDefaults(strings) ?? strings;
  }

  /** Start loading the templates (on open, or on intent to open: hover, focus). */
  preload(): void {
    if (this.#templates || this.#loading) return;
    this.#loading = loadTemplates().then(
      (module) => {
        module.adoptDrawerStyles(this.#host.renderRoot);
        this.#templates = module;
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        this.#loading = undefined;
        this.#deps.errors.report(error);
      },
    );
  }

  hostUpdate(): void {
    const linked = this.#linked;
    const client = this.#host.client;
    if (linked && client) {
      this.#linked = undefined;
      linked(client);
    }
    if (this.#host.open) this.preload();
  }

  /** The order view for `order`; `cancelled`: the shopper came back from its payment page's cancel link. */
  showOrder(order: Order, cancelled?: boolean): void {
    if (cancelled) this.#cancelled = order.orderId;
    this.#set(() => {
      this.#order = order;
      this.#view = 'order';
      this.#flow = undefined;
      this.#reportedStatus = undefined;
      this.#focus = 'order';
    });
    this.#host.show();
    this.#reportOrder(this.#host.client?.getSnapshot().orders[order.orderId] ?? order);
  }

  hostUpdated(): void {
    const target = this.#focus;
    if (!target || !this.#host.open || !this.#templates) return;
    const root = this.#host.renderRoot;
    const find = (selector: string) => root.querySelector<HTMLElement>(selector);
    if (target === 'auth') {
      const panel = find('cart-auth-panel');
      if (!panel) return;
      this.#focus = undefined;
      // The panel is a lazy chunk: focus its first field once it has upgraded and rendered.
      void customElements.whenDefined('cart-auth-panel').then(async () => {
        await (panel as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
        if (panel.isConnected) panel.focus();
      });
      return;
    }
    if (typeof target === 'object') {
      const lines = [...root.querySelectorAll<HTMLElement>('[part="line"]')];
      if (lines.some((line) => line.dataset['sku'] === target.removed)) return; // not re-rendered yet
      this.#focus = undefined;
      const next = lines[Math.min(target.index, lines.length - 1)];
      (next?.querySelector<HTMLElement>('[part="remove"]') ?? find('[part="title"]'))?.focus();
      return;
    }
    const element = find(target === 'order' ? '[part="order"] button' : '[part="title"]');
    if (!element) return;
    this.#focus = undefined;
    element.focus();
  }

  /** For each snapshot: report the current order's new status. */
  onSnapshot(next: CartSnapshot): void {
    const order = this.#order ? next.orders[this.#order.orderId] : undefined;
    if (order && !this.#pay(order)) this.#reportOrder(order);
  }

  /** The drawer's scrolling middle (a loading line until the templates arrive). */
  body(): TemplateResult {
    if (!this.#templates) return html`<p class="state" part="loading">${this.#host.strings.loading}</p>`;
    return this.#templates.drawerBody(this.#context());
  }

  /** The drawer's footer. */
  footer(): TemplateResult | string {
    return this.#templates ? this.#templates.drawerFooter(this.#context()) : '';
  }

  #set(patch: () => void): void {
    patch();
    this.#host.requestUpdate();
  }

  /** Fires `cart:checkout` and announces, once per status of the current order. */
  #reportOrder(order: Order): void {
    if (this.#reportedStatus === order.status) return;
    this.#reportedStatus = order.status;
    this.#host.dispatchEvent(cartEvent('cart:checkout', { order }));
    // The status texts (and the failure reasons' strings) are in the lazy chunk, loaded by then
    // (checkout needs it; the return from payment opens the drawer).
    loadTemplates().then(
      (t) => this.#deps.announce(t.orderStatusText(order, t.withDefaults(this.#host.strings))),
      () => undefined,
    );
  }

  #checkout(): void {
    this.#set(() => {
      this.#flow ??= this.#templates?.newCheckout();
      this.#view = 'checkout';
    });
  }

  /** The order is placed: pay on the provider's page (now, or once it is open), or follow it here. */
  #placed(order: Order): void {
    this.#awaiting = order.orderId;
    if (!this.#pay(order)) this.showOrder(order);
  }

  /** Goes to the payment page of the order placed here, once it has one; true when it went. */
  #pay(order: Order): boolean {
    const url = order.status === 'AWAITING_PAYMENT' && order.orderId === this.#awaiting && order.payment?.url;
    if (url) {
      this.#awaiting = undefined;
      location.assign(url);
    }
    return !!url;
  }

  #mutate(run: (client: CartClient) => Promise<unknown>): void {
    const client = this.#host.client;
    if (client) run(client).catch((error: unknown) => this.#deps.errors.report(error));
  }

  #context(): DrawerContext {
    const strings = this.#host.strings;
    const snapshot = this.#deps.snapshot();
    const errors = this.#deps.errors;
    return {
      strings,
      locale: this.#deps.locale(),
      snapshot,
      client: this.#host.client,
      view: this.#view,
      authReason: this.#authReason,
      order: this.#order && (snapshot?.orders[this.#order.orderId] ?? this.#order),
      // Only an order view reads it, so an absent order never shows the notice.
      cancelled: this.#order?.orderId === this.#cancelled,
      notice: this.#notice,
      dismissNotice: () => this.#set(() => (this.#notice = undefined)),
      checkingOut: this.#checkingOut,
      checkout_: this.#flow,
      // No re-render: the flow already shows this state; the next render passes it back unchanged.
      checkoutState: (state) => {
        if (this.#view === 'checkout') this.#flow = state;
      },
      placed: (order) => this.#placed(order),
      showOrder: (order) => this.showOrder(order),
      showOrders: () => this.#set(() => (this.#view = 'orders')),
      checkoutSignIn: (state) =>
        this.#set(() => {
          this.#flow = state;
          this.#authReason = 'checkout';
          this.#view = 'auth';
          this.#focus = 'auth';
        }),
      error: errors.current,
      nameOf: this.#deps.nameOf,
      dismissError: () => errors.dismiss(),
      retry: () => {
        errors.dismiss();
        this.#host.client?.ready().catch((e: unknown) => errors.report(e));
      },
      setQuantity: (sku, quantity) => this.#mutate((c) => c.setQuantity(sku, quantity)),
      remove: (sku, name) => {
        const index = snapshot?.cart?.items.findIndex((line) => line.sku === sku) ?? 0;
        this.#focus = { removed: sku, index: Math.max(index, 0) };
        this.#deps.announce(fill(strings.removed, { name }));
        this.#mutate((c) => c.remove(sku));
      },
      checkout: () => this.#checkout(),
      showAuth: () =>
        this.#set(() => {
          this.#authReason = 'account';
          this.#view = 'auth';
          this.#focus = 'auth';
        }),
      signOut: () => {
        this.#focus = 'title';
        this.#mutate((c) => c.auth.signOut());
      },
      authDone: () => {
        // Signing in merges the carts (the SDK does it before this) and goes back to the review, with the
        // address and shipping choice kept, for a fresh quote of the merged cart: it never places an order.
        const flow = this.#authReason === 'checkout' && this.#flow;
        this.#set(() => {
          this.#view = flow ? 'checkout' : 'cart';
          this.#authReason = 'account';
          this.#focus = flow ? undefined : 'title';
          if (flow) this.#flow = { ...flow, step: 'review' }; // or the address step, when none was typed yet
        });
      },
      backToCart: () =>
        this.#set(() => {
          this.#view = 'cart';
          this.#focus = 'title';
        }),
    };
  }
}
