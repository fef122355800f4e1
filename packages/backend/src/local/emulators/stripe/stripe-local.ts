import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../../support/log.js';
import { LocalStackError } from '../../support/errors.js';
import { freePort, readTextBody } from '../../support/net.js';
import { StripeApiError } from './api-error.js';
import { type FormObject, type FormValue, parseFormParams } from './form-params.js';
import { renderCheckoutPage, renderClosedPage, STYLE_HASH, type PageNotice } from './hosted-page.js';
import { CouponStore } from './coupons.js';
import { IdempotencyKeys } from './idempotency.js';
import { stripeId } from './ids.js';
import { checkCreateSessionParams, type ExpiryWindow, STRIPE_EXPIRY_WINDOW } from './session-params.js';
import { RefundStore } from './refunds.js';
import { SessionStore, type StoredSession } from './sessions.js';
import { LOCAL_RETRY_POLICY, type RetryPolicy, WebhookSender } from './webhooks.js';

/** Options of {@link startStripeLocal}. */
export interface StripeLocalOptions {
  /** Port on 127.0.0.1; default a free one. */
  port?: number;
  /** Where events are POSTed, e.g. the gateway's `http://127.0.0.1:3000/api/webhooks/stripe`. */
  webhookUrl: string;
  /** The endpoint's signing secret (`whsec_...`); default a fresh one per start. */
  secret?: string;
  /** The only secret key the API accepts (`sk_test_...`); default a fresh one per start. */
  apiKey?: string;
  log: Logger;
  /** `api_version` of the events; default the `stripe` package's pinned version. */
  apiVersion?: string;
  /** Webhook retries; default {@link LOCAL_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /** Allowed `expires_at` range; default Stripe's 30 min to 24 h. Tests shorten it. */
  expiryWindow?: ExpiryWindow;
  /** How often passed `expires_at` are looked for, in ms; default 1000. */
  expiryCheckMs?: number;
}

/** A running local Stripe. */
export interface StripeLocal {
  /** What `new Stripe(apiKey, { ...endpoint })` takes. */
  readonly endpoint: { readonly host: string; readonly port: number; readonly protocol: 'http' };
  readonly apiKey: string;
  readonly webhookSecret: string;
  /** Resolves when every webhook delivery started so far has succeeded or given up (tests). */
  webhooksSettled(): Promise<void>;
  stop(): Promise<void>;
}

/** The API version `stripe` 23.1 pins (`Stripe.API_VERSION`); its events carry it. */
export const STRIPE_API_VERSION = '2026-10-28.endive';
const MAX_BODY = 256 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return readTextBody(
    req,
    MAX_BODY,
    () => new StripeApiError(400, 'invalid_request_error', `Request body larger than ${MAX_BODY} bytes.`),
  );
}

/** Params in a stable order, so the same params sent in another order match an idempotency key. */
function canonical(value: FormValue): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(canonical);
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k] as FormValue)]),
  );
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function redactKey(key: string): string {
  const prefix = key.startsWith('sk_') ? key.slice(0, key.indexOf('_', 3) + 1) : '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function checkAuthorization(header: string | undefined, apiKey: string): void {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (!match) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const given = match[1] as string;
  if (!sameSecret(given, apiKey)) {
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${redactKey(given)}`, {
      code: 'api_key_invalid',
    });
  }
}

function refuseParams(form: FormObject): void {
  const first = Object.keys(form)[0];
  if (first !== undefined) {
    throw new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${first}`, {
      param: first,
      code: 'parameter_unknown',
    });
  }
}

function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': stripeId('req_', 14),
    'cache-control': 'no-cache, no-store',
    ...headers,
  });
  res.end(body);
}

function origins(...urls: (string | null)[]): string {
  return urls
    .filter((u): u is string => u !== null)
    .map((u) => new URL(u).origin)
    .join(' ');
}

function sendHtml(res: ServerResponse, status: number, html: string, session?: StoredSession): void {
  // form-action also governs where a form's redirect may go, so it lists the return URLs' origins.
  const formAction = `'self' ${session ? origins(session.params.successUrl, session.params.cancelUrl) : ''}`.trim();
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src '${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

const SESSION_PATH = /^\/v1\/checkout\/sessions\/(cs_[A-Za-z0-9_]+)$/;
const EXPIRE_PATH = /^\/v1\/checkout\/sessions\/(cs_[A-Za-z0-9_]+)\/expire$/;
const COUPON_PATH = /^\/v1\/coupons\/([^/]+)$/;
const REFUND_PATH = /^\/v1\/refunds\/(re_[A-Za-z0-9_]+)$/;
const PAGE_PATH = /^\/c\/pay\/(cs_[A-Za-z0-9_]+)(?:\/(pay|decline|cancel))?$/;

/**
 * Starts a stand-in for the part of Stripe's API the order worker calls, so the official
 * `stripe` client runs unchanged (`new Stripe(apiKey, endpoint)`): Checkout Sessions
 * (create, retrieve, expire; one coupon in `discounts`), coupons (create, retrieve) and refunds (create, retrieve) with Stripe's shapes, errors, auth and idempotency; a hosted
 * payment page at each session's `url` that needs no JavaScript; and signed, retried
 * webhook deliveries to `webhookUrl`. In memory only. Binds 127.0.0.1.
 *
 * @example
 * ```ts
 * const stripeLocal = await startStripeLocal({ webhookUrl: `${apiUrl}/webhooks/stripe`, log });
 * const stripe = new Stripe(stripeLocal.apiKey, stripeLocal.endpoint);
 * ```
 */
export async function startStripeLocal(options: StripeLocalOptions): Promise<StripeLocal> {
  const apiKey = options.apiKey ?? stripeId('sk_test_', 32);
  const webhookSecret = options.secret ?? stripeId('whsec_', 32);
  if (!apiKey.startsWith('sk_test_')) throw new LocalStackError('the local Stripe takes test keys only (sk_test_...)');
  if (!webhookSecret.startsWith('whsec_')) throw new LocalStackError('a webhook signing secret starts with whsec_');
  const { log } = options;
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const window = options.expiryWindow ?? STRIPE_EXPIRY_WINDOW;
  const sender = new WebhookSender({
    url: options.webhookUrl,
    secret: webhookSecret,
    apiVersion: options.apiVersion ?? STRIPE_API_VERSION,
    retry: { ...LOCAL_RETRY_POLICY, ...options.retry },
    log,
  });
  // The API request that caused a transition (an expire call), for the event's `request` field.
  let currentRequest: { id: string | null; idempotency_key: string | null } = { id: null, idempotency_key: null };
  const coupons = new CouponStore();
  const sessions = new SessionStore(
    (id) => `${base}/c/pay/${id}`,
    (type, session) => void sender.send(type, session, currentRequest),
  );
  const refunds = new RefundStore((paymentIntent) => sessions.paidWith(paymentIntent));
  const idempotency = new IdempotencyKeys();
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  function api(
    method: string,
    path: string,
    form: FormObject,
    request: { id: string; idempotency_key: string | null },
  ): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const params = checkCreateSessionParams(form, nowSeconds(), window);
      const subtotal = params.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
      const discount =
        params.couponId === null
          ? 0
          : coupons.discountOn(params.couponId, params.currency, subtotal, 'discounts[0][coupon]', nowSeconds());
      const session = sessions.create(params, nowSeconds(), discount);
      log.info('stripe', 'checkout session created', {
        session: session.object.id,
        amount: session.object.amount_total,
        currency: session.object.currency,
      });
      return { status: 200, body: session.object };
    }
    if (method === 'POST' && path === '/v1/coupons') {
      return { status: 200, body: coupons.create(form, nowSeconds()) };
    }
    const coupon = COUPON_PATH.exec(path);
    if (method === 'GET' && coupon) {
      refuseParams(form);
      return { status: 200, body: coupons.get(decodeURIComponent(coupon[1] as string)) };
    }
    const get = SESSION_PATH.exec(path);
    if (method === 'GET' && get) {
      refuseParams(form);
      sessions.expireDue(nowSeconds());
      return { status: 200, body: sessions.get(get[1] as string).object };
    }
    const expire = EXPIRE_PATH.exec(path);
    if (method === 'POST' && expire) {
      refuseParams(form);
      currentRequest = request;
      try {
        return { status: 200, body: sessions.expire(expire[1] as string).object };
      } finally {
        currentRequest = { id: null, idempotency_key: null };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const refund = refunds.create(form, nowSeconds());
      log.info('stripe', 'refund created', { refund: refund.id, amount: refund.amount, currency: refund.currency });
      return { status: 200, body: refund };
    }
    const refund = REFUND_PATH.exec(path);
    if (method === 'GET' && refund) {
      refuseParams(form);
      return { status: 200, body: refunds.get(refund[1] as string) };
    }
    throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    // The body is read first, so a refused request leaves a keep-alive connection clean.
    const raw = method === 'GET' ? url.search.slice(1) : await readBody(req);
    checkAuthorization(req.headers.authorization, apiKey);
    const form = parseFormParams(raw);
    const rawKey = req.headers['idempotency-key'];
    const key = method === 'POST' && typeof rawKey === 'string' && rawKey !== '' ? rawKey : undefined;
    const endpoint = `${method} ${url.pathname}`;
    const fingerprint = JSON.stringify(canonical(form));
    if (key !== undefined) {
      const saved = idempotency.lookup(apiKey, key, endpoint, fingerprint);
      if (saved) {
        sendJson(res, saved.status, saved.body, { 'idempotent-replayed': 'true', 'idempotency-key': key });
        return;
      }
    }
    const requestId = stripeId('req_', 14);
    const result = api(method, url.pathname, form, { id: requestId, idempotency_key: key ?? null });
    const body = JSON.stringify(result.body, null, 2);
    if (key !== undefined) idempotency.save(apiKey, key, endpoint, fingerprint, { status: result.status, body });
    sendJson(
      res,
      result.status,
      body,
      key === undefined ? { 'request-id': requestId } : { 'request-id': requestId, 'idempotency-key': key },
    );
  }

  async function handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    action: string | undefined,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if ((action === undefined) !== (method === 'GET')) {
      sendHtml(res, 405, renderClosedPage('Not allowed', 'Use the buttons on the checkout page.'));
      return;
    }
    if (method === 'POST') await readBody(req);
    sessions.expireDue(nowSeconds());
    const session = sessions.find(id);
    if (!session) {
      sendHtml(res, 404, renderClosedPage('Checkout not found', 'This checkout link is not valid.'));
      return;
    }
    const { status, success_url: successUrl, cancel_url: cancelUrl } = session.object;
    const success = successUrl.replaceAll('{CHECKOUT_SESSION_ID}', id);
    if (action === 'cancel') {
      if (cancelUrl) redirect(res, cancelUrl);
      else sendHtml(res, 404, renderClosedPage('No way back', 'This checkout has no cancel URL.'), session);
      return;
    }
    if (status === 'expired') {
      sendHtml(res, 410, renderClosedPage('This checkout has expired', 'Return to the shop to start again.'), session);
      return;
    }
    // Paid already (a second submit, the back button): back to the shop, as Stripe does.
    if (status === 'complete') return redirect(res, success);
    if (action === 'pay') {
      if (sessions.complete(id) && session.params.couponId !== null) coupons.redeem(session.params.couponId);
      log.info('stripe', 'checkout session paid', { session: id });
      return redirect(res, success);
    }
    let notice: PageNotice;
    if (action === 'decline') {
      notice = { kind: 'error', text: 'Your card was declined. Nothing was charged: try another card, or cancel.' };
    }
    sendHtml(res, action === 'decline' ? 402 : 200, renderCheckoutPage(session, `/c/pay/${id}`, notice), session);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const page = PAGE_PATH.exec(url.pathname);
    const work = page
      ? handlePage(req, res, page[1] as string, page[2])
      : url.pathname.startsWith('/v1/')
        ? handleApi(req, res, url)
        : Promise.resolve(sendHtml(res, 404, renderClosedPage('Not found', 'Nothing here.')));
    work.catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof StripeApiError) return sendJson(res, error.status, JSON.stringify(error.toBody(), null, 2));
      log.error('stripe', 'request failed', { path: url.pathname, error: String(error) });
      sendJson(res, 500, JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred.' } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalStackError(`local Stripe: port ${port} is in use`) : error),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const timer = setInterval(() => sessions.expireDue(nowSeconds()), options.expiryCheckMs ?? 1000);
  timer.unref();
  // Like `stripe listen`, which prints the signing secret it made: the developer needs it, and it
  // is a local secret, new at every start, that signs nothing outside this machine.
  log.info('stripe', 'ready', { api: base, webhooks: options.webhookUrl, webhookSigningSecret: webhookSecret });

  return {
    endpoint: { host: '127.0.0.1', port, protocol: 'http' },
    apiKey,
    webhookSecret,
    webhooksSettled: () => sender.idle(),
    async stop() {
      clearInterval(timer);
      await sender.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
