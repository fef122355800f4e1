import { type Discount, DiscountCodeSchema, DiscountDefinitionSchema, type DiscountList } from '@cartkit/contract';
import { canonicalCode, type DiscountRule } from '../domain/discount.js';
import { NotFoundError } from '../domain/errors.js';
import { adminOnly } from '../http/handler.js';
import { assertBodySize, type HttpRequest, readJson, readValue } from '../http/request.js';
import { empty, json } from '../http/response.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The code of the path, validated and in canonical upper case. */
function pathCode(request: HttpRequest): string {
  return canonicalCode(readValue(request.pathParameters.code, DiscountCodeSchema, 'code'));
}

/** The wire shape of a stored rule (no revision). */
export function toDiscount(rule: DiscountRule): Discount {
  const { revision: _revision, ...discount } = rule;
  return discount;
}

/** `GET /admin/discounts`: every code, in code order. */
export const listDiscounts = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const body: DiscountList = { items: (await deps.discounts.list()).map(toDiscount) };
  return json(200, body, NO_STORE);
});

/** `GET /admin/discounts/{code}` (any case). */
export const getDiscount = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const code = pathCode(request);
  const rule = await deps.discounts.get(code);
  if (!rule) throw new NotFoundError(`No discount code "${code}".`);
  return json(200, toDiscount(rule), NO_STORE);
});

/**
 * `PUT /admin/discounts/{code}` `DiscountDefinition`: creates (201) or
 * replaces (200) the code's definition. Its usage count stays; checkouts
 * quoted at the old definition are quoted again.
 */
export const putDiscount = adminOnly(async (request, deps) => {
  const code = pathCode(request);
  const definition = readJson(request, DiscountDefinitionSchema);
  const { rule, created } = await deps.discounts.put(code, definition, deps.now());
  return json(created ? 201 : 200, toDiscount(rule), NO_STORE);
});

/** `DELETE /admin/discounts/{code}`: 204; orders placed with it keep their discount. 404 if there is none. */
export const deleteDiscount = adminOnly(async (request, deps) => {
  assertBodySize(request);
  const code = pathCode(request);
  if (!(await deps.discounts.delete(code))) throw new NotFoundError(`No discount code "${code}".`);
  return empty(204, NO_STORE);
});
