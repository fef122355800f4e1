import type { CheckoutRequest, Order, Quote, ShippingAddress } from '@cartkit/contract';
import { type ApiResponse, type CallOptions, call } from './api.js';

/** An address in the default shop's US zone (California: 7.25 % tax, not included). */
export const US_ADDRESS: ShippingAddress = {
  name: 'Ada Shopper',
  line1: '1 Market St',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
};

/** The caller's cart's quote to `address` (200 expected). */
export async function quoteFor(
  auth: Pick<CallOptions, 'token' | 'cartToken'>,
  address: ShippingAddress = US_ADDRESS,
  shippingOptionId?: string,
): Promise<Quote> {
  const response = await call<Quote>('POST', '/checkout/quote', {
    ...auth,
    body: { shippingAddress: address, ...(shippingOptionId === undefined ? {} : { shippingOptionId }) },
  });
  if (response.status !== 200) throw new Error(`POST /checkout/quote answered ${response.status}`);
  return response.body;
}

/**
 * A checkout body as the element sends it: the cart quoted to `address` now,
 * its total as `expectedTotal` (the total the shopper saw), its shipping option.
 */
export async function checkoutBody(
  auth: Pick<CallOptions, 'token' | 'cartToken'>,
  address: ShippingAddress = US_ADDRESS,
  email = 'shopper@example.com',
): Promise<CheckoutRequest> {
  const quote = await quoteFor(auth, address);
  return {
    email,
    shippingAddress: address,
    shippingOptionId: quote.shippingOptionId ?? 'us-standard',
    expectedTotal: quote.total,
  };
}

/** `POST /cart/checkout` with a body quoted just before (see {@link checkoutBody}). */
export async function placeOrder<T = Order>(
  auth: Pick<CallOptions, 'token' | 'cartToken'>,
  options: Pick<CallOptions, 'headers'> = {},
): Promise<ApiResponse<T>> {
  return call<T>('POST', '/cart/checkout', { ...auth, ...options, body: await checkoutBody(auth) });
}

/** A well-formed checkout body, for calls whose credentials are refused before it is read. */
export const SAMPLE_CHECKOUT: CheckoutRequest = {
  email: 'shopper@example.com',
  shippingAddress: US_ADDRESS,
  shippingOptionId: 'us-standard',
  expectedTotal: 0,
};
