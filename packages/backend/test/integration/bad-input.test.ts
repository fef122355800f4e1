import type { Cart, Problem } from '@cartkit/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousToken, call, getCart } from '../support/api.js';
import { stackEnv } from '../support/stack.js';

let cartToken: string;
let before: Cart;

beforeAll(async () => {
  cartToken = await anonymousToken();
  await call('POST', '/cart/items', { cartToken, body: { sku: 'TEE-CLASSIC', quantity: 1 } });
  before = await getCart({ cartToken });
});

async function expectUnchanged() {
  const after = await getCart({ cartToken });
  expect(after.version).toBe(before.version);
  expect(after.items).toEqual(before.items);
}

describe('bad input gets the right 4xx and changes nothing', () => {
  it.each([
    ['malformed JSON', '{"sku": "TEE-CLASSIC", "quantity": ', 400],
    ['JSON that is not an object', '[1,2,3]', 400],
    ['an empty body', '', 400],
    ['quantity as a string', '{"sku":"TEE-CLASSIC","quantity":"2"}', 400],
    ['quantity 0', '{"sku":"TEE-CLASSIC","quantity":0}', 400],
    ['quantity 100', '{"sku":"TEE-CLASSIC","quantity":100}', 400],
    ['quantity -1', '{"sku":"TEE-CLASSIC","quantity":-1}', 400],
    ['quantity 1.5', '{"sku":"TEE-CLASSIC","quantity":1.5}', 400],
    ['quantity NaN-ish', '{"sku":"TEE-CLASSIC","quantity":1e999}', 400],
    ['sku with markup', '{"sku":"<script>","quantity":1}', 400],
    ['sku missing', '{"quantity":1}', 400],
    ['extra fields', '{"sku":"TEE-CLASSIC","quantity":1,"price":0}', 400],
    ['prototype pollution', '{"sku":"TEE-CLASSIC","quantity":1,"__proto__":{"x":1}}', 400],
  ])('POST /cart/items with %s → %i', async (_name, rawBody, status) => {
    const response = await call<Problem>('POST', '/cart/items', {
      cartToken,
      rawBody,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(JSON.stringify(response.body)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    await expectUnchanged();
  });

  it.each([
    ['100', 400],
    ['-1', 400],
    ['1.5', 400],
    ['"3"', 400],
  ])('PUT /cart/items/{sku} with quantity %s → %i', async (quantity, status) => {
    const response = await call<Problem>('PUT', '/cart/items/TEE-CLASSIC', {
      cartToken,
      rawBody: `{"quantity":${quantity}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(status);
    await expectUnchanged();
  });

  it('refuses a body over 16 KiB with 413', async () => {
    const response = await call<Problem>('POST', '/cart/items', {
      cartToken,
      rawBody: JSON.stringify({ sku: 'TEE-CLASSIC', quantity: 1, pad: 'x'.repeat(17 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    await expectUnchanged();
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await call<Problem>('POST', '/cart/items', {
      cartToken,
      rawBody: 'sku=TEE-CLASSIC&quantity=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    await expectUnchanged();
  });

  it('refuses a JSON body sent without Content-Type with 415 (docs/API.md: bodies are application/json)', async () => {
    // A byte body: fetch adds no Content-Type of its own (a string body would get text/plain).
    const statuses: number[] = [];
    for (const [method, path, body] of [
      ['POST', '/cart/items', { sku: 'TEE-CLASSIC', quantity: 1 }],
      ['PUT', '/cart/items/TEE-CLASSIC', { quantity: 5 }],
    ] as const) {
      const response = await fetch(`${stackEnv().apiUrl}${path}`, {
        method,
        headers: { 'x-cart-token': cartToken },
        body: new TextEncoder().encode(JSON.stringify(body)),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([415, 415]);
    await expectUnchanged();
  });

  it('refuses a path SKU that is not a SKU', async () => {
    const response = await call('DELETE', `/cart/items/${encodeURIComponent('../../etc')}`, { cartToken });
    expect([400, 404]).toContain(response.status);
    await expectUnchanged();
  });
});
