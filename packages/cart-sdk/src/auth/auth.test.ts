import type { CheckoutRequest } from '@cartkit/contract';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { isAuthError, isCancelledError } from '../index.js';
import { API } from '../../test/support/fake-api.js';
import { until, useFakeApi } from '../../test/support/setup.js';
import { inspectableStorage } from '../../test/support/storage.js';

/** A checkout body as the element sends it (the fake API does not price it). */
const CHECKOUT: CheckoutRequest = {
  email: 'ada@example.com',
  shippingAddress: {
    name: 'Ada',
    line1: '1 Main St',
    city: 'Springfield',
    postalCode: '12345',
    country: 'US',
    region: 'CA',
  },
  shippingOptionId: 'us-standard',
  expectedTotal: 0,
};

const ctx = useFakeApi();
const credentials = { email: 'ada@example.com', password: 'Passw0rd!' };

describe('auth and identity', () => {
  it('signs in with USER_PASSWORD_AUTH against the configured endpoint', async () => {
    const { client } = ctx.make();
    await client.ready();

    const user = await client.auth.signIn(credentials);

    expect(user).toEqual({ userId: 'sub-ada@example.com', email: 'ada@example.com' });
    expect(client.auth.currentUser()).toEqual(user);
    expect(client.getSnapshot().user).toEqual(user);
    const initiate = ctx.api.requests.find((r) => r.path === 'cognito:InitiateAuth');
    expect(initiate?.body).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'client1' });
  });

  it('sends the sign-up code again with ResendConfirmationCode', async () => {
    const { client } = ctx.make();
    await client.ready();

    await client.auth.resendConfirmationCode({ email: 'ada@example.com' });

    const resend = ctx.api.requests.find((r) => r.path === 'cognito:ResendConfirmationCode');
    expect(resend?.body).toMatchObject({ ClientId: 'client1', Username: 'ada@example.com' });
  });

  it('a refused resend raises an AuthError with Cognito’s code', async () => {
    ctx.server.use(
      http.post(/cognito/, () =>
        HttpResponse.json({ __type: 'LimitExceededException', message: 'Attempt limit exceeded' }, { status: 400 }),
      ),
    );
    const { client } = ctx.make();
    await client.ready();

    const error = await client.auth.resendConfirmationCode({ email: 'ada@example.com' }).catch((e: unknown) => e);

    expect(isAuthError(error) && error.cognitoCode).toBe('LimitExceededException');
  });

  it('a wrong password raises an AuthError with Cognito’s code and changes nothing', async () => {
    const { client } = ctx.make();
    await client.ready();

    const error = await client.auth.signIn({ ...credentials, password: 'nope' }).catch((e: unknown) => e);

    expect(isAuthError(error) && error.cognitoCode).toBe('NotAuthorizedException');
    expect(client.auth.currentUser()).toBeNull();
  });

  it('merges the anonymous cart on sign-in without losing a line, then drops the cart token', async () => {
    const storage = inspectableStorage();
    const { client } = ctx.make({ storage });
    await client.ready();
    await client.add('TEE', 2);
    const tokenKey = [...storage.map.keys()].find((k) => k.endsWith(':cartToken'))!;
    const token = JSON.parse(storage.map.get(tokenKey)!) as string;

    await client.auth.signIn(credentials);

    const merge = ctx.api.requests.find((r) => r.path === '/cart/merge')!;
    expect(merge.headers['x-cart-token']).toBe(token);
    expect(merge.headers['authorization']).toMatch(/^Bearer /);
    expect(client.getSnapshot().cart).toMatchObject({ owner: 'user', items: [{ sku: 'TEE', quantity: 2 }] });
    expect(storage.map.has(tokenKey)).toBe(false);

    await client.add('MUG', 1);
    const last = ctx.api.requests.filter((r) => r.path === '/cart/items').at(-1)!;
    expect(last.headers['authorization']).toMatch(/^Bearer /);
    expect(last.headers['x-cart-token']).toBeUndefined();
  });

  it('a mutation made just before sign-in still lands (in order, before the merge)', async () => {
    const { client } = ctx.make();
    await client.ready();

    const adding = client.add('TEE', 1);
    await client.auth.signIn(credentials);
    await adding;

    expect(client.getSnapshot().cart).toMatchObject({ owner: 'user', items: [{ sku: 'TEE', quantity: 1 }] });
  });

  it('sign-out leaves nothing of the user behind: storage, snapshot, queue, orders', async () => {
    const storage = inspectableStorage();
    const { client } = ctx.make({ storage });
    await client.ready();
    await client.auth.signIn(credentials);
    await client.add('TEE', 2);
    await client.checkout(CHECKOUT);
    vi.stubGlobal('navigator', { onLine: false });
    const queued = client.add('MUG', 1).catch((e: unknown) => e);
    vi.unstubAllGlobals();

    await client.auth.signOut();

    expect(isCancelledError(await queued)).toBe(true);
    const s = client.getSnapshot();
    expect(s.user).toBeNull();
    expect(s.pending).toEqual([]);
    expect(s.orders).toEqual({});
    expect(s.cart).toMatchObject({ owner: 'anonymous', items: [], version: 0 });
    expect(client.auth.currentUser()).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    const leftovers = [...storage.map.entries()].filter(([, v]) => /TEE|MUG|access|refresh|sub-ada/.test(v));
    expect(leftovers).toEqual([]);

    // The next person on the device starts with a fresh anonymous cart.
    await client.add('CAP', 1).catch(() => undefined);
    const lastAdd = ctx.api.requests.filter((r) => r.path === '/cart/items').at(-1)!;
    expect(lastAdd.headers['authorization']).toBeUndefined();
  });

  it('signing in as someone else first clears the previous user', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn(credentials);
    await client.add('TEE', 2);

    await client.auth.signIn({ email: 'bob@example.com', password: 'Passw0rd!' });

    expect(client.getSnapshot().user?.email).toBe('bob@example.com');
    expect(client.getSnapshot().cart).toMatchObject({ owner: 'user', items: [] });
  });

  it('on 401 with a signed-in user refreshes the session once and retries with the same key', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn(credentials);
    ctx.api.revokeAccessTokens();

    const cart = await client.add('TEE', 1);

    expect(cart.items).toMatchObject([{ sku: 'TEE', quantity: 1 }]);
    const refreshes = ctx.api.requests.filter(
      (r) => r.path === 'cognito:InitiateAuth' && (r.body as { AuthFlow: string }).AuthFlow === 'REFRESH_TOKEN_AUTH',
    );
    expect(refreshes).toHaveLength(1);
    const posts = ctx.api.requests.filter((r) => r.path === '/cart/items');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    expect(posts[1]!.headers['authorization']).not.toBe(posts[0]!.headers['authorization']);
  });

  it('a 401 that survives the refresh is raised, not retried forever', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.auth.signIn(credentials);
    ctx.server.use(
      http.post(`${API}/cart/items`, () =>
        HttpResponse.json({ type: 'about:blank', title: 'No', status: 401, code: 'UNAUTHORIZED' }, { status: 401 }),
      ),
    );

    const error = await client.add('TEE').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(ctx.api.requests.filter((r) => r.path === '/cart/items')).toHaveLength(2);
    expect(client.getSnapshot().cart?.items).toEqual([]);
  });

  it('an expired anonymous token is replaced once and the mutation lands in the new cart', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.add('TEE', 1);
    ctx.api.tokens.clear(); // the server expired the anonymous cart

    const cart = await client.add('MUG', 1);

    expect(ctx.api.requests.filter((r) => r.path === '/cart/anonymous')).toHaveLength(2);
    expect(cart.items).toMatchObject([{ sku: 'MUG', quantity: 1 }]);
    expect(client.getSnapshot().cart?.items).toMatchObject([{ sku: 'MUG', quantity: 1 }]);
  });

  it('restores the signed-in user after a reload without loading Cognito', async () => {
    const storage = inspectableStorage();
    const first = ctx.make({ storage }).client;
    await first.ready();
    await first.auth.signIn(credentials);
    await first.add('TEE', 1);
    await new Promise((r) => setTimeout(r, 0));
    first.destroy();
    const cognitoCalls = ctx.api.requests.filter((r) => r.path.startsWith('cognito:')).length;

    const second = ctx.make({ storage }).client;
    await second.ready();

    expect(second.auth.currentUser()).toMatchObject({ email: 'ada@example.com' });
    expect(second.getSnapshot().cart).toMatchObject({ owner: 'user', items: [{ sku: 'TEE' }] });
    expect(ctx.api.requests.filter((r) => r.path.startsWith('cognito:'))).toHaveLength(cognitoCalls);
  });

  it('checkout returns the PENDING order and polls until it is final', async () => {
    const { client } = ctx.make({ pollOrders: { interval: 5, maxInterval: 5 } });
    await client.ready();
    await client.auth.signIn(credentials);
    await client.add('TEE', 1);

    const order = await client.checkout(CHECKOUT);
    expect(order.status).toBe('PENDING');
    expect(client.getSnapshot().orders[order.orderId]?.status).toBe('PENDING');
    ctx.api.orders.set(order.orderId, {
      ...order,
      status: 'CONFIRMED',
      updatedAt: new Date(Date.now() + 1000).toISOString(),
    });

    await until(() => client.getSnapshot().orders[order.orderId]?.status === 'CONFIRMED');
  });

  it('keeps the email in lower case, whatever the keyboard typed, so a provider sign-in finds the account', async () => {
    const { client } = ctx.make();
    const typed = ' Ada@Example.COM ';

    await client.auth.signUp({ email: typed, password: credentials.password });
    await client.auth.confirmSignUp({ email: typed, code: '123456' });
    await client.auth.resendConfirmationCode({ email: typed });
    await client.auth.forgotPassword({ email: typed });
    await client.auth.confirmForgotPassword({ email: typed, code: '1', password: 'N3w-passw0rd' });
    await client.auth.signIn({ email: typed, password: credentials.password });

    const bodies = ctx.api.requests.filter((r) => r.path.startsWith('cognito:')).map((r) => r.body);
    expect(bodies[0]).toMatchObject({
      Username: 'ada@example.com',
      UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }],
    });
    for (const body of bodies.slice(1, 5)) expect(body).toMatchObject({ Username: 'ada@example.com' });
    expect(bodies[5]).toMatchObject({ AuthParameters: { USERNAME: 'ada@example.com' } });
  });

  it('signUp, confirmSignUp, forgotPassword and confirmForgotPassword reach Cognito', async () => {
    const { client } = ctx.make();

    await expect(client.auth.signUp(credentials)).resolves.toEqual({ userConfirmed: false });
    await client.auth.confirmSignUp({ email: credentials.email, code: '123456' });
    await client.auth.forgotPassword({ email: credentials.email });
    await client.auth.confirmForgotPassword({ email: credentials.email, code: '1', password: 'N3w-passw0rd' });

    expect(ctx.api.requests.filter((r) => r.path.startsWith('cognito:')).map((r) => r.path)).toEqual([
      'cognito:SignUp',
      'cognito:ConfirmSignUp',
      'cognito:ForgotPassword',
      'cognito:ConfirmForgotPassword',
    ]);
  });
});
