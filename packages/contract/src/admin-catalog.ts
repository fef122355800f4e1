import * as v from 'valibot';
import { CurrencySchema, IsoTimeSchema, MoneySchema, SkuSchema } from './primitives.js';

// The admin API's catalog shapes (`/admin/products`): products with variants, visibility and stock.

/** Limits of an admin product, enforced by the backend and pre-checked by clients. */
export const CATALOG_LIMITS = {
  maxNameLength: 200,
  maxDescriptionLength: 5000,
  maxImages: 10,
  maxImageUrlLength: 2048,
  /** Option names per product (e.g. size, colour). */
  maxOptions: 3,
  maxOptionLength: 40,
  /** Variants per product: all of them are written in one DynamoDB transaction with the product. */
  maxVariants: 50,
  /** Largest stock figure, and the largest single adjustment. */
  maxStock: 1_000_000,
} as const;

/**
 * `draft` (being prepared, never public), `active` (sold), `archived` (no
 * longer sold, kept for orders and history). Only `active` products appear
 * in `GET /products` and can be added to a cart.
 */
export const VisibilitySchema = v.picklist(['draft', 'active', 'archived']);
export type Visibility = v.InferOutput<typeof VisibilitySchema>;

const StockSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(0, 'must be 0 or more'),
  v.maxValue(CATALOG_LIMITS.maxStock, `must be at most ${CATALOG_LIMITS.maxStock}`),
);
const NameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(CATALOG_LIMITS.maxNameLength),
);
const DescriptionSchema = v.pipe(v.string(), v.maxLength(CATALOG_LIMITS.maxDescriptionLength));
/** An image: an absolute https URL or a path on the shop's own asset host (`/assets/...`). */
const ImageSchema = v.pipe(
  v.string(),
  v.maxLength(CATALOG_LIMITS.maxImageUrlLength),
  v.regex(/^(?:https:\/\/[^\s"'<>]+|\/[^\s"'<>]*)$/, 'must be an https URL or a path starting with "/"'),
);
const OptionNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(CATALOG_LIMITS.maxOptionLength),
);
const PriceSchema = v.pipe(v.number('must be a number'), v.integer('must be integer minor units'), v.minValue(0));

/** One variant of a product: its own SKU, its option values (one per option name), price and stock. */
export const VariantInputSchema = v.object({
  sku: SkuSchema,
  options: v.record(OptionNameSchema, OptionNameSchema),
  unitPrice: PriceSchema,
  /** On a new variant, its first stock; on an existing one, a compare-and-set (see `PUT /admin/products/{sku}`). */
  stock: v.optional(StockSchema),
});
export type VariantInput = v.InferOutput<typeof VariantInputSchema>;

/**
 * `PUT /admin/products/{sku}`: the whole product. With `options` and
 * `variants` it is a product with variants: the variants are what carts hold,
 * and `unitPrice`/`stock` of the product itself are not used.
 */
export const ProductInputSchema = v.object({
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  images: v.optional(v.pipe(v.array(ImageSchema), v.maxLength(CATALOG_LIMITS.maxImages)), []),
  unitPrice: v.optional(PriceSchema),
  stock: v.optional(StockSchema),
  visibility: v.optional(VisibilitySchema, 'draft'),
  options: v.optional(v.pipe(v.array(OptionNameSchema), v.maxLength(CATALOG_LIMITS.maxOptions)), []),
  variants: v.optional(v.pipe(v.array(VariantInputSchema), v.maxLength(CATALOG_LIMITS.maxVariants)), []),
});
export type ProductInput = v.InferInput<typeof ProductInputSchema>;

/** `PATCH /admin/products/{sku}`: any of the product's fields; the rest stay as they are. */
export const ProductPatchSchema = v.partial(
  v.object({
    name: NameSchema,
    description: DescriptionSchema,
    images: v.pipe(v.array(ImageSchema), v.maxLength(CATALOG_LIMITS.maxImages)),
    unitPrice: PriceSchema,
    stock: StockSchema,
    visibility: VisibilitySchema,
    options: v.pipe(v.array(OptionNameSchema), v.maxLength(CATALOG_LIMITS.maxOptions)),
    variants: v.pipe(v.array(VariantInputSchema), v.maxLength(CATALOG_LIMITS.maxVariants)),
  }),
);
export type ProductPatch = v.InferInput<typeof ProductPatchSchema>;

/** `POST /admin/products/{sku}/stock`: an atomic increment (negative to take stock out). */
export const StockAdjustmentSchema = v.object({
  delta: v.pipe(
    v.number('must be a number'),
    v.integer('must be an integer'),
    v.minValue(-CATALOG_LIMITS.maxStock),
    v.maxValue(CATALOG_LIMITS.maxStock),
    v.check((delta) => delta !== 0, 'must not be 0'),
  ),
});
export type StockAdjustment = v.InferOutput<typeof StockAdjustmentSchema>;

/** A variant as the admin API returns it. */
export const AdminVariantSchema = v.object({
  sku: SkuSchema,
  options: v.record(v.string(), v.string()),
  unitPrice: MoneySchema,
  stock: v.pipe(v.number(), v.integer(), v.minValue(0)),
  inCarts: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type AdminVariant = v.InferOutput<typeof AdminVariantSchema>;

/** A product as the admin API returns it: every visibility, every variant. */
export const AdminProductSchema = v.object({
  sku: SkuSchema,
  name: v.string(),
  description: v.string(),
  images: v.array(v.string()),
  /** The product's own price; with variants, the lowest variant price (for listings). */
  unitPrice: MoneySchema,
  currency: CurrencySchema,
  /** The product's own stock (available to sell, reservations already taken); with variants, their sum. */
  stock: v.pipe(v.number(), v.integer(), v.minValue(0)),
  inCarts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  visibility: VisibilitySchema,
  options: v.array(v.string()),
  variants: v.array(AdminVariantSchema),
  updatedAt: v.nullable(IsoTimeSchema),
});
export type AdminProduct = v.InferOutput<typeof AdminProductSchema>;

/** `GET /admin/products`: a page of products (every visibility), in SKU order. */
export const AdminProductPageSchema = v.object({
  items: v.array(AdminProductSchema),
  nextCursor: v.nullable(v.string()),
});
export type AdminProductPage = v.InferOutput<typeof AdminProductPageSchema>;
