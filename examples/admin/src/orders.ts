import type { AdminOrder } from '@cartkit/cart-sdk/admin';
import { h } from './dom.js';
import { money, parseMoney, when } from './format.js';
import type { Ctx } from './main.js';
import { busy, notices, table } from './ui.js';

const STATUSES = [
  'PENDING',
  'AWAITING_PAYMENT',
  'PAID',
  'CONFIRMED',
  'FULFILLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'FAILED',
  'EXPIRED',
] as const;
const FULFILLABLE = new Set(['PAID', 'CONFIRMED', 'FULFILLED']);
const REFUNDABLE = new Set(['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED']);

function actions(ctx: Ctx, order: AdminOrder, notice: ReturnType<typeof notices>, reload: () => Promise<void>) {
  const label = order.number ?? order.orderId;
  const parts: Node[] = [];
  if (FULFILLABLE.has(order.status)) {
    const tracking = h('input', {
      class: 'small',
      'aria-label': `Tracking number for ${label}`,
      placeholder: 'Tracking (optional)',
      value: order.fulfilment?.trackingNumber ?? '',
    });
    const button = h('button', { type: 'submit' }, order.status === 'FULFILLED' ? 'Update tracking' : 'Fulfil');
    button.setAttribute('aria-label', `${button.textContent} ${label}`);
    const form = h('form', { class: 'inline' }, tracking, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(button, notice, async () => {
        const trackingNumber = tracking.value.trim();
        const updated = await ctx.admin.orders.fulfil(order.orderId, trackingNumber ? { trackingNumber } : {});
        await reload();
        return `${label} is ${updated.status.toLowerCase()}`;
      });
    });
    parts.push(form);
  }
  if (REFUNDABLE.has(order.status)) {
    const left = (order.totals?.total ?? order.subtotal) - (order.refundedTotal ?? 0);
    const amount = h('input', {
      class: 'small',
      inputmode: 'decimal',
      'aria-label': `Refund amount for ${label}`,
      placeholder: `All (${money(left, order.currency)})`,
    });
    const button = h('button', { type: 'submit', 'aria-label': `Refund ${label}` }, 'Refund');
    const form = h('form', { class: 'inline' }, amount, button);
    const key = crypto.randomUUID();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(button, notice, async () => {
        const value = parseMoney(amount.value, 'Refund amount');
        if (!confirm(`Refund ${money(value ?? left, order.currency)} of ${label}?`)) return undefined;
        const updated = await ctx.admin.orders.refund(order.orderId, value === undefined ? {} : { amount: value }, {
          idempotencyKey: `${key}-${value ?? 'all'}`,
        });
        await reload();
        return `${label}: ${updated.status.toLowerCase().replace('_', ' ')}`;
      });
    });
    parts.push(form);
  }
  return parts.length ? h('div', { class: 'actions' }, parts) : h('span', { class: 'muted' }, '—');
}

export async function render(container: HTMLElement, ctx: Ctx): Promise<void> {
  const notice = notices();
  const list = h('div', {});
  const status = h(
    'select',
    { 'aria-label': 'Show orders' },
    h('option', { value: '' }, 'All orders'),
    STATUSES.map((s) => h('option', { value: s }, s)),
  );
  const more = h('button', { type: 'button', hidden: true }, 'More orders');
  let orders: AdminOrder[] = [];
  let cursor: string | undefined;
  const draw = () => {
    list.replaceChildren(
      table(
        'Orders',
        ['Order', 'Placed', 'Customer', 'Items', 'Total', 'Status', 'Actions'],
        orders.map((o) => [
          h('span', { class: 'mono' }, o.number ?? o.orderId),
          when(o.createdAt),
          o.email ?? (o.ownerKind === 'user' ? 'account' : 'guest'),
          h(
            'ul',
            { class: 'plain' },
            o.items.map((line) => h('li', {}, `${line.quantity} × ${line.name}`)),
          ),
          h(
            'span',
            {},
            money(o.totals?.total ?? o.subtotal, o.currency),
            o.discountCode
              ? h('span', { class: 'muted' }, ` (${o.discountCode} −${money(o.totals?.discount ?? 0, o.currency)})`)
              : null,
            o.refundedTotal ? h('span', { class: 'muted' }, ` · refunded ${money(o.refundedTotal, o.currency)}`) : null,
          ),
          h(
            'span',
            {},
            h('span', { class: `badge ${o.status.toLowerCase()}` }, o.status),
            o.fulfilment?.trackingNumber ? h('span', { class: 'muted' }, ` ${o.fulfilment.trackingNumber}`) : null,
          ),
          actions(ctx, o, notice, reload),
        ]),
        'No orders yet.',
      ),
    );
    more.hidden = !cursor;
  };
  const load = async (next?: string) => {
    const page = await ctx.admin.orders.list({
      limit: 20,
      ...(status.value ? { status: status.value as AdminOrder['status'] } : {}),
      ...(next ? { cursor: next } : {}),
    });
    orders = next ? [...orders, ...page.items] : page.items;
    cursor = page.nextCursor;
    draw();
  };
  async function reload() {
    await load();
  }
  status.addEventListener('change', () => void reload().catch(notice.fail));
  more.addEventListener(
    'click',
    () =>
      void busy(more, notice, async () => {
        await load(cursor);
        return undefined;
      }),
  );
  const refresh = h('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener(
    'click',
    () =>
      void busy(refresh, notice, async () => {
        await reload();
        return 'Orders refreshed';
      }),
  );
  await reload();
  container.querySelector('.loading')?.remove();
  container.append(...notice.elements, h('div', { class: 'toolbar' }, status, refresh), list, more);
}
