import { invalidParam } from './api-error.js';

/** A decoded form parameter: a string, or a nested object / array of them. */
export type FormValue = string | FormObject | FormValue[];
/** A decoded form object (`a[b]=1` gives `{ a: { b: '1' } }`). */
export interface FormObject {
  [key: string]: FormValue;
}

const SEGMENT = /^\[([^[\]]*)\]/;

function splitKey(raw: string): string[] {
  const open = raw.indexOf('[');
  if (open <= 0) return [raw];
  const parts = [raw.slice(0, open)];
  let rest = raw.slice(open);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) throw invalidParam(raw, `Invalid parameter name: ${raw}`);
    parts.push(match[1] ?? '');
    rest = rest.slice(match[0].length);
  }
  return parts;
}

/** Objects without a prototype, so `__proto__[x]=1` is a plain key and pollutes nothing. */
function emptyObject(): FormObject {
  return Object.create(null) as FormObject;
}

function isIndex(segment: string): boolean {
  return segment === '' || /^(0|[1-9]\d{0,3})$/.test(segment);
}

/**
 * Decodes Stripe's form encoding (what `stripe-node` sends: `line_items[0][price_data][currency]=usd`,
 * `expand[]=x`) into nested objects and arrays. Numeric segments make arrays, which must be
 * dense (`[0]`, `[1]`, ...); a name used both as a value and as an object is refused.
 *
 * @example
 * ```ts
 * parseFormParams('metadata[order]=o_1&line_items[0][quantity]=2');
 * // { metadata: { order: 'o_1' }, line_items: [{ quantity: '2' }] }
 * ```
 */
export function parseFormParams(body: string): FormObject {
  const root = emptyObject();
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = splitKey(rawKey);
    let node: FormObject | FormValue[] = root;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i] as string;
      const last = i === path.length - 1;
      const nextIsIndex = !last && isIndex(path[i + 1] as string);
      if (Array.isArray(node)) {
        if (!isIndex(segment)) throw invalidParam(rawKey, `Invalid array index in ${rawKey}`);
        const index = segment === '' ? node.length : Number(segment);
        if (index > node.length) throw invalidParam(rawKey, `Invalid array: ${rawKey} skips an index`);
        if (last) {
          node[index] = value;
          break;
        }
        node[index] ??= nextIsIndex ? [] : emptyObject();
        const child: FormValue = node[index] as FormValue;
        if (typeof child === 'string') throw invalidParam(rawKey, `Invalid parameter: ${rawKey}`);
        node = child;
      } else {
        if (segment === '') throw invalidParam(rawKey, `Invalid parameter name: ${rawKey}`);
        if (last) {
          if (Object.hasOwn(node, segment) && typeof node[segment] !== 'string') {
            throw invalidParam(rawKey, `Invalid parameter: ${rawKey} is both a value and an object`);
          }
          node[segment] = value;
          break;
        }
        if (!Object.hasOwn(node, segment)) node[segment] = nextIsIndex ? [] : emptyObject();
        const child: FormValue = node[segment] as FormValue;
        if (typeof child === 'string')
          throw invalidParam(rawKey, `Invalid parameter: ${rawKey} is both a value and an object`);
        node = child;
      }
    }
  }
  return root;
}
