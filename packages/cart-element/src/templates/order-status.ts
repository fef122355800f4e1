import { html, type TemplateResult } from 'lit';
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
): TemplateResult {
  return html`
    <section class="order" part="order" data-status=${order.status} aria-busy=${order.status === 'PENDING'}>
      <p class=${order.status === 'FAILED' ? 'alert' : 'state'} part="order-status" role="status">
        ${orderStatusText(order, strings)}
      </p>
      <p class="state">${fill(strings.orderNumber, { id: order.orderId })} · ${formatMoney(order.subtotal, order.currency, locale)}</p>
      <button type="button" class="primary" @click=${onDone}>
        ${order.status === 'FAILED' ? strings.backToCart : strings.continueShopping}
      </button>
    </section>
  `;
}
