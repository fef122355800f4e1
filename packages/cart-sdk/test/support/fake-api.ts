import type { Cart, Config, OAuthConfig, Order, Product } from '@cartkit/contract';
import { createHash } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { cartLine, cartTotals } from '../../../contract/test/support/fake-cart.mjs';

export const API = 'http://api.test/api';
export const COGNITO = 'http://cognito.test/';
/** The hosted sign-in (Cognito's managed login) and the API's callback page. */
export const HOSTED = 'http://hosted.test';
export const OAUTH: OAuthConfig = {
  domain: HOSTED,
  providers: [{ id: 'Google', name: 'Google' }],
  redirectUri: `${API}/auth/callback`,
  logoutUri: `${API}/auth/signed-out`,
};

export const PRODUCTS: Product[] = [
  { sku: 'TEE', name: 'Tee', description: 'A tee', unitPrice: 1900, currency: 'EUR', image: '/tee.svg', stock: 50 },
  { sku: 'MUG', name: 'Mug', description: 'A mug', unitPrice: 1200, currency: 'EUR', image: '/mug.svg', stock: 50 },
  { sku: 'CAP', name: 'Cap', description: 'A cap', unitPrice: 2500, currency: 'EUR', image: '/cap.svg', stock: 0 },
];

export function config(overrides: Partial<Config> = {}): Config {
  return {
    region: 'local',
    userPoolId: 'local_pool1',
    userPoolClientId: 'client1',
    cognitoEndpoint: COGNITO,
    realtimeUrl: '',
    currency: 'EUR',
    authFlow: 'USER_PASSWORD_AUTH',
    oauth: OAUTH,
    ...overrides,
  };
}

/** A fake JWT whose payload the Cognito library can decode. */
export function jwt(payload: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.sig`;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    { type: 'about:blank', title: code, status, code, ...extra },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/**
 * An in-memory cart API behind msw: enough of the contract (identity, versions,
 * idempotency keys, merge, checkout) to test the SDK against.
 */
export function fakeApi(options: { config?: Partial<Config> } = {}) {
  const carts = new Map<string, Cart>();
  const idempotency = new Map<string, Cart>();
  const tokens = new Set<string>();
  const orders = new Map<string, Order>();
  const requests: RecordedRequest[] = [];
  let tokenCounter = 0;
  let accessCounter = 0;
  const validAccess = new Map<string, string>(); // access token -> user id
  /** The hosted sign-in's codes: single use, bound to the client, the callback, the PKCE challenge and the nonce. */
  const codes = new Map<
    string,
    {
      email: string;
      nonce: string;
      challenge: string;
      aud: string;
      iss: string | undefined;
      exp: number | undefined;
      used: boolean;
    }
  >();
  const pool = config(options.config);
  /** Cognito's issuer for this pool (what the ID token's `iss` names). */
  const issuer = `https://cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`;
  /** Issue access + ID tokens for `email` as Cognito does (the access token is valid for the fake API). */
  function issueTokens(email: string, idClaims: Record<string, unknown> = {}) {
    const userId = `sub-${email}`;
    const access = `access-${++accessCounter}`;
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const accessToken = jwt({ sub: userId, exp, n: access });
    validAccess.set(accessToken, userId);
    const idToken = jwt({ sub: userId, email, exp, ...idClaims });
    return { accessToken, idToken, refreshToken: `refresh-${email}` };
  }

  function cartOf(owner: string): Cart {
    return (
      carts.get(owner) ?? {
        owner: owner.startsWith('user:') ? 'user' : 'anonymous',
        version: 0,
        currency: 'EUR',
        items: [],
        itemCount: 0,
        subtotal: 0,
        updatedAt: null,
        expiresAt: null,
      }
    );
  }

  function write(owner: string, items: Cart['items']): Cart {
    const previous = cartOf(owner);
    const cart: Cart = {
      ...previous,
      version: previous.version + 1,
      items,
      ...cartTotals(items),
      updatedAt: new Date().toISOString(),
    };
    carts.set(owner, cart);
    return cart;
  }

  function ownerOf(request: Request, mode: 'cart' | 'user'): string | null {
    const auth = request.headers.get('authorization');
    if (auth?.startsWith('Bearer ')) {
      const user = validAccess.get(auth.slice(7));
      return user ? `user:${user}` : null;
    }
    if (mode === 'user') return null;
    const token = request.headers.get('x-cart-token');
    return token && tokens.has(token) ? `anon:${token}` : null;
  }

  function line(sku: string, quantity: number) {
    return cartLine(PRODUCTS.find((p) => p.sku === sku)!, quantity);
  }

  async function record(request: Request): Promise<void> {
    if (!request.url.startsWith(API)) return;
    const url = new URL(request.url);
    // Push synchronously (order and presence), fill the body in when it has been read.
    const entry: RecordedRequest = {
      method: request.method,
      path: url.pathname.replace('/api', '') + url.search,
      headers: Object.fromEntries(request.headers.entries()),
      body: undefined,
    };
    requests.push(entry);
    try {
      entry.body = await request.clone().json();
    } catch {
      // no JSON body
    }
  }

  function mutate(request: Request, owner: string, change: (items: Cart['items']) => Cart['items'] | Response) {
    const key = request.headers.get('idempotency-key');
    if (key && idempotency.has(`${owner}|${key}`)) return HttpResponse.json(idempotency.get(`${owner}|${key}`));
    const current = cartOf(owner);
    const ifMatch = request.headers.get('if-match');
    if (ifMatch && ifMatch !== `"${current.version}"`) return problem(412, 'VERSION_CONFLICT', { cart: current });
    const next = change(current.items);
    if (next instanceof Response) return next;
    const cart = write(owner, next);
    if (key) idempotency.set(`${owner}|${key}`, cart);
    return HttpResponse.json(cart, { headers: { etag: `"${cart.version}"` } });
  }

  const handlers = [
    http.get(`${API}/config`, () => HttpResponse.json(config(options.config))),
    http.get(`${API}/products`, () => HttpResponse.json({ items: PRODUCTS, nextCursor: null })),
    http.get(`${API}/products/:sku`, ({ params }) => {
      const product = PRODUCTS.find((p) => p.sku === params['sku']);
      return product ? HttpResponse.json(product) : problem(404, 'NOT_FOUND');
    }),
    http.post(`${API}/cart/anonymous`, () => {
      const cartToken = `anon-${++tokenCounter}`;
      tokens.add(cartToken);
      return HttpResponse.json({ cartToken, expiresAt: new Date(Date.now() + 864e5).toISOString() }, { status: 201 });
    }),
    http.get(`${API}/cart`, ({ request }) => {
      const owner = ownerOf(request, 'cart');
      return owner ? HttpResponse.json(cartOf(owner)) : problem(401, 'UNAUTHORIZED');
    }),
    http.post(`${API}/cart/items`, async ({ request }) => {
      const owner = ownerOf(request, 'cart');
      if (!owner) return problem(401, 'UNAUTHORIZED');
      const { sku, quantity } = (await request.json()) as { sku: string; quantity: number };
      return mutate(request, owner, (items) => {
        const product = PRODUCTS.find((p) => p.sku === sku);
        if (!product) return problem(422, 'UNKNOWN_SKU');
        if (product.stock === 0) return problem(422, 'OUT_OF_STOCK');
        const existing = items.find((l) => l.sku === sku);
        const qty = (existing?.quantity ?? 0) + quantity;
        if (qty > 99) return problem(422, 'QUANTITY_LIMIT');
        return existing ? items.map((l) => (l.sku === sku ? line(sku, qty) : l)) : [...items, line(sku, qty)];
      });
    }),
    http.put(`${API}/cart/items/:sku`, async ({ request, params }) => {
      const owner = ownerOf(request, 'cart');
      if (!owner) return problem(401, 'UNAUTHORIZED');
      const sku = String(params['sku']);
      const { quantity } = (await request.json()) as { quantity: number };
      return mutate(request, owner, (items) => {
        if (quantity === 0) return items.filter((l) => l.sku !== sku);
        const existing = items.find((l) => l.sku === sku);
        return existing ? items.map((l) => (l.sku === sku ? line(sku, quantity) : l)) : [...items, line(sku, quantity)];
      });
    }),
    http.delete(`${API}/cart/items/:sku`, ({ request, params }) => {
      const owner = ownerOf(request, 'cart');
      if (!owner) return problem(401, 'UNAUTHORIZED');
      return mutate(request, owner, (items) => items.filter((l) => l.sku !== params['sku']));
    }),
    http.delete(`${API}/cart`, ({ request }) => {
      const owner = ownerOf(request, 'cart');
      if (!owner) return problem(401, 'UNAUTHORIZED');
      return mutate(request, owner, () => []);
    }),
    http.post(`${API}/cart/merge`, ({ request }) => {
      const user = ownerOf(request, 'user');
      const token = request.headers.get('x-cart-token');
      if (!user || !token || !tokens.has(token)) return problem(401, 'UNAUTHORIZED');
      const anon = cartOf(`anon:${token}`);
      let items = cartOf(user).items;
      for (const l of anon.items) {
        const existing = items.find((x) => x.sku === l.sku);
        items = existing
          ? items.map((x) => (x.sku === l.sku ? line(l.sku, Math.min(99, x.quantity + l.quantity)) : x))
          : [...items, l];
      }
      carts.delete(`anon:${token}`);
      tokens.delete(token);
      return HttpResponse.json(write(user, items));
    }),
    http.post(`${API}/cart/checkout`, ({ request }) => {
      const user = ownerOf(request, 'user');
      if (!user) return problem(401, 'UNAUTHORIZED');
      const cart = cartOf(user);
      const now = new Date().toISOString();
      const order: Order = {
        orderId: `o-${orders.size + 1}`,
        status: 'PENDING',
        items: cart.items,
        subtotal: cart.subtotal,
        currency: cart.currency,
        createdAt: now,
        updatedAt: now,
      };
      orders.set(order.orderId, order);
      return HttpResponse.json(order, { status: 202 });
    }),
    http.get(`${API}/orders/:id`, ({ request, params }) => {
      if (!ownerOf(request, 'user')) return problem(401, 'UNAUTHORIZED');
      const order = orders.get(String(params['id']));
      return order ? HttpResponse.json(order) : problem(404, 'NOT_FOUND');
    }),
    // Cognito (cognito-local speaks the AWS JSON protocol).
    http.post(COGNITO, async ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? '';
      const body = (await request.json()) as { AuthFlow?: string; AuthParameters?: Record<string, string> };
      requests.push({ method: 'POST', path: `cognito:${target.split('.').pop()}`, headers: {}, body });
      if (target.endsWith('InitiateAuth')) {
        const params = body.AuthParameters ?? {};
        let email: string;
        if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') {
          email = params['REFRESH_TOKEN']!.replace(/^refresh-/, '');
        } else {
          if (params['PASSWORD'] !== 'Passw0rd!') {
            return HttpResponse.json(
              { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
              { status: 400 },
            );
          }
          email = params['USERNAME']!;
        }
        const { accessToken, idToken, refreshToken } = issueTokens(email);
        return HttpResponse.json({
          AuthenticationResult: {
            AccessToken: accessToken,
            IdToken: idToken,
            RefreshToken: refreshToken,
            ExpiresIn: 3600,
            TokenType: 'Bearer',
          },
        });
      }
      if (target.endsWith('SignUp')) return HttpResponse.json({ UserConfirmed: false, UserSub: 'sub-new' });
      return HttpResponse.json({});
    }),
    // The hosted sign-in's token endpoint, answering as Cognito's does.
    http.post(`${HOSTED}/oauth2/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      requests.push({ method: 'POST', path: 'hosted:/oauth2/token', headers: {}, body: Object.fromEntries(form) });
      const grant = codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        form.get('grant_type') !== 'authorization_code' ||
        form.get('client_id') !== 'client1' ||
        form.get('redirect_uri') !== OAUTH.redirectUri ||
        !grant ||
        grant.used ||
        grant.challenge !== challenge
      ) {
        if (grant) grant.used = true;
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      }
      grant.used = true;
      const tokens = issueTokens(grant.email, {
        aud: grant.aud,
        nonce: grant.nonce,
        iss: grant.iss,
        ...(grant.exp === undefined ? {} : { exp: grant.exp }),
        'cognito:username': `google_${grant.email}`,
      });
      return HttpResponse.json({
        id_token: tokens.idToken,
        access_token: tokens.accessToken,
        refresh_token: tokens.refreshToken,
        expires_in: 3600,
        token_type: 'Bearer',
      });
    }),
    http.post(`${HOSTED}/oauth2/revoke`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      requests.push({ method: 'POST', path: 'hosted:/oauth2/revoke', headers: {}, body: Object.fromEntries(form) });
      return new HttpResponse(null, { status: 200 });
    }),
  ];

  /**
   * What the hosted sign-in does when the shopper continues: a code for `email`, bound to the
   * authorize URL's challenge and nonce (`aud`, `iss`, `exp` override the ID token's audience,
   * issuer and expiry, for tests).
   */
  function issueCode(
    authorizeUrl: string,
    email: string,
    overrides: { aud?: string; nonce?: string; iss?: string; exp?: number } = {},
  ): string {
    const query = new URL(authorizeUrl).searchParams;
    const code = `code-${codes.size + 1}`;
    codes.set(code, {
      email,
      nonce: overrides.nonce ?? query.get('nonce') ?? '',
      challenge: query.get('code_challenge') ?? '',
      aud: overrides.aud ?? query.get('client_id') ?? '',
      iss: overrides.iss ?? issuer,
      exp: overrides.exp,
      used: false,
    });
    return code;
  }

  return {
    handlers,
    issueCode,
    /** Wire to msw's `request:start` so overridden routes are recorded too. */
    record,
    requests,
    carts,
    orders,
    tokens,
    /** Invalidate every access token, as when they expire server-side. */
    revokeAccessTokens: () => validAccess.clear(),
    cartRequests: () => requests.filter((r) => r.path.startsWith('/cart')),
  };
}
