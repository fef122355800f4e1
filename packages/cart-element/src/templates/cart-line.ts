import { LIMITS } from '@cartkit/contract';
import { html, nothing, type TemplateResult } from 'lit';
import { formatMoney } from '../format-money.js';
import type { SnapshotLine } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';

/** What a line needs from the cart around it. */
export interface CartLineContext {
  readonly strings: Required<CartStrings>;
  readonly locale: string | undefined;
  readonly currency: string;
  readonly pending: boolean;
  setQuantity(line: SnapshotLine, quantity: number): void;
  remove(line: SnapshotLine): void;
}

/**
 * One cart line: image, name, unit price, a quantity stepper, remove, line total.
 * Names and images come from the catalog but are still only ever bound as text
 * and attributes, never as markup. The stepper's ends use `aria-disabled`
 * rather than `disabled` so keyboard focus stays on the button at 1 and 99.
 */
export function cartLineTemplate(line: SnapshotLine, ctx: CartLineContext): TemplateResult {
  const { strings, locale, currency } = ctx;
  const name = line.name || line.sku;
  const atMin = line.quantity <= LIMITS.minQuantity;
  const atMax = line.quantity >= LIMITS.maxQuantity;
  // An optimistic line added without product data has 0 placeholders until the server replies.
  const price = (minor: number) => (line.priceKnown === false ? '—' : formatMoney(minor, currency, locale));
  return html`
    <li class="line" part="line" data-sku=${line.sku} ?data-pending=${ctx.pending}>
      ${
        line.image
          ? html`<img part="line-image" src=${line.image} alt="" width="64" height="64" loading="lazy" />`
          : html`<span class="no-image" part="line-image"></span>`
      }
      <bdi class="name" part="line-name" dir="auto">${name}</bdi>
      <span class="total" part="line-total">${price(line.lineTotal)}</span>
      <span class="unit" part="line-price"
        >${fill(strings.unitPrice, { price: price(line.unitPrice) })}</span
      >
      <div class="controls">
        <div class="stepper" part="stepper" role="group" aria-label=${fill(strings.quantity, { name })}>
          <button
            type="button"
            part="decrement"
            class="decrement"
            aria-label=${fill(strings.decrease, { name })}
            aria-disabled=${atMin ? 'true' : nothing}
            @click=${() => atMin || ctx.setQuantity(line, line.quantity - 1)}
          >
            −
          </button>
          <span class="quantity" part="quantity">${line.quantity}</span>
          <button
            type="button"
            part="increment"
            class="increment"
            aria-label=${fill(strings.increase, { name })}
            aria-disabled=${atMax ? 'true' : nothing}
            @click=${() => atMax || ctx.setQuantity(line, line.quantity + 1)}
          >
            +
          </button>
        </div>
        <button type="button" part="remove" class="remove" aria-label=${fill(strings.remove, { name })} @click=${() => ctx.remove(line)}>
          ${strings.removeButton}
        </button>
      </div>
    </li>
  `;
}
