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

/** The line asks for more than the stock the cart was priced with. */
export function overStock(line: SnapshotLine): boolean {
  return line.stock !== undefined && line.quantity > line.stock;
}

/** What a line beyond stock says, by product name. */
export function stockText(line: SnapshotLine, strings: Required<CartStrings>): string {
  const name = line.name || line.sku;
  return line.stock ? fill(strings.stockLimit, { stock: line.stock, name }) : fill(strings.errorOutOfStock, { name });
}

/** A variant's options as one line of text, in the catalog's order: "size: M, colour: red". */
export function optionsText(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
}

/**
 * One cart line: image, name, unit price, a quantity stepper, remove, line total.
 * Names and images come from the catalog but are still only ever bound as text
 * and attributes, never as markup. The stepper's ends use `aria-disabled`
 * rather than `disabled` so keyboard focus stays on the button at 1 and at
 * the line's maximum (99, or the product's `stock` when the cart carries it).
 * A line beyond stock is flagged by product name (`line-stock`).
 */
export function cartLineTemplate(line: SnapshotLine, ctx: CartLineContext): TemplateResult {
  const { strings, locale, currency } = ctx;
  const name = line.name || line.sku;
  const atMin = line.quantity <= LIMITS.minQuantity;
  // The stepper stops at the stock the server priced the cart with (issue 14), and at 99.
  const max = Math.min(LIMITS.maxQuantity, line.stock ?? LIMITS.maxQuantity);
  const atMax = line.quantity >= max;
  const over = overStock(line);
  // An optimistic line added without product data has 0 placeholders until the server replies.
  const price = (minor: number) => (line.priceKnown === false ? '—' : formatMoney(minor, currency, locale));
  return html`
    <li class="line" part="line" data-sku=${line.sku} ?data-pending=${ctx.pending} ?data-over-stock=${over}>
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
      ${
        // The catalog's price moved since the line was added (issue 16): say so beside the new one.
        line.addedUnitPrice !== undefined && line.priceKnown !== false
          ? html`<span class="unit" part="line-price-changed" style="grid-column: 2 / span 2"
              >${fill(strings.priceChangedFrom, { price: price(line.addedUnitPrice) })}</span
            >`
          : nothing
      }
      ${
        // A variant's chosen options (issue 16), e.g. "size: M, colour: red": catalog text, bound as text.
        line.options && Object.keys(line.options).length > 0
          ? html`<span class="unit" part="line-options" style="grid-column: 2 / span 2">${optionsText(line.options)}</span>`
          : nothing
      }
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
      ${
        over
          ? html`<p class="alert" part="line-stock" id=${`stock-${line.sku}`} style="grid-column: 1 / -1; margin: 0">
              ${stockText(line, strings)}
            </p>`
          : nothing
      }
    </li>
  `;
}
