import * as v from 'valibot';
import { ShippingAddressSchema } from './address.js';
import {
  OrderPaymentSchema,
  OrderTotalsSchema,
  PublicShopConfigSchema,
  QuoteSchema,
  ShippingOptionSchema,
} from './checkout.js';
import { ERROR_CODES } from './codes.js';
import { LIMITS } from './limits.js';
import { CartLineSchema, CurrencySchema, IsoTimeSchema, MoneySchema, QuantitySchema, SkuSchema } from './primitives.js';

export {
  CartLineSchema,
  CurrencySchema,
  IsoTimeSchema,
  MoneySchema,
  QuantitySchema,
  SkuSchema,
  type CartLine,
} from './primitives.js';

/** A catalog product. `inCarts` is the live "in N carts" aggregate. */
export const ProductSchema = v.object({
  sku: SkuSchema,
  name: v.string(),
  description: v.string(),
  unitPrice: MoneySchema,
  currency: CurrencySchema,
  image: v.string(),
  stock: v.pipe(v.number(), v.integer(), v.minValue(0)),
  inCarts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** A product with variants: its option names (e.g. `["size", "colour"]`); add one of `variants` to a cart. */
  options: v.optional(v.array(v.string())),
  /** A product with variants: the active product's variants, each with its own SKU, price and stock. */
  variants: v.optional(
    v.array(
      v.object({
        sku: SkuSchema,
        options: v.record(v.string(), v.string()),
        unitPrice: MoneySchema,
        stock: v.pipe(v.number(), v.integer(), v.minValue(0)),
      }),
    ),
  ),
  /** A variant (`GET /products/{variantSku}`): its product's SKU and its option values. */
  productSku: v.optional(SkuSchema),
  optionValues: v.optional(v.record(v.string(), v.string())),
});
export type Product = v.InferOutput<typeof ProductSchema>;

/** A page of products. */
export const ProductPageSchema = v.object({
  items: v.array(ProductSchema),
  nextCursor: v.nullable(v.string()),
});
export type ProductPage = v.InferOutput<typeof ProductPageSchema>;

/** Who a cart belongs to. */
export const OwnerKindSchema = v.picklist(['user', 'anonymous']);
export type OwnerKind = v.InferOutput<typeof OwnerKindSchema>;

/** A cart. `version` starts at 0 and rises by exactly 1 on every change. */
export const CartSchema = v.object({
  owner: OwnerKindSchema,
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  currency: CurrencySchema,
  items: v.array(CartLineSchema),
  itemCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  subtotal: MoneySchema,
  updatedAt: v.nullable(IsoTimeSchema),
  expiresAt: v.nullable(IsoTimeSchema),
  /**
   * Lines whose product is no longer sold (made a draft, archived or deleted by the shop): not in
   * `items` nor the totals, kept in the cart so the shopper sees what went (issue 16).
   */
  unavailable: v.optional(
    v.array(v.object({ sku: SkuSchema, name: v.string(), quantity: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
  ),
});
export type Cart = v.InferOutput<typeof CartSchema>;

/**
 * The states of an order: `PENDING` (queued) → `AWAITING_PAYMENT` (stock
 * reserved, `payment` set) → `PAID`; `CONFIRMED` where the shop takes no online
 * payment; `FAILED` (with `reason`) or `EXPIRED` (the payment window closed).
 */
export const ORDER_STATUS = {
  PENDING: 'PENDING',
  AWAITING_PAYMENT: 'AWAITING_PAYMENT',
  PAID: 'PAID',
  CONFIRMED: 'CONFIRMED',
  FAILED: 'FAILED',
  EXPIRED: 'EXPIRED',
  FULFILLED: 'FULFILLED',
  PARTIALLY_REFUNDED: 'PARTIALLY_REFUNDED',
  REFUNDED: 'REFUNDED',
} as const;
export const OrderStatusSchema = v.picklist([
  'PENDING',
  'AWAITING_PAYMENT',
  'PAID',
  'CONFIRMED',
  'FAILED',
  'EXPIRED',
  'FULFILLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
]);
export type OrderStatus = v.InferOutput<typeof OrderStatusSchema>;

/** An order made by checkout. */
/** How an order was shipped: when, and the carrier's tracking number if the shop gave one. */
export const OrderFulfilmentSchema = v.object({
  fulfilledAt: IsoTimeSchema,
  trackingNumber: v.optional(v.string()),
  carrier: v.optional(v.string()),
});
export type OrderFulfilment = v.InferOutput<typeof OrderFulfilmentSchema>;

export const OrderSchema = v.object({
  orderId: v.string(),
  status: OrderStatusSchema,
  reason: v.optional(v.string()),
  /** Why a FAILED order failed, for code (`OUT_OF_STOCK`, `PRICE_CHANGED`, `NO_LONGER_SOLD`, `NOT_PROCESSED`); more may come. */
  reasonCode: v.optional(v.string()),
  items: v.array(CartLineSchema),
  subtotal: MoneySchema,
  currency: CurrencySchema,
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  // Checkout (issue 14). Optional until checkout takes an address; docs/API.md
  // says which become required then.
  /** The order number people read aloud and type, e.g. `CK-4827-1930`. */
  number: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(32))),
  email: v.optional(v.string()),
  shippingAddress: v.optional(ShippingAddressSchema),
  shippingOption: v.optional(ShippingOptionSchema),
  totals: v.optional(OrderTotalsSchema),
  /** The discount code the order was placed with (its amount is `totals.discount`). */
  discountCode: v.optional(v.string()),
  /** Set once the shop shipped it (`POST /admin/orders/{id}/fulfil`); stays through later refunds. */
  fulfilment: v.optional(OrderFulfilmentSchema),
  /** Refunded so far, minor units (`REFUNDED` when it reaches `totals.total`). */
  refundedTotal: v.optional(MoneySchema),
  /** Set while the order is `AWAITING_PAYMENT`. */
  payment: v.optional(OrderPaymentSchema),
  /**
   * The order's access token (128 random bits, base64url), in the 202 of the
   * `POST /cart/checkout` that placed it and nowhere else: the server keeps only
   * its hash. `GET /orders/{orderId}?token=` opens the order with it (success page, receipt link).
   */
  accessToken: v.optional(v.string()),
});
export type Order = v.InferOutput<typeof OrderSchema>;

/** `GET /orders`: a page of the signed-in owner's orders, newest first; `nextCursor` is absent on the last page. */
export const OrderPageSchema = v.object({
  items: v.array(OrderSchema),
  nextCursor: v.optional(v.string()),
});
export type OrderPage = v.InferOutput<typeof OrderPageSchema>;

/** One provider of federated sign-in: `id` is Cognito's `identity_provider` value, `name` the button's label. */
export const OAuthProviderSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});
export type OAuthProvider = v.InferOutput<typeof OAuthProviderSchema>;

const AbsoluteUrlSchema = v.pipe(v.string(), v.url());

/**
 * Federated sign-in (`GET /config`'s `oauth`, issue 18): the hosted sign-in's origin, its
 * providers, and the two URLs registered with it (both on the API origin).
 */
export const OAuthConfigSchema = v.object({
  /** Origin of the hosted sign-in: `https://<prefix>.auth.<region>.amazoncognito.com`, locally the stand-in's. */
  domain: AbsoluteUrlSchema,
  providers: v.array(OAuthProviderSchema),
  /** `{apiUrl}/auth/callback`: the only registered callback URL. */
  redirectUri: AbsoluteUrlSchema,
  /** `{apiUrl}/auth/signed-out`: the registered logout URL of popup sign-out. */
  logoutUri: AbsoluteUrlSchema,
});
export type OAuthConfig = v.InferOutput<typeof OAuthConfigSchema>;

/** What a browser needs to start (`GET /config`). */
export const ConfigSchema = v.object({
  region: v.string(),
  userPoolId: v.string(),
  userPoolClientId: v.string(),
  cognitoEndpoint: v.nullable(v.string()),
  realtimeUrl: v.string(),
  currency: CurrencySchema,
  /** `USER_SRP_AUTH` on AWS, `USER_PASSWORD_AUTH` on the local stack (cognito-local has no SRP). */
  authFlow: v.optional(v.picklist(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'])),
  /** The shop's countries and tax display (issue 14); `currency` above is the shop's. */
  shop: v.optional(PublicShopConfigSchema),
  /** Federated sign-in; `null` when no provider is configured (absent from servers before issue 18). */
  oauth: v.optional(v.nullable(OAuthConfigSchema)),
});
export type Config = v.InferOutput<typeof ConfigSchema>;

/** `POST /cart/anonymous` reply. */
export const AnonymousTokenSchema = v.object({ cartToken: v.string(), expiresAt: IsoTimeSchema });
export type AnonymousToken = v.InferOutput<typeof AnonymousTokenSchema>;

/** `GET /me` reply. */
export const MeSchema = v.object({ userId: v.string(), email: v.nullable(v.string()) });
export type Me = v.InferOutput<typeof MeSchema>;

/** Body of `POST /cart/items`. */
export const AddItemBodySchema = v.strictObject({ sku: SkuSchema, quantity: QuantitySchema });
export type AddItemBody = v.InferOutput<typeof AddItemBodySchema>;

/** Body of `PUT /cart/items/{sku}`; 0 removes the line. */
export const SetQuantityBodySchema = v.strictObject({
  quantity: v.pipe(
    v.number('must be a number'),
    v.integer('must be an integer'),
    v.minValue(0, 'must be at least 0'),
    v.maxValue(LIMITS.maxQuantity, `must be at most ${LIMITS.maxQuantity}`),
  ),
});
export type SetQuantityBody = v.InferOutput<typeof SetQuantityBodySchema>;

/** An `Idempotency-Key` header value. */
export const IdempotencyKeySchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(LIMITS.maxIdempotencyKeyLength),
  v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
);

/** `GET /products` query. */
export const ProductQuerySchema = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be an integer'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(LIMITS.maxPageSize),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(1024))),
});

/** `GET /orders` query: `limit` 1..100 (default 20), `cursor` from the previous page. */
export const OrderQuerySchema = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be an integer'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(LIMITS.maxPageSize),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(1024))),
});

/** An RFC 9457 problem document, as every error is sent. */
export const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  code: v.picklist(ERROR_CODES),
  detail: v.optional(v.string()),
  requestId: v.optional(v.string()),
  errors: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
  cart: v.optional(CartSchema),
  /** The fresh quote, on `QUOTE_CHANGED` and `CHECKOUT_BLOCKED`. */
  quote: v.optional(QuoteSchema),
});
export type Problem = v.InferOutput<typeof ProblemSchema>;

/** Messages the realtime socket sends. */
export const ServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('cart.updated'), cart: CartSchema }),
  /**
   * The same cart (same `version`) priced again after the shop changed a product in it (price, stock,
   * visibility): clients replace a cart of the same or a lower version with it (issue 16).
   */
  v.object({ type: v.literal('cart.repriced'), cart: CartSchema }),
  v.object({ type: v.literal('order.updated'), order: OrderSchema }),
  v.object({ type: v.literal('pong') }),
]);
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;

/** Messages a client may send on the realtime socket. */
export const ClientMessageSchema = v.variant('type', [v.object({ type: v.literal('ping') })]);
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

/** WebSocket close code for a bad credential. */
export const WS_CLOSE_UNAUTHORIZED = 4401;
