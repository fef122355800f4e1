import type { Cart } from '@cartkit/contract';
import { LIMITS } from '@cartkit/contract';
import { readItem } from '../../support/stack.js';
import type { LambdaAnswer } from './lambda.js';

/**
 * What must never reach a client: stack frames, file paths, AWS error and
 * service names, physical table names, loopback endpoints.
 */
const LEAK =
  /node_modules|\/src\/|\.(?:ts|js|mjs):\d+|\bat [\w$.<>]+ \(|cartkit-local-|ConditionalCheck|TransactionCanceled|ResourceNotFound|ValidationException|ECONNREFUSED|ECONNRESET|DynamoDB|\bSQS\b|Cognito|aws-sdk|127\.0\.0\.1|TypeError|ReferenceError|SyntaxError|undefined is not/i;

/**
 * A leak in a response body, once the caller's own input (which some problem
 * details echo, e.g. the unknown path) is taken out. Undefined when clean.
 */
export function findLeak(text: string, echoed: readonly string[] = []): string | undefined {
  let rest = text;
  for (const input of echoed) {
    if (input.length < 3) continue;
    rest = rest.split(input).join('');
    const escaped = JSON.stringify(input).slice(1, -1);
    rest = rest.split(escaped).join('');
  }
  return LEAK.exec(rest)?.[0];
}

/** The problems a response must never have, whatever the input: 5xx, a leak, no request id, a bad problem document. */
export function responseDefects(response: LambdaAnswer, echoed: readonly string[] = []): string[] {
  const defects: string[] = [];
  if (response.status >= 500) defects.push(`status ${response.status}: ${response.text.slice(0, 300)}`);
  // Errors are where internals leak from; success bodies are data (config, catalog, carts).
  const leak = response.status >= 400 ? findLeak(response.text, echoed) : undefined;
  if (leak) defects.push(`leak "${leak}" in ${response.text.slice(0, 300)}`);
  if (!response.headers['x-request-id']) defects.push('no X-Request-Id');
  if (response.status >= 400) {
    if (!/application\/problem\+json/.test(response.headers['content-type'] ?? ''))
      defects.push('error not problem+json');
    const body = response.json as { status?: unknown; code?: unknown } | undefined;
    if (body?.status !== response.status || typeof body.code !== 'string') defects.push('malformed problem document');
    if (response.status === 429 && !response.headers['retry-after']) defects.push('429 without Retry-After');
  }
  return defects;
}

/** A stored cart row, read straight from DynamoDB Local, checked against the contract's limits. */
export async function storedCartDefects(ownerKey: string): Promise<string[]> {
  const item = await readItem('Carts', { pk: ownerKey });
  if (!item) return [];
  const defects: string[] = [];
  const qty = (item.qty ?? {}) as Record<string, unknown>;
  const lines = Object.entries(qty);
  if (lines.length > LIMITS.maxLines) defects.push(`${lines.length} lines stored`);
  for (const [sku, quantity] of lines) {
    if (typeof quantity !== 'number' || !Number.isInteger(quantity))
      defects.push(`${sku}: quantity ${String(quantity)}`);
    else if (quantity < LIMITS.minQuantity || quantity > LIMITS.maxQuantity)
      defects.push(`${sku}: quantity ${quantity}`);
  }
  const version = item.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    defects.push(`version ${String(version)}`);
  return defects;
}

/** A wire cart whose totals are not the integer sum of its lines. */
export function cartTotalDefects(cart: Cart): string[] {
  const defects: string[] = [];
  let subtotal = 0;
  let count = 0;
  for (const line of cart.items) {
    if (!Number.isInteger(line.unitPrice) || !Number.isInteger(line.lineTotal)) defects.push(`${line.sku}: not cents`);
    if (line.lineTotal !== line.unitPrice * line.quantity) defects.push(`${line.sku}: lineTotal`);
    subtotal += line.lineTotal;
    count += line.quantity;
  }
  if (cart.subtotal !== subtotal) defects.push(`subtotal ${cart.subtotal} ≠ ${subtotal}`);
  if (cart.itemCount !== count) defects.push(`itemCount ${cart.itemCount} ≠ ${count}`);
  if (cart.items.length > LIMITS.maxLines) defects.push(`${cart.items.length} lines`);
  return defects;
}
