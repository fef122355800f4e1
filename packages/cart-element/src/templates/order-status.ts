import { html, nothing, type TemplateResult } from 'lit';
import { formatMoney } from '../format-money.js';
import type { Order } from '../sdk.js';
import { type CartStrings, fill } from '../strings.js';
import { orderStatusText } from './order-status-text.js';

/**
 * An order's live progress: `PENDING`, then `CONFIRMED` or `FAILED` with its reason.
 * The status text sits in a live region so the change is announced.
 */
export function orderStatusTemplate(
  order: Order,
  strings: Required<CartStrings>,
  locale: string | undefined,
  onDone: () => void,
  paymentCancelled = false,
): TemplateResult {
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  // Still payable (back from the cancel link, or opened later): paying is the one primary action.
  const payUrl = order.status === 'AWAITING_PAYMENT' ? order.payment?.url : undefined;
  return html`
    <section class="order" part="order" data-status=${order.status} aria-busy=${order.status === 'PENDING' || order.status === 'AWAITING_PAYMENT'}>
      <p class=${order.status === 'FAILED' || order.status === 'EXPIRED' ? 'alert' : 'state'} part="order-status" role="status">
        ${orderStatusText(order, strings)}
      </p>
      ${payUrl && paymentCancelled ? html`<p class="state" part="order-payment-cancelled">${strings.paymentCancelled}</p>` : nothing}
      ${
        order.number
          ? html`<h3 part="order-number">${fill(strings.orderTitle, { number: order.number })}</h3>`
          : html`<p class="state">${fill(strings.orderNumber, { id: order.orderId })} · ${money(order.subtotal)}</p>`
      }
      ${
        order.totals
          ? html`<ul class="lines" part="order-lines">
                ${order.items.map((line) => html`<li><bdi dir="auto">${line.name}</bdi> × ${line.quantity} · ${money(line.lineTotal)}</li>`)}
              </ul>
              <p part="order-totals">${strings.subtotal} ${money(order.totals.subtotal)} · ${strings.shipping} ${money(order.totals.shipping)} ·
                ${order.totals.taxIncluded ? fill(strings.taxIncluded, { amount: money(order.totals.tax) }) : `${strings.tax} ${money(order.totals.tax)}`} ·
                <strong>${strings.total} ${money(order.totals.total)}</strong></p>`
          : nothing
      }
      ${
        order.shippingAddress
          ? html`<p part="order-address">${strings.shipTo}: ${[order.shippingAddress.name, order.shippingAddress.line1, order.shippingAddress.line2, order.shippingAddress.city, order.shippingAddress.region, order.shippingAddress.postalCode, order.shippingAddress.country].filter(Boolean).join(', ')}</p>`
          : nothing
      }
      ${payUrl ? html`<p><a class="primary" part="order-pay" href=${payUrl}>${strings.payNow}</a></p>` : nothing}
      <button type="button" class=${payUrl ? 'link' : 'primary'} @click=${onDone}>
        ${order.status === 'FAILED' || order.status === 'EXPIRED' ? strings.backToCart : strings.continueShopping}
      </button>
    </section>
  `;
}
